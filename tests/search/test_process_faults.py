"""Faults that kill processes, injected for real in child processes.

- A segment file truncated under a process that has the index open: the
  process must survive (Whoosh's memory-mapped reads died of SIGBUS) and
  report the outage; ``update_index`` makes search work again.
- A process killed (SIGKILL) in the middle of indexing a book: the index
  stays readable, the health check lists the sections it lacks, and
  ``update_index --repair`` indexes them, so every section is found.
"""

import pickle
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from core.wagtail_hooks import search_index_gap_details
from library.models import TextSection
from tests.factories.library import TextPageFactory, sections
from whoosh_modelsearch.documents import DocumentBuilder, document_id
from whoosh_modelsearch.store import IndexStore

REPO = Path(__file__).resolve().parents[2]
WORDS = "rent strike tenants union wages bread roses branch meeting".split()


def child(script: str, *args: str) -> subprocess.Popen:
    """A Python process running ``script`` (no Django: the engine's store only)."""
    return subprocess.Popen(  # noqa: S603 - our own script, our own interpreter
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


SEARCH_AFTER_TRUNCATION = """
    import sys
    from whoosh import query
    from whoosh_modelsearch.store import IndexStore, SearchIndexError

    store = IndexStore(sys.argv[1])

    def read_everything(searcher):
        docs = [fields for fields in searcher.all_stored_fields()]
        for word in ("rent", "strike", "union", "roses"):
            docs.extend(searcher.search(query.Term("t_body", word), limit=None))
        return len(docs)

    print("opened", store.read(read_everything), flush=True)
    sys.stdin.readline()  # the parent truncates a segment meanwhile
    try:
        print("read", store.read(read_everything), flush=True)
    except SearchIndexError as error:
        print("unavailable", type(error.__cause__).__name__, flush=True)
"""


def _documents(count: int) -> list[dict]:
    return [
        {
            "id": f"doc:{n}",
            "pk": str(n).encode(),
            "ct": ["tests.doc"],
            "t_body": " ".join(WORDS[(n + k) % len(WORDS)] for k in range(400)),
        }
        for n in range(count)
    ]


def test_a_truncated_segment_never_kills_the_process_that_reads_it(tmp_path):
    store = IndexStore(tmp_path / "index")
    store.reset()
    store.write(documents=_documents(400))
    proc = child(SEARCH_AFTER_TRUNCATION, str(store.root))
    assert proc.stdout.readline().startswith("opened 1")

    folder = store.root / store.current_generation()
    segment = max(folder.glob("*.seg"), key=lambda path: path.stat().st_size)
    assert segment.stat().st_size > 100_000  # many pages, most of them cut off
    with open(segment, "r+b") as handle:
        handle.truncate(segment.stat().st_size // 4)
    out, err = proc.communicate("go\n", timeout=120)

    assert proc.returncode != -signal.SIGBUS, "the reader died of SIGBUS"
    assert proc.returncode == 0, err
    assert out.startswith("unavailable"), out + err


INDEX_A_BOOK_SLOWLY = """
    import pickle
    import sys
    import time
    from whoosh_modelsearch.store import IndexStore

    store = IndexStore(sys.argv[1])
    with open(sys.argv[2], "rb") as handle:
        documents = pickle.load(handle)
    for start in range(0, len(documents), 5):
        store.write(documents=documents[start : start + 5])
        print("committed", start + 5, flush=True)
        time.sleep(0.3)
"""


@pytest.fixture
def book(library):
    return TextPageFactory(
        parent=library,
        title="A long book",
        sections=sections(
            *[(f"Chapter {n}", f"<p>About chapterword{n}.</p>") for n in range(1, 41)]
        ),
    )


def found(word: str) -> list[str]:
    return [s.title for s in TextSection.objects.search(word)]


def test_a_process_killed_mid_book_is_repaired_section_by_section(book, tmp_path):
    backend = get_search_backend()
    chapters = list(TextSection.objects.filter(page=book).order_by("pk"))
    builder = DocumentBuilder(TextSection)
    documents = [builder.build(section) for section in chapters]
    # The book's sections are being indexed again (say, after an import) ...
    backend.store.write(
        delete_ids=[document_id(TextSection, section.pk) for section in chapters]
    )
    assert found("chapterword1") == []
    spool = tmp_path / "book.pickle"
    spool.write_bytes(pickle.dumps(documents))

    # ... by a process killed after two of its eight commits.
    proc = child(INDEX_A_BOOK_SLOWLY, str(settings.SEARCH_INDEX_DIR), str(spool))
    assert proc.stdout.readline().strip() == "committed 5"
    assert proc.stdout.readline().strip() == "committed 10"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert found("chapterword3") == ["Chapter 3"]  # the index is readable
    indexed = sum(bool(found(f"chapterword{n}")) for n in range(1, 41))
    assert 10 <= indexed < 40
    ok, message = backend.index_health()
    assert not ok
    assert f"{40 - indexed} of 40 library.textsection" in message
    assert "update_index --repair" in message
    assert search_index_gap_details() == [
        f"Sections missing from search: A long book ({40 - indexed})"
    ]

    call_command("update_index", repair=True, verbosity=0)

    for n in range(1, 41):
        assert found(f"chapterword{n}") == [f"Chapter {n}"]
    assert backend.index_health()[0]
