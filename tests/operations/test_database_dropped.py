"""The database drops the site's connections: in the middle of a register
save (nothing of it is kept, the reader gets an error, not a false "saved"),
and between requests with CONN_MAX_AGE set (the next request works, thanks
to CONN_HEALTH_CHECKS). PostgreSQL only: pg_terminate_backend."""

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import Cookie, CookieJar

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from wagtail.models import ModelLogEntry

from branches.models import Attendance, Member
from tests.operations.conftest import site_env, start_web, wait_for

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): pg_terminate_backend",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def psql():
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"] or "postgres",
        dbname=params["NAME"],
    )


def terminate_others(db, *, waiting_only=False) -> int:
    """End every other connection to the test database (the site's)."""
    sql = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND pid <> %s"
    )
    if waiting_only:
        sql += " AND wait_event_type = 'Lock'"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]
    return len(db.execute(sql, (ours,)).fetchall())


class Browser:
    def __init__(self, base: str, session_key: str):
        self.base = base
        self.jar = CookieJar()
        self.jar.set_cookie(
            Cookie(
                0,
                "sessionid",
                session_key,
                None,
                False,
                "127.0.0.1",
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )  # fmt: skip
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        if data:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf(self, path: str) -> str:
        status, html = self.request(path)
        assert status == 200, html[:300]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def saved_register(session, members) -> dict:
    return dict(
        Attendance.objects.filter(session=session).values_list("member_id", "status")
    )


def test_dropped_connections_lose_no_half_save_and_the_next_request_works(
    client,
    organiser_a,
    session_a,
    members_a,
    shared_database,
    processes,
    port,  # noqa: F811
):
    ada, bessie, clem, dora = members_a
    Attendance.objects.create(session=session_a, member=dora, status="absent")
    client.force_login(organiser_a)
    env = site_env(shared_database.publish(), CONN_MAX_AGE=600)
    start_web(processes, env, port)
    browser = Browser(f"http://127.0.0.1:{port}", client.cookies["sessionid"].value)
    path = reverse("branches_organise:register", args=[session_a.pk])
    logs_before = ModelLogEntry.objects.count()
    marks = {ada.pk: "present", bessie.pk: "late", clem.pk: "present", dora.pk: "late"}
    form = {
        "csrfmiddlewaretoken": browser.csrf(path),
        "member": [str(pk) for pk in marks],
        **{f"status-{pk}": status for pk, status in marks.items()},
        "walk_in": ["Keir New"],
    }

    # Hold Dora's mark so the save stops half-way (after the walk-in and the
    # first marks are written in its transaction), then drop its connection.
    with psql() as db:
        db.execute(
            "SELECT 1 FROM branches_attendance WHERE member_id = %s FOR UPDATE",
            (dora.pk,),
        )
        outcome = {}
        save = threading.Thread(
            target=lambda: outcome.update(result=browser.request(path, form))
        )
        save.start()

        def waiting():
            if "result" in outcome:
                pytest.fail(f"The save did not wait: {outcome['result'][1][:2000]}")
            return db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            ).fetchone()[0]

        wait_for(waiting, timeout=20, what="the save to wait on Dora's mark")
        assert terminate_others(db, waiting_only=True) == 1
        db.rollback()
        save.join(30)
    status, _ = outcome["result"]
    assert status == 500  # an error, never a false "saved"
    assert saved_register(session_a, members_a) == {dora.pk: "absent"}
    assert not Member.objects.filter(name="Keir New").exists()
    assert ModelLogEntry.objects.count() == logs_before

    # The next request works, and so does the same save again.
    form["csrfmiddlewaretoken"] = browser.csrf(path)
    status, _ = browser.request(path, form)
    assert status == 200  # followed the redirect back to the register
    assert saved_register(session_a, members_a) | {} == {
        **marks,
        Member.objects.get(name="Keir New").pk: "present",
    }

    # Kept connections dropped while idle: the next request still works.
    with psql() as db:
        assert terminate_others(db) >= 1
    assert browser.request(path)[0] == 200
