"""What ``two_hosts.py`` checks once the site runs: the health URL, the proxy,
a publish seen on both hosts, a killed task worker and a killed web host."""

import http.client
import json
import signal
import ssl
import threading
import time
from pathlib import Path

from hosts import HOSTNAME

SHELL_URLS = """
import json
from courses.models import ModulePage
from library.models import TextPage
modules = [p.url for p in ModulePage.objects.live()[:4]]
text = TextPage.objects.live().first()
print(json.dumps({"modules": modules, "chapters": [text.url] + [
    text.url + s.anchor + "/" for s in text.sections.all()[:3]]}))
"""

SHELL_PUBLISH = """
from courses.models import ModulePage
page = ModulePage.objects.live().first().specific
page.title = page.title + " (RECIPE-EDIT)"
page.save_revision().publish()
print(page.url)
"""

SHELL_QUEUE_PACKS = """
from courses.models import ModulePage
from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_request
PackFile.objects.all().delete()
n = 0
for page in ModulePage.objects.live():
    for options in (PackOptions(), PackOptions(size="large")):
        pack_request(source=page, options=options)
        n += 1
print(n)
"""

SHELL_PACKS = """
import json
from packs.models import PackFile
print(json.dumps({s: PackFile.objects.filter(status=s).count()
    for s in ["pending", "running", "ready", "failed"]}))
"""


def request(site, path, *, via="https", headers=None, timeout=60):
    """``(status, body, headers)`` through the proxy or from one host."""
    headers = {"Host": HOSTNAME, **(headers or {})}
    if via == "https":
        context = ssl._create_unverified_context()  # noqa: S323 - our own test cert
        conn = http.client.HTTPSConnection(
            "127.0.0.1", site.ports["https"], timeout=timeout, context=context
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", site.ports[via], timeout=timeout)
        if via in ("host-a", "host-b"):
            headers.setdefault("X-Forwarded-Proto", "https")  # as nginx sends it
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    print(f"   timed out waiting for {what}")
    return False


def shell(site, code, host="host-a"):
    out = site.manage(host, ["shell", "-c", code], capture=True)
    return out.strip().splitlines()[-1]


def check_health(site, failures):
    print("6. health: each host on plain HTTP, and through the proxy", flush=True)
    for host in ("host-a", "host-b"):
        ok = wait_for(
            lambda h=host: request(site, "/health/?format=json", via=h)[0] == 200,
            180,
            f"{host} /health/",
        )
        print(f"   {host} /health/: {'200' if ok else 'not 200'}")
        if not ok:
            failures.append(f"{host} /health/ never answered 200")
    wait_for(lambda: request(site, "/health/")[0] == 200, 30, "nginx")
    status, body, _ = request(site, "/health/?format=json")
    print(f"   https proxy /health/: {status} {body[:200].decode(errors='replace')}")
    if status != 200:
        failures.append(f"/health/ through the proxy answered {status}")
    status, _, headers = request(site, "/courses/", via="http")
    print(f"   plain http through the proxy: {status} -> {headers.get('Location')}")
    if status != 301:
        failures.append(f"plain HTTP through the proxy answered {status}, not 301")


def check_publish_on_both_hosts(site, urls, failures):
    print("Publish on host A, read on host B (shared cache and index)", flush=True)
    module = urls["modules"][0]
    for host in ("host-a", "host-b", "host-b"):
        request(site, module, via=host)
    status, _, headers = request(site, module, via="host-b")
    print(
        f"   before: host-b {module} {status}, page cache {headers.get('X-Page-Cache')}"
    )
    url = shell(site, SHELL_PUBLISH)
    for host in ("host-a", "host-b"):
        status, body, headers = request(site, url, via=host)
        seen = b"RECIPE-EDIT" in body
        print(
            f"   after: {host} {status}, edit shown: {seen}, cache {headers.get('X-Page-Cache')}"
        )
        if not seen:
            failures.append(f"{host} served the page as it was before the publish")
    for host in ("host-a", "host-b"):
        found = wait_for(
            lambda h=host: (
                b"RECIPE-EDIT" in request(site, "/search/?q=RECIPE-EDIT", via=h)[1]
            ),
            120,
            f"search on {host}",
        )
        print(f"   search on {host} finds the edit: {found}")
        if not found:
            failures.append(f"search on {host} never found the published edit")


def rendering_worker(site) -> str | None:
    """The task worker that is making a pack now (its render child is alive)."""
    for name in ("worker@1", "worker@2"):
        pid = site.processes[name].process.pid
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                if (task / "children").read_text().split():
                    return name
            except OSError:
                continue
    return None


def check_worker_killed(site, failures):
    print("Kill a task worker (SIGKILL) while it renders a pack", flush=True)
    queued = int(shell(site, SHELL_QUEUE_PACKS))
    found = []
    wait_for(lambda: found.append(rendering_worker(site)) or found[-1], 180, "a render")
    name = found[-1] or "worker@1"
    worker = site.processes[name]
    worker.process.send_signal(signal.SIGKILL)
    mid = "mid-render" if found[-1] else "NOT seen rendering"
    print(f"   {queued} packs queued; {name} (pid {worker.process.pid}) killed {mid}")
    if not found[-1]:
        failures.append(
            "no worker was seen rendering a pack, so none was killed mid-task"
        )

    def settled():
        counts = json.loads(shell(site, SHELL_PACKS))
        return counts["ready"] + counts["failed"] == queued

    wait_for(settled, 420, "every pack")
    counts = json.loads(shell(site, SHELL_PACKS))
    print(f"   packs: {counts}; {name} restarts: {worker.restarts}")
    if counts["ready"] != queued:
        failures.append(f"after the worker kill, packs were {counts} of {queued}")


def check_web_killed(site, urls, failures):
    print(
        "Kill host A's gunicorn (SIGKILL) under requests through the proxy", flush=True
    )
    paths = urls["modules"] + urls["chapters"] + ["/search/?q=branch"]
    results, stop = [], threading.Event()

    def load():
        n = 0
        while not stop.is_set():
            try:
                results.append(request(site, paths[n % len(paths)], timeout=30)[0])
            except OSError as error:
                results.append(type(error).__name__)
            n += 1

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    web = site.processes["web-host-a"]
    web.process.send_signal(signal.SIGKILL)
    time.sleep(12)
    stop.set()
    for thread in threads:
        thread.join()
    bad = [r for r in results if r != 200]
    print(
        f"   {len(results)} requests, {len(bad)} not 200 {bad[:5]}; restarts {web.restarts}"
    )
    if bad:
        failures.append(f"{len(bad)} requests failed while a web host was killed")
    back = wait_for(
        lambda: request(site, "/health/", via="host-a")[0] == 200, 120, "host-a back"
    )
    print(f"   host-a restarted and healthy again: {back}")
    if not back:
        failures.append("host-a did not come back after its restart")


def run_all(site) -> list[str]:
    failures: list[str] = []
    check_health(site, failures)
    if failures:
        return failures
    urls = json.loads(shell(site, SHELL_URLS))
    check_publish_on_both_hosts(site, urls, failures)
    check_worker_killed(site, failures)
    check_web_killed(site, urls, failures)
    return failures
