"""Issue 4: branch reports, the national summary and saving a register, at size.

Data: 1,000 branches, 100,000 members and 2,000,000 attendance marks by
default (40 marks a session, 50 weekly sessions a branch). Smaller with
``BENCH_BRANCHES_SCALE=0.01`` (1 % of everything). ``BENCH_DATABASE_URL``
chooses the database; on PostgreSQL the data is written with COPY and kept
between runs when it is already the right size.

Targets: branch report < 200 ms, national summary < 1 s, a 40-member register
saved in a fixed number of queries and < 100 ms.
"""

import datetime
import os
import random
import time

from bench._common import django_setup, machine, summary_ms

BRANCHES = 1_000
MEMBERS_PER_BRANCH = 100
SESSIONS_PER_BRANCH = 50
MARKS_PER_SESSION = 40
REGIONS = 12
STATUSES = ["present"] * 12 + ["late"] * 2 + ["apologies"] * 3 + ["absent"] * 3


def sizes() -> tuple[int, int, int, int]:
    scale = float(os.environ.get("BENCH_BRANCHES_SCALE", "1"))
    branches = max(4, int(BRANCHES * scale))
    return (
        branches,
        branches * MEMBERS_PER_BRANCH,
        branches * SESSIONS_PER_BRANCH,
        branches * SESSIONS_PER_BRANCH * MARKS_PER_SESSION,
    )


def _copy_or_insert(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our own names
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def build(n_branches: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from branches.models import Branch, Member, Region, Session

    rng = random.Random(4)
    today = timezone.localdate()
    # Plain strings: both COPY and SQLite's executemany take them as they are.
    now = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    with transaction.atomic():
        regions = Region.objects.bulk_create(Region(name=f"Region {i}") for i in range(REGIONS))
        Branch.objects.bulk_create(
            Branch(name=f"Branch {i}", slug=f"branch-{i}", region_id=regions[i % REGIONS].pk)
            for i in range(n_branches)
        )
        branch_ids = list(Branch.objects.order_by("pk").values_list("pk", flat=True))
        _copy_or_insert(
            "branches_member",
            ["branch_id", "name", "preferred_name", "email", "phone", "joined_on",
             "prefers_paper", "large_print", "access_needs", "consent_basis", "created_at"],
            (
                (b, f"Member {b}-{i}", "", "", "",
                 (today - datetime.timedelta(days=rng.randint(0, 730))).isoformat(),
                 False, False, "", "membership", now)
                for b in branch_ids
                for i in range(MEMBERS_PER_BRANCH)
            ),
        )
        _copy_or_insert(
            "branches_session",
            ["branch_id", "title", "date", "start_time", "facilitator", "readings",
             "present_count", "late_count", "apologies_count", "absent_count"],
            (
                (b, "", (today - datetime.timedelta(weeks=SESSIONS_PER_BRANCH - i)).isoformat(),
                 "19:00:00", "", "", 0, 0, 0, 0)
                for b in branch_ids
                for i in range(SESSIONS_PER_BRANCH)
            ),
        )
        members: dict[int, list[int]] = {}
        for pk, b in Member.objects.order_by("pk").values_list("pk", "branch_id").iterator(chunk_size=20_000):
            members.setdefault(b, []).append(pk)
        # A list, not a server-side cursor: the connection is busy with COPY.
        sessions = list(Session.objects.order_by("pk").values_list("pk", "branch_id"))
        _copy_or_insert(
            "branches_attendance",
            ["session_id", "member_id", "status", "recorded_at"],
            (
                (s, m, STATUSES[rng.randrange(len(STATUSES))], now)
                for s, b in sessions
                for m in rng.sample(members[b], MARKS_PER_SESSION)
            ),
        )
    fill_tallies()


def fill_tallies() -> None:
    """The sessions' register tallies, counted by the register's own recount
    (``branches.services.session_recount``, their one owner), in chunks."""
    from django.db import connection, transaction

    from branches.models import Session
    from branches.services import session_recount

    ids = list(Session.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        for chunk in range(0, len(ids), 5_000):
            session_recount(session_ids=ids[chunk : chunk + 5_000])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(fn, repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def data_ready() -> None:
    """Generate the data, or reuse data of the right size (PostgreSQL)."""
    from branches.models import Attendance, Branch, Member, Session

    n_branches, _members, _sessions, n_marks = sizes()
    start = time.perf_counter()
    existing = Attendance.objects.count()
    if existing != n_marks or Branch.objects.count() != n_branches:
        if existing:
            print("Clearing the previous data (a different size)...")
            for model in (Attendance, Session, Member, Branch):
                model.objects.all().delete()
        build(n_branches)
        print(f"Generated in {time.perf_counter() - start:.0f} s", flush=True)
    else:
        print("Reusing data of the right size already in the database.")
        if not Session.objects.filter(present_count__gt=0).exists():
            fill_tallies()
    print(
        f"Data: {Branch.objects.count():,} branches, {Member.objects.count():,} members, "
        f"{Session.objects.count():,} sessions, {Attendance.objects.count():,} attendance marks"
    )


def measure_reports(*, sample, admin) -> None:
    from django.test import Client
    from django.urls import reverse

    from branches.models import Branch
    from branches.selectors import ReportFilters, branch_report, national_summary

    filters = ReportFilters()
    branch_report(branch=sample[0], filters=filters)  # warm
    times = timed(lambda i: branch_report(branch=sample[i % len(sample)], filters=filters), 40)
    print(f"Branch report (all selectors, {MEMBERS_PER_BRANCH} members): {summary_ms(times)}")

    client = Client()
    client.force_login(admin)
    urls = [reverse("branches_organise:branch_report", args=[b.pk]) for b in sample]
    client.get(urls[0])
    times = timed(lambda i: client.get(urls[i % len(urls)]), 20)
    print(f"Branch report page (rendered, with chart): {summary_ms(times)}")

    national_summary(filters=filters)
    times = timed(lambda i: national_summary(filters=filters), 5)
    print(f"National summary ({Branch.objects.count():,} branches): {summary_ms(times)}")


def measure_registers(*, sample, admin, rng) -> None:
    """A register of 40 on today's sessions of 20 branches: each a fresh session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from branches.models import Member, Session
    from branches.services import RegisterInput, register_save

    today = timezone.localdate()
    Session.objects.filter(title="bench register").delete()
    fresh = Session.objects.bulk_create(
        Session(branch=b, title="bench register", date=today) for b in sample
    )
    entries = [
        RegisterInput(
            statuses={pk: rng.choice(["present", "late", "apologies", "absent"])
                      for pk in list(Member.objects.filter(branch=s.branch_id).values_list("pk", flat=True)[:40])},
        )
        for s in fresh
    ]
    counts = []

    def save(i):
        with CaptureQueriesContext(connection) as queries:
            register_save(session=fresh[i], entry=entries[i], user=admin)
        counts.append(len(queries))

    times = timed(save, len(fresh))
    print(f"Saving a register of 40 (first save): {summary_ms(times)} · queries {sorted(set(counts))}")
    counts.clear()
    times = timed(save, len(fresh))
    print(f"Saving it again (all upserts): {summary_ms(times)} · queries {sorted(set(counts))}")
    Session.objects.filter(title="bench register").delete()


def main():
    db = django_setup("branches")
    # Imported once Django is set up (django_setup), as in every benchmark here.
    from django.contrib.auth import get_user_model
    from django.db import connection

    from branches.models import Branch

    print(f"Branches benchmark · {machine()} · {connection.vendor}")
    data_ready()
    rng = random.Random(7)
    branch_ids = list(Branch.objects.values_list("pk", flat=True))
    sample = [Branch.objects.get(pk=pk) for pk in rng.sample(branch_ids, min(20, len(branch_ids)))]
    admin = get_user_model().objects.filter(username="bench-admin").first() or (
        get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "x")
    )
    measure_reports(sample=sample, admin=admin)
    measure_registers(sample=sample, admin=admin, rng=rng)
    print(f"Load average while running: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("Targets: branch report < 200 ms, national summary < 1 s, register of 40 < 100 ms in fixed queries.")
    print(f"Database: {db.split('@')[-1] if '@' in db else db}")


if __name__ == "__main__":
    main()
