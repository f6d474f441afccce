"""Fault tests: real processes (task workers, servers) on the test database.

``shared_database`` gives a subprocess the data a test made: on PostgreSQL
the test database itself (the test must commit, ``transaction=True``); on
SQLite, whose test database lives in memory, a file copy of it made with
SQLite's backup API after the test has made its data."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

# The branch fixtures, for the register fault test.
from tests.branches.conftest import group_a, members_a, session_a  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
# Each pytest-xdist worker (gw0, gw1, ...) takes its own block of loopback ports.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
PORTS = iter(range(8701 + 100 * _WORKER, 8750 + 100 * _WORKER))


class SharedDatabase:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.vendor = connection.vendor
        self.file = tmp_path / "shared.sqlite3"

    def publish(self) -> str:
        """The database URL a subprocess should use, holding the data so far."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{self.file}"
        params = connection.settings_dict
        return (
            f"postgres://{params['USER'] or 'postgres'}@{params['HOST'] or '127.0.0.1'}"
            f":{params['PORT'] or 5432}/{params['NAME']}"
        )

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read what the subprocesses wrote (``%s`` placeholders)."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        params_ = connection.settings_dict
        with psycopg.connect(
            host=params_["HOST"] or "127.0.0.1",
            port=params_["PORT"] or 5432,
            user=params_["USER"] or "postgres",
            dbname=params_["NAME"],
            autocommit=True,
        ) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture
def shared_database(tmp_path) -> SharedDatabase:
    return SharedDatabase(tmp_path)


def site_env(database_url: str, **extra) -> dict:
    """The environment of a production-like process on the test's files."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        # The same key as the tests, so a session made here is valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "SEARCH_INDEX_DIR": str(settings.SEARCH_INDEX_DIR),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Processes:
    """Subprocesses started by a test, all stopped at its end."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path = self.tmp_path / f"{name}.log"
        self.started.append(process)
        return process

    def log(self, process) -> str:
        return process.log_path.read_text(errors="replace")[-4000:]

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(10)


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    yield running
    running.stop_all()


def wait_for(condition, *, timeout: float, interval: float = 0.1, what: str = ""):
    """``condition()``'s first truthy value, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout:g} s waiting for {what or condition}")


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux ``/proc``)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def port():
    return next(PORTS)


def http_get(url: str, *, timeout: float = 60) -> tuple[int, bytes, dict]:
    """A plain HTTP GET on loopback: status, body and headers."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def start_web(processes: Processes, env: dict, port: int, name: str = "web"):
    """gunicorn serving the site on 127.0.0.1:``port``, once it answers."""
    import urllib.error

    process = processes.start(
        name,
        ["-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{port}", "--workers=1"],
        env,
    )

    def answering():
        if process.poll() is not None:
            pytest.fail(f"{name} stopped: {processes.log(process)}")
        try:
            return http_get(f"http://127.0.0.1:{port}/health/", timeout=5)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    wait_for(answering, timeout=120, interval=0.3, what=f"{name} to answer")
    return process


@pytest.fixture
def fresh_database(tmp_path):
    """A URL to a new database holding only what ``migrate`` makes: a copy of
    the test database as it is when the fixture runs (before the test's own
    data). PostgreSQL: a database named sc_h7_*, dropped afterwards."""
    made = []

    def make() -> str:
        if connection.vendor == "sqlite":
            path = tmp_path / f"fresh-{len(made)}.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            made.append(path)
            return f"sqlite:///{path}"
        import psycopg

        params = connection.settings_dict
        name = f"sc_h7_fresh_{os.getpid()}_{len(made)}"
        connection.close()  # a template database must have no other users
        with psycopg.connect(
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            user=params["USER"] or "postgres",
            dbname="postgres",
            autocommit=True,
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            # Connections an earlier test's threads left open (a thread's
            # connection closes only when its object is collected) would make
            # the copy fail with "being accessed by other users": this worker's
            # test database has no other user at this point, so end them.
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [params["NAME"]],
            )
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{params["NAME"]}"')
        made.append(name)
        return (
            f"postgres://{params['USER'] or 'postgres'}@{params['HOST'] or '127.0.0.1'}"
            f":{params['PORT'] or 5432}/{name}"
        )

    yield make
    if connection.vendor != "sqlite":
        import psycopg

        params = connection.settings_dict
        with psycopg.connect(
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            user=params["USER"] or "postgres",
            dbname="postgres",
            autocommit=True,
        ) as db:
            for name in made:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
