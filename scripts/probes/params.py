"""Hostile query parameters on the public pages: never a server error.

    python scripts/probes/params.py --base-url http://127.0.0.1:8000

Finds the public pages from the home page's links (and the library, search,
branches and calendar feeds), then sends each the review's hostile values
(NUL bytes, huge and unicode strings, numbers int() refuses, negative and
huge numbers, repeated parameters) in the parameters the site reads. Exits
non-zero if any answer is a 5xx.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import arguments, browser, fail, links, report  # noqa: E402

PARAMETERS = [
    "q",
    "page",
    "tag",
    "author",
    "decade",
    "length",
    "level",
    "sort",
    "operator",
    "scope",
    "edition",
    "size",
    "booklet",
    "next",
    "since",
    "format",
]
VALUES = [
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "1" * 5000,
    "²",
    "٣",
    "1e309",
    "NaN",
    "[]",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 20_000,
    "𝕏" * 500,
    "\u202e\ufeff",
    "2026-02-30",
]
FIXED = ["/", "/search/", "/search/autocomplete/", "/branches/"]


def pages(client) -> list[str]:
    found = list(FIXED)
    home = client.get("/")
    for path in links(home.text):
        if path.startswith(("/admin", "/accounts", "/static", "/media", "/documents")):
            continue
        if path not in found and len(found) < 25:
            found.append(path.split("?")[0])
    branches = client.get("/branches/")
    for path in links(branches.text):
        if re.match(r"^/branches/[\w-]+/(calendar\.ics)?$", path) and path not in found:
            found.append(path)
            if len(found) >= 30:
                break
    return found


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    client = browser(args)
    errors, sent = [], 0
    targets = pages(client)
    for path in targets:
        for n, value in enumerate(VALUES):
            names = [PARAMETERS[(n + k) % len(PARAMETERS)] for k in range(4)]
            params = dict.fromkeys(names, value)
            params[names[0]] = [value, "1"]  # a list where one value is read
            reply = client.get(path, params, timeout=60)
            sent += 1
            if reply.status >= 500:
                errors.append(f"{reply.status} GET {path} {names} = {value[:30]!r}")
    if errors:
        fail(
            f"{len(errors)} server errors of {sent} requests:\n"
            + "\n".join(errors[:20])
        )
    report(f"OK: {sent} hostile requests to {len(targets)} pages, 0 server errors")


if __name__ == "__main__":
    main()
