"""The review's probes, run as CI runs them: each script against a real
server (pytest-django's live server) in its own process."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.factories.courses import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PROBES = settings.BASE_DIR / "scripts" / "probes"


def _probe(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, str(PROBES / name), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_login_guessing_is_throttled(live_server):
    UserFactory(email="ada@example.org")
    result = _probe(
        "logins.py",
        "--base-url",
        live_server.url,
        "--account",
        "ada@example.org",
        "--password",
        "a-long-test-password",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "locked out at wrong password 10" in result.stdout


def test_the_login_probe_fails_when_nothing_throttles(live_server, settings):
    settings.AXES_ENABLED = False
    result = _probe("logins.py", "--base-url", live_server.url, "--limit", "12")
    assert result.returncode == 1
    assert "FAIL: no lockout after 12 wrong passwords" in result.stdout


def test_password_reset_reveals_nothing(live_server, settings):
    # As in production: the request only queues the mail for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A mail server with SMTP's latency: sending inside the request would show.
    settings.EMAIL_BACKEND = "tests.accounts.slow_mail.SlowEmailBackend"
    UserFactory(email="ada@example.org")
    result = _probe(
        "reset.py", "--base-url", live_server.url, "--known", "ada@example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: the same answer for both" in result.stdout, result.stdout
