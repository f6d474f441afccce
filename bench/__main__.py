"""Run the benchmarks, each in its own process: ``python -m bench [name ...]``."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["modules", "search", "branches", "packs", "scans"]


def available() -> list[str]:
    found = {p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_")}
    return [name for name in ORDER if name in found] + sorted(found - set(ORDER))


def main(argv: list[str]) -> int:
    names = argv or available()
    failed = []
    for name in names:
        print(f"\n=== bench.{name}", flush=True)
        if name not in available():
            print(f"No benchmark called {name!r}; there are: {', '.join(available())}")
            failed.append(name)
            continue
        code = subprocess.call(  # noqa: S603 - our own interpreter and module names
            [sys.executable, "-c", f"import bench.{name} as b; b.main()"],
            cwd=HERE.parent,
        )
        if code:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
