"""Two organisers save stale register forms at the same moment: no mark is lost.

    python scripts/probes/stale_saves.py --base-url http://127.0.0.1:8000 \\
        --user organiser --password ... [--session-id 12]

Opens one register (the given session's, or the first listed under
Registers) in two browsers, marks the first half of the room in one and the
second half in the other, saves both at once, and checks every mark landed.
Then both change the same row: one save must land and the other be shown a
conflict (409) with both marks. Exits non-zero on any lost mark. It writes
marks: run it against a test server.
"""

import re
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import arguments, browser, fail, form_fields, report  # noqa: E402

STATUSES = ["present", "late", "apologies", "absent"]


def register_url(client, session_id: str) -> str:
    if session_id:
        return f"/admin/branches/organise/sessions/{session_id}/register/"
    index = client.get("/admin/branches/organise/registers/")
    found = re.findall(
        r'href="(/admin/branches/organise/sessions/\d+/register/)"', index.text
    )
    if index.status != 200 or not found:
        fail("no register to open: sign in as an organiser of a branch with sessions")
    return found[0]


def shown(html: str) -> tuple[list[str], dict[str, list[str]]]:
    fields = form_fields(html, "sc-register__form").fields
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data.get("member", []), data


def next_mark(current: str, step: int) -> str:
    index = STATUSES.index(current) if current in STATUSES else -1
    return STATUSES[(index + step) % 2]  # present <-> late: allowed on the day


def together(posts):
    replies = [None] * len(posts)

    def send(i, client, url, data):
        replies[i] = client.post(url, data)

    threads = [threading.Thread(target=send, args=(i, *p)) for i, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


def main() -> None:
    args = arguments(
        __doc__.splitlines()[0],
        extra=[("--session-id", "the session whose register to use")],
    )
    first, second = browser(args), browser(args)
    url = register_url(first, args.session_id)
    page_one, page_two = first.get(url), second.get(url)
    if page_one.status != 200:
        fail(f"the register answered {page_one.status}")
    members, one = shown(page_one.text)
    _members, two = shown(page_two.text)
    if len(members) < 4:
        fail("the register needs at least 4 members for this probe")
    half = len(members) // 2
    wanted = {}
    for n, member in enumerate(members):
        current = one.get(f"status-{member}", [""])[0]
        wanted[member] = next_mark(current, 1)
        target = one if n < half else two
        target[f"status-{member}"] = [wanted[member]]
    replies = together([(first, url, one), (second, url, two)])
    if [r.status for r in replies] != [302, 302]:
        fail(f"the two saves answered {[r.status for r in replies]}, not [302, 302]")
    _members, now = shown(first.get(url).text)
    lost = [m for m in members if now.get(f"status-{m}", [""])[0] != wanted[m]]
    if lost:
        fail(f"{len(lost)} of {len(members)} marks lost: members {lost}")
    report(f"OK: {len(members)} marks saved from two stale forms, 0 lost")

    # The same row changed on both forms: one lands, the other is a conflict.
    _members, one = shown(first.get(url).text)
    _members, two = shown(second.get(url).text)
    row = members[0]
    current = one[f"status-{row}"][0]
    one[f"status-{row}"] = [next_mark(current, 1)]
    two[f"status-{row}"] = ["apologies"]
    replies = together([(first, url, one), (second, url, two)])
    codes = sorted(r.status for r in replies)
    if codes != [302, 409]:
        fail(f"the same row saved twice answered {codes}, not [302, 409]")
    conflict = next(r for r in replies if r.status == 409).text
    if f'id="conflict-{row}"' not in conflict:
        fail("the conflict page does not show the row that conflicts")
    report("OK: the same row changed on two forms gave one conflict, not an overwrite")


if __name__ == "__main__":
    main()
