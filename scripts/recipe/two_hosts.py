"""The README's Production section, followed on this machine in fresh folders:
two web hosts (gunicorn, 2 workers each) and two task workers on shared
folders, behind nginx with TLS; then it kills processes and checks that
nothing is lost.

    python scripts/recipe/two_hosts.py \\
        --database-url postgres://postgres@127.0.0.1:5432/sc_ops \\
        --redis-url redis://127.0.0.1:6379/8 --port-base 9240

``--database-url`` must name an empty database (it migrates it and makes the
first admin); the Redis database is used with a key prefix of its own.

What it does, step by step as the README says:

1. "Install, on every host": ``git clone`` of this repository into
   ``<tmp>/srv/studycircle/host-a/app`` and ``host-b/app``; the environment
   file from ``deploy/studycircle.env.example``, filled in. The one step
   replaced: instead of a new venv and ``pip install ".[redis]"`` (minutes on
   this machine), each clone's ``.venv`` links to the venv running this
   script, which must hold the same packages.
2. "What the hosts share": ``MEDIA_ROOT``, ``PRIVATE_MEDIA_ROOT``, ``VAR_DIR``
   and ``SEARCH_INDEX_DIR`` in one ``shared/`` folder, PostgreSQL and Redis.
3. The commands of section 3, read from the README itself and run in order
   (``createsuperuser`` with ``--noinput`` and ``DJANGO_SUPERUSER_*``;
   ``collectstatic`` on each host). Then, beyond the README so that there is
   something to serve, ``load_demo``.
4. The ``ExecStart`` lines of ``deploy/systemd/*.service``, run with the
   environment file and a small supervisor that does what ``Restart=always``
   and ``RestartSec=2`` do (and kills what a dead main process left, as
   systemd does with the unit's cgroup). Both hosts are on this machine, so each web host
   binds its own port instead of 8000.
5. nginx with ``deploy/nginx/studycircle.conf`` (a self-signed certificate,
   ports from ``--port-base``, both web hosts as upstreams).
6. ``/health/`` through the proxy and on each host.

Then the faults: a task worker SIGKILLed while it makes packs (all are made
once it is restarted), a web host's gunicorn SIGKILLed while requests go
through the proxy (none fails), and a publish on host A seen at once on
host B (shared cache) and found by search on both (shared index). Exits
non-zero if any check fails. Everything it starts is stopped at the end and
the folder removed (``--keep`` keeps it).
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checks  # noqa: E402
import hosts  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--port-base", type=int, default=9240)
    parser.add_argument("--keep", action="store_true", help="keep the folder")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    root = Path(tempfile.mkdtemp(prefix="studycircle-recipe-"))
    root.chmod(0o755)  # nginx's workers read the shared media folder
    print(f"Folder: {root}", flush=True)
    site = hosts.Site(root, args.database_url, args.redis_url, args.port_base)
    started = time.monotonic()
    try:
        site.install()
        site.setup_once()
        site.start_processes()
        site.start_proxy()
        failures = checks.run_all(site)
    finally:
        site.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\nDone in {time.monotonic() - started:.0f} s.", flush=True)
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("Every check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
