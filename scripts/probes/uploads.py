"""Upload bombs through the admin's Import texts: each refused quickly, in one line.

    python scripts/probes/uploads.py --base-url http://127.0.0.1:8000 \\
        --user admin --password ...

Uploads a YAML sidecar of nested aliases (326 bytes, 9**9 values), an EPUB of
a few hundred KB that unpacks to 90 MB of HTML, and an HTML file of 5,000
sections; follows the import's status page until it finishes; checks each
file was refused with its reason, within the time allowed, and that the site
answered other requests meanwhile. Exits non-zero on any failure. Imports
nothing (every file is refused).
"""

import io
import json
import re
import sys
import threading
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import arguments, browser, fail, report  # noqa: E402

LIMIT_SECONDS = 60

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(8)
    ]
    + ["title: *i"]
).encode()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as epub:
        epub.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        epub.writestr(
            "META-INF/container.xml",
            '<container><rootfiles><rootfile full-path="content.opf"/></rootfiles>'
            "</container>",
        )
        epub.writestr(
            "content.opf",
            '<package unique-identifier="id"><metadata><dc:identifier id="id">probe'
            "</dc:identifier><dc:title>Bomb</dc:title></metadata><manifest>"
            '<item id="c" href="c.html" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="c"/></spine></package>',
        )
        epub.writestr("c.html", "<p>" + "A" * (90 * 1024 * 1024) + "</p>")
    return buffer.getvalue()


SECTIONS = "".join(f"<h2>Part {n}</h2><p>Text.</p>" for n in range(5000)).encode()

EXPECTED = {
    "probe-alias-bomb.txt": "expands to more than",
    "probe-zip-bomb.epub": "unpacks to more than",
    "probe-sections.html": "sections",
}


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    client = browser(args)
    page = client.get("/admin/library/import/")
    if page.status != 200:
        fail(f"the Import texts page answered {page.status}: sign in as an editor")
    select = re.search(r'<select name="library"[^>]*>(.*?)</select>', page.text, re.S)
    libraries = re.findall(r'<option value="(\d+)"', select.group(1)) if select else []
    if not libraries:
        fail("no library to import into")
    files = [
        ("files", ("probe-alias-bomb.txt", b"Some text for the probe. " * 20)),
        ("files", ("probe-alias-bomb.yaml", ALIAS_BOMB)),
        ("files", ("probe-zip-bomb.epub", zip_bomb())),
        ("files", ("probe-sections.html", SECTIONS)),
    ]
    other = browser(args)
    slowest = [0.0]
    stop = threading.Event()

    def watch_site():
        while not stop.is_set():
            started = time.monotonic()
            reply = other.get("/")
            slowest[0] = max(slowest[0], time.monotonic() - started)
            if reply.status >= 500:
                slowest[0] = float("inf")
            time.sleep(0.2)

    watcher = threading.Thread(target=watch_site, daemon=True)
    watcher.start()
    started = time.monotonic()
    reply = client.post(
        "/admin/library/import/", {"library": libraries[0]}, files=files, timeout=120
    )
    if reply.status != 302:
        fail(f"the upload answered {reply.status}, not a redirect to its status page")
    status_url = reply.headers["Location"]
    while True:
        status = client.get(status_url, {"format": "json"})
        if status.status != 200:
            fail(f"the status page answered {status.status}")
        job = json.loads(status.body)
        if job["finished"]:
            break
        if time.monotonic() - started > LIMIT_SECONDS:
            fail(f"the import was not finished after {LIMIT_SECONDS} s")
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    stop.set()
    watcher.join()
    problems = []
    for name, reason in EXPECTED.items():
        line = next((x for x in job["lines"] if x.startswith(f"Failed: {name}:")), "")
        if reason not in line:
            problems.append(f"{name} was not refused ({line or 'no line'})")
        else:
            report(line)
    if any(line.startswith(("Imported", "Updated")) for line in job["lines"]):
        problems.append("something was imported")
    if slowest[0] > 10:
        problems.append(f"the site took {slowest[0]:.1f} s to answer meanwhile")
    if problems:
        fail("; ".join(problems))
    report(
        f"OK: 3 bombs refused in {elapsed:.1f} s; the site answered within "
        f"{slowest[0]:.1f} s meanwhile"
    )


if __name__ == "__main__":
    main()
