"""Where the nine Gutenberg books are: test data from outside the repo.

``GUTENBERG_CORPUS`` (or ``BENCH_CORPUS``, as the benchmarks name it) wins;
otherwise ``shared/corpus/gutenberg`` beside the checkout, or beside the folder
holding it (a worktree one level deeper). Tests that need the books skip with
this path in their reason when it is not there.
"""

import os
from pathlib import Path

from django.conf import settings


def _corpus() -> Path:
    named = os.environ.get("GUTENBERG_CORPUS") or os.environ.get("BENCH_CORPUS")
    if named:
        return Path(named)
    base = Path(settings.BASE_DIR).resolve()
    candidates = [
        folder / "shared" / "corpus" / "gutenberg" for folder in base.parents[:3]
    ]
    return next((path for path in candidates if path.is_dir()), candidates[0])


CORPUS = _corpus()
