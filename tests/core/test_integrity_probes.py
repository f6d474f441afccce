"""The review's probes (scripts/probes/) pass against a live server.

Each probe runs as its own process, as it would against a deployment, and
talks HTTP to pytest-django's live server; a probe exits non-zero on failure.
"""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.accounts import VerifiedClient
from tests.factories.branches import (
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
    organiser_of,
)
from tests.factories.courses import UserFactory
from tests.factories.library import LibraryIndexPageFactory

# The live server needs committed data; serialized_rollback restores the
# migrated pages (the home page) after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROBES = Path(__file__).resolve().parents[2] / "scripts" / "probes"


def signed_in(user) -> str:
    """A session cookie of ``user``, second factor given (staff must have one)."""
    client = VerifiedClient()
    client.force_login(user)
    return client.cookies["sessionid"].value


def probe(name: str, live_server, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(PROBES / name), "--base-url", live_server.url, *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.stdout.write(result.stdout)  # the probe's figures, shown with pytest -rP
    return result.stdout


@pytest.fixture
def live_site(home):
    LibraryIndexPageFactory(parent=home, title="Library")
    return home


def test_upload_bombs_are_refused_quickly(live_server, live_site):
    admin = UserFactory(
        email="probe-admin@example.org", is_superuser=True, is_staff=True
    )
    output = probe("uploads.py", live_server, "--session", signed_in(admin))
    assert "OK: 3 bombs refused" in output


@pytest.mark.postgres
@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://...): the SQLite test database "
    "locks when the live server's threads write at once",
)
def test_stale_register_saves_lose_nothing(live_server, live_site, branch_a):
    group = ReadingGroupFactory(branch=branch_a)
    session = SessionFactory(branch=branch_a, group=group, date=datetime.date.today())
    MemberFactory.create_batch(8, branch=branch_a, joined_on=session.date)
    organiser = organiser_of(branch_a, email="probe-organiser@example.org")
    output = probe(
        "stale_saves.py",
        live_server,
        "--session",
        signed_in(organiser),
        "--session-id",
        str(session.pk),
    )
    assert "0 lost" in output and "one conflict" in output


def test_hostile_parameters_give_no_server_error(live_server, live_site, branch_a):
    output = probe("params.py", live_server)
    assert "0 server errors" in output
