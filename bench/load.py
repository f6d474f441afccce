"""Load test of the documented production setup, on loopback only (wrk).

Starts what the README's Production section starts, on this machine:
production settings, PostgreSQL (``BENCH_DATABASE_URL``; a scratch SQLite
file otherwise), the Redis cache (database 7, its own key prefix) when Redis
answers, gunicorn with 2 workers and one task worker; loads the demo, then
runs a realistic mix for ``BENCH_LOAD_SECONDS`` (20) per run with wrk:
anonymous module and chapter pages, searches, and an organiser's register
page and register saves (logged in). Printed per run: requests/s, p50, p99
and errors. The second run SIGKILLs the task worker a third of the way in and
starts a new one halfway (packs are queued before it, so there is work to
lose). A third pair of runs is anonymous pages only, against the same site
with the page cache (``PAGE_CACHE``, on with Redis) and against a second
gunicorn with it off, and prints the ratio. Bounded: 2 wrk threads, 8
connections, 127.0.0.1 only.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_bench python -m bench load
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench._common import BASE_DIR, machine

PORT = int(os.environ.get("BENCH_LOAD_PORT", "8745"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")

PREPARE = r"""
import json, secrets
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.urls import reverse
from courses.models import ModulePage
from library.models import TextPage
from branches.models import Session
from packs.options import PackOptions
from packs.services import pack_request

modules = [p.url for p in ModulePage.objects.live()[:6]]
chapters = []
for text in TextPage.objects.live()[:3]:
    chapters += [text.url] + [text.url + s.anchor + "/" for s in text.sections.all()[:3]]
from django.utils import timezone
session = Session.objects.filter(date__lte=timezone.localdate()).order_by("-date").first()
organiser = session.branch.roles.first().user
store = SessionStore()
store[SESSION_KEY] = str(organiser.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = organiser.get_session_auth_hash()
store.create()
members = list(session.branch.members.filter(erased_at__isnull=True).values_list("pk", flat=True)[:20])
for page in ModulePage.objects.live()[:6]:
    for options in (PackOptions(), PackOptions(size="large")):
        pack_request(source=page, options=options)
print(json.dumps({
    "modules": modules, "chapters": chapters or modules,
    "register": reverse("branches_organise:register", args=[session.pk]),
    "session": store.session_key, "csrf": secrets.token_hex(16), "members": members,
}))
"""

LUA = """
local list = %s
local requests = {}
init = function(args)
  for i, r in ipairs(list) do
    requests[i] = wrk.format(r.method, r.path, r.headers, r.body)
  end
end
local n = 0
request = function()
  n = n + 1
  return requests[(n %% #requests) + 1]
end
"""


def manage(env, *args, capture=False):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


def site_env(tmp: Path) -> dict:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'load.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-load-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(tmp / "media"),
        "VAR_DIR": str(tmp / "var"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "EMAIL_HOST": "127.0.0.1",  # required by production; no mail is sent
        "SEARCH_INDEX_DIR": str(tmp / "index"),
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
        "TASKS_LEASE_SECONDS": "8",
    }
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        env |= {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "sc_h7_bench"}
    except Exception as error:  # noqa: BLE001 - the bench says what it ran on
        print(f"No Redis at {REDIS_URL} ({error}): local-memory cache")
    return env


def mix(data: dict) -> list[dict]:
    cookie = f"sessionid={data['session']}; csrftoken={data['csrf']}"
    body = "&".join(
        [f"csrfmiddlewaretoken={data['csrf']}"]
        + [f"member={m}&status-{m}=present" for m in data["members"]]
    )
    anonymous = [
        {"method": "GET", "path": p} for p in data["modules"] + data["chapters"]
    ]
    searches = [
        {"method": "GET", "path": f"/search/?q={q}"}
        for q in ("branch", "meeting", "union", "capital", "vote")
    ]
    logged_in = {"Cookie": cookie}
    register = [
        {"method": "GET", "path": data["register"], "headers": logged_in},
        {
            "method": "POST",
            "path": data["register"],
            "headers": logged_in
            | {"Content-Type": "application/x-www-form-urlencoded"},
            "body": body,
        },
    ]
    return anonymous * 3 + searches * 2 + register


def lua_table(requests: list[dict]) -> str:
    def item(r):
        headers = ", ".join(
            f"[{json.dumps(k)}] = {json.dumps(v)}"
            for k, v in r.get("headers", {}).items()
        )
        body = json.dumps(r["body"]) if r.get("body") else "nil"
        return (
            f"{{method = {json.dumps(r['method'])}, path = {json.dumps(r['path'])}, "
            f"headers = {{{headers}}}, body = {body}}}"
        )

    return "{" + ", ".join(item(r) for r in requests) + "}"


def check_mix(requests: list[dict]) -> None:
    """Each request of the mix once, naming any that does not succeed."""
    import urllib.error

    seen = set()
    for r in requests:
        key = (r["method"], r["path"])
        if key in seen:
            continue
        seen.add(key)
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"http://127.0.0.1:{PORT}{r['path']}",
            data=r["body"].encode() if r.get("body") else None,
            headers=r.get("headers", {}),
            method=r["method"],
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status >= 400:
            print(f"  {r['method']} {r['path']} answered {status}")


def wrk(script: Path, port: int = PORT) -> dict:
    out = subprocess.run(  # noqa: S603 - wrk on loopback, bounded
        [
            shutil.which("wrk"),
            "-t2",
            "-c8",
            f"-d{SECONDS}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|connect|read|write|timeout):? (\d+)", out
        )
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(50),
        "p99": ms(99),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": errors,
    }


def start(env, name, args, log_dir):
    log = (log_dir / f"{name}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - our own processes
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_up(port: int = PORT):
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def main() -> None:
    if not shutil.which("wrk"):
        print("Skipped: wrk is not installed (sudo apt-get install wrk).")
        return
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = site_env(tmp)
        print("Setting up (migrate, demo, index, static files)…", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--force")  # a scratch site
        manage(env, "update_index", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        processes = [
            start(env, "web", ["-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{PORT}", "--workers=2"], tmp),
            start(env, "worker-1", ["manage.py", "db_worker", "--queue-name=*"], tmp),
        ]  # fmt: skip
        try:
            wait_up()
            shell = manage(env, "shell", "-c", PREPARE, capture=True)
            data = json.loads(shell.stdout.strip().splitlines()[-1])
            script = tmp / "mix.lua"
            script.write_text(LUA % lua_table(mix(data)))
            check_mix(mix(data))
            report("steady", wrk(script))

            def kill_and_restart():
                time.sleep(SECONDS / 3)
                processes[1].send_signal(signal.SIGKILL)
                time.sleep(SECONDS / 6)
                processes.append(
                    start(
                        env,
                        "worker-2",
                        ["manage.py", "db_worker", "--queue-name=*"],
                        tmp,
                    )
                )

            threading.Thread(target=kill_and_restart, daemon=True).start()
            report("worker killed and restarted", wrk(script))
            packs_report(env)
            page_cache_report(env, data, tmp, processes)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    process.wait(30)


PACKS = """
import time
from packs.models import PackFile
deadline = time.monotonic() + 180
while time.monotonic() < deadline and PackFile.objects.exclude(status__in=["ready", "failed"]).exists():
    time.sleep(2)
print({s: PackFile.objects.filter(status=s).count() for s in ["ready", "failed", "pending", "running"]})
"""


def packs_report(env) -> None:
    """The packs queued before the kill: made, or failed with a reason."""
    out = manage(env, "shell", "-c", PACKS, capture=True).stdout.strip()
    print(f"{'packs after the kill':>30}: {out.splitlines()[-1]}", flush=True)


def page_cache_report(env, data, tmp, processes) -> None:
    """Anonymous pages only: the site as it runs (page cache on with Redis)
    and a second gunicorn with ``PAGE_CACHE=0``, one after the other."""
    if env.get("REDIS_URL") is None:
        print("No Redis: the page cache is off, so no cached figure.")
        return
    uncached_port = PORT + 1
    processes.append(
        start(
            env | {"PAGE_CACHE": "0"},
            "web-uncached",
            ["-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{uncached_port}", "--workers=2"],
            tmp,
        )
    )  # fmt: skip
    wait_up(uncached_port)
    anonymous = [
        {"method": "GET", "path": p} for p in data["modules"] + data["chapters"]
    ]
    script = tmp / "anonymous.lua"
    script.write_text(LUA % lua_table(anonymous))
    check_mix(anonymous)
    uncached = wrk(script, uncached_port)
    report("anonymous pages, uncached", uncached)
    cached = wrk(script)
    report("anonymous pages, cached", cached)
    print(
        f"{'cached / uncached':>30}: {cached['rps'] / uncached['rps']:.1f}x", flush=True
    )


def report(label: str, figures: dict) -> None:
    print(
        f"{label:>30}: {figures['rps']:.1f} req/s · p50 {figures['p50']:.1f} ms · "
        f"p99 {figures['p99']:.1f} ms · {figures['requests']} requests · "
        f"{figures['errors']} errors · {SECONDS} s, 2 threads, 8 connections",
        flush=True,
    )


if __name__ == "__main__":
    main()
