"""Issue 15: a poll's result page and keying one paper ballot, at size.

Data: 1,000 branches, a reading group each with 20 sessions (20,000), a poll
of four proposals per session (20,000 polls) and 10 ballots per poll (5 online,
5 paper: 200,000 ballots, about 400,000 ticks). Smaller with
``BENCH_ASSEMBLY_SCALE=0.01``. ``BENCH_DATABASE_URL`` chooses the database (use
PostgreSQL, your own database); there the data is written with COPY and kept
between runs when it is already the right size.

Each figure is printed beside a hand-written SQL reference measured in the
same run, and their ratio. Targets: poll result page < 50 ms; keying one
paper ballot < 50 ms in a fixed number of queries.
"""

import datetime
import os
import random
import time

from bench._common import django_setup, machine, summary_ms
from bench.branches import _copy_or_insert, timed

BRANCHES = 1_000
SESSIONS_PER_BRANCH = 20
MEMBERS_PER_BRANCH = 40
PROPOSALS_PER_POLL = 4
ONLINE, PAPER = 5, 5


def n_branches() -> int:
    return max(4, int(BRANCHES * float(os.environ.get("BENCH_ASSEMBLY_SCALE", "1"))))


def _rows_sessions(branches, groups, today):
    for b in branches:
        for i in range(SESSIONS_PER_BRANCH):
            day = today - datetime.timedelta(weeks=SESSIONS_PER_BRANCH - i)
            yield (b, groups[b], "", day.isoformat(), "19:00:00", "", "", 0, 0, 0, 0)


MEMBER_COLUMNS = (
    "branch_id name preferred_name email phone joined_on prefers_paper large_print "
    "access_needs consent_basis created_at account_email"
).split()
SESSION_COLUMNS = (
    "branch_id group_id title date start_time facilitator readings present_count "
    "late_count apologies_count absent_count"
).split()
PROPOSAL_COLUMNS = (
    "branch_id group_id member_id kind topic why poll_id created_at".split()
)


def _member_row(branch, i, now):
    name = f"Member {branch}-{i}"
    return (branch, name, "", "", "", "2024-01-01", False, False, "", "", now, "")


def _build_people(now, today):
    """Branches, a group each, members and sessions; returns their ids."""
    from branches.models import Branch, Member, ReadingGroup, Session

    Branch.objects.bulk_create(
        Branch(name=f"Assembly branch {i}", slug=f"assembly-{i}")
        for i in range(n_branches())
    )
    branches = list(Branch.objects.order_by("pk").values_list("pk", flat=True))
    ReadingGroup.objects.bulk_create(
        ReadingGroup(branch_id=b, name="Reading group") for b in branches
    )
    groups = dict(ReadingGroup.objects.values_list("branch_id", "pk"))
    _copy_or_insert(
        "branches_member",
        MEMBER_COLUMNS,
        (_member_row(b, i, now) for b in branches for i in range(MEMBERS_PER_BRANCH)),
    )
    _copy_or_insert(
        "branches_session", SESSION_COLUMNS, _rows_sessions(branches, groups, today)
    )
    members: dict[int, list[int]] = {}
    in_bench = Member.objects.filter(branch_id__in=branches)
    for pk, b in in_bench.values_list("pk", "branch_id"):
        members.setdefault(b, []).append(pk)
    sessions = Session.objects.filter(branch_id__in=branches)
    return members, list(sessions.values_list("pk", "branch_id", "group_id"))


def _build_votes(*, members, sessions, rng, now, closes) -> None:
    """A poll per session, its proposals, ballots and ticks, by COPY."""
    from assembly.models import Ballot, Poll, Proposal

    _copy_or_insert(
        "assembly_poll",
        ["branch_id", "group_id", "question", "closes_at", "created_at"],
        ((b, g, f"Poll {s}", closes, now) for s, b, g in sessions),
    )
    polls = list(Poll.objects.order_by("pk").values_list("pk", "branch_id", "group_id"))
    _copy_or_insert(
        "assembly_proposal",
        PROPOSAL_COLUMNS,
        (
            (b, g, members[b][i], "topic", f"Topic {p}-{i}", "Why not.", p, now)
            for p, b, g in polls
            for i in range(PROPOSALS_PER_POLL)
        ),
    )
    _copy_or_insert(
        "assembly_ballot",
        ["poll_id", "member_id", "slip_number", "method", "cast_at"],
        (row for p, b, _g in polls for row in _ballot_rows(p, members[b], rng, now)),
    )
    proposals: dict[int, list[int]] = {}
    rows = Proposal.objects.values_list("pk", "poll_id").iterator(chunk_size=50_000)
    for pk, poll in rows:
        proposals.setdefault(poll, []).append(pk)
    ballots = list(Ballot.objects.values_list("pk", "poll_id"))
    _copy_or_insert(
        "assembly_ballotchoice",
        ["ballot_id", "proposal_id", "poll_id"],
        (
            (ballot, pick, poll)
            for ballot, poll in ballots
            for pick in rng.sample(proposals[poll], rng.randint(1, 3))
        ),
    )


def build() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    rng = random.Random(15)
    now = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S+00")
    closes = (timezone.now() + datetime.timedelta(days=30)).astimezone(datetime.UTC)
    closes = closes.strftime("%Y-%m-%d %H:%M:%S+00")
    with transaction.atomic():
        members, sessions = _build_people(now, timezone.localdate())
        _build_votes(
            members=members, sessions=sessions, rng=rng, now=now, closes=closes
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _ballot_rows(poll, members, rng, now):
    for member in rng.sample(members, ONLINE):
        yield (poll, member, None, "online", now)
    for slip in range(1, PAPER + 1):
        yield (poll, None, slip, "paper", now)


def data_ready() -> None:
    from django.db.models import Q

    from assembly.models import Ballot, BallotChoice, Poll

    target = n_branches() * SESSIONS_PER_BRANCH * (ONLINE + PAPER)
    start = time.perf_counter()
    # Not the ballots keyed by an earlier run's keying measure (slips 1000 up).
    kept = Ballot.objects.filter(
        Q(slip_number__isnull=True) | Q(slip_number__lte=PAPER)
    )
    if kept.count() != target:
        if Poll.objects.exists():
            print("Clearing the previous assembly data (a different size)...")
            _clear()
        build()
        print(f"Generated in {time.perf_counter() - start:.0f} s", flush=True)
    else:
        print("Reusing data of the right size already in the database.")
    from branches.models import Branch, Session

    print(
        f"Data: {Branch.objects.count():,} branches, {Session.objects.count():,} sessions, "
        f"{Poll.objects.count():,} polls, {Ballot.objects.count():,} ballots, "
        f"{BallotChoice.objects.count():,} ticks"
    )


def _clear() -> None:
    from django.db import connection

    from assembly.models import Ballot, BallotChoice, Poll, Proposal
    from branches.models import Branch, Member, ReadingGroup, Session

    if connection.vendor == "postgresql":  # 600,000 rows: not one by one
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE assembly_ballotchoice, assembly_ballot, assembly_action, "
                "assembly_sessionrecord, assembly_proposal, assembly_poll"
            )
    for model in (BallotChoice, Ballot, Proposal, Poll):
        model.objects.all().delete()
    branches = Branch.objects.filter(slug__startswith="assembly-")
    Session.objects.filter(branch__in=branches).delete()
    ReadingGroup.objects.filter(branch__in=branches).delete()
    Member.objects.filter(branch__in=branches).delete()
    branches.delete()


# The same two answers as ``poll_results``, written by hand: the proposals
# with their titles and ticks, and the ballots counted per method.
REFERENCE_RESULT = [
    "SELECT p.id, p.kind, p.topic, p.why, p.created_at, tp.title, ts.title, mp.title,"
    " (SELECT count(*) FROM assembly_ballotchoice c"
    "  WHERE c.poll_id = p.poll_id AND c.proposal_id = p.id)"
    " FROM assembly_proposal p"
    " LEFT JOIN wagtailcore_page tp ON tp.id = p.text_id"
    " LEFT JOIN library_textsection ts ON ts.id = p.section_id"
    " LEFT JOIN wagtailcore_page mp ON mp.id = p.module_id"
    " WHERE p.poll_id = %s ORDER BY p.created_at, p.id",
    "SELECT count(*) FILTER (WHERE method = 'online'),"
    " count(*) FILTER (WHERE method = 'paper') FROM assembly_ballot WHERE poll_id = %s",
]


def measure_result(*, polls, admin) -> None:
    from django.db import connection
    from django.urls import reverse

    from assembly.selectors import poll_results
    from tests.factories.accounts import VerifiedClient

    def reference(i):
        with connection.cursor() as cursor:
            for sql in REFERENCE_RESULT:
                cursor.execute(sql, [polls[i % len(polls)].pk])
                cursor.fetchall()

    reference(0)
    ref = timed(reference, 200)
    print(f"Reference (hand-written SQL, the same two queries): {summary_ms(ref)}")
    poll_results(poll=polls[0])
    sel = timed(lambda i: poll_results(poll=polls[i % len(polls)]), 200)
    print(f"poll_results selector: {summary_ms(sel)} · ratio {_ratio(sel, ref)}")
    client = VerifiedClient()
    client.force_login(admin)
    urls = [reverse("assembly_organise:poll", args=[p.pk]) for p in polls]
    assert client.get(urls[0]).status_code == 200
    page = timed(lambda i: client.get(urls[i % len(urls)]), 60)
    print(
        f"Poll result page (organisers' light page): {summary_ms(page)} · "
        f"ratio {_ratio(page, ref)} · target < 50 ms (p50): {_met(page, 50)}"
    )
    measure_member_result(ref=ref)
    # The same request to an admin page that reads no poll: what the admin's
    # own chrome, middleware and session cost on this machine, for comparison.
    chrome = reverse("wagtailadmin_account")
    client.get(chrome)
    base = timed(lambda i: client.get(chrome), 30)
    print(f"Admin account page (no poll, the admin's own cost): {summary_ms(base)}")


def measure_member_result(*, ref) -> None:
    """The members' page of a closed poll (its counts), on the public site."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from assembly.models import Poll
    from branches.models import Member
    from tests.factories.accounts import VerifiedClient

    poll = Poll.objects.order_by("pk").first()  # not among the keyed sample
    Poll.objects.filter(pk=poll.pk, closed_at=None).update(closed_at=timezone.now())
    user = get_user_model().objects.filter(username="bench-member").first() or (
        get_user_model().objects.create_user("bench-member", "member@example.org", "x")
    )
    Member.objects.filter(user=user).update(user=None)
    Member.objects.filter(
        pk=Member.objects.filter(branch_id=poll.branch_id).first().pk
    ).update(user=user)
    client = VerifiedClient()
    client.force_login(user)
    url = reverse("assembly:poll", args=[poll.pk])
    assert b"ballots:" in client.get(url).content
    page = timed(lambda i: client.get(url), 60)
    print(
        f"Poll result page (members' page, closed poll): {summary_ms(page)} · ratio {_ratio(page, ref)}"
    )


def _met(times, target_ms: float) -> str:
    from bench._common import percentile

    return "met" if percentile(times, 50) * 1000 < target_ms else "not met"


def _ratio(ours, ref) -> str:
    from bench._common import percentile

    return f"{percentile(ours, 50) / percentile(ref, 50):.1f}x the reference (p50)"


def measure_keying(*, polls, admin) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from assembly.services import ballot_key_paper

    ids = {p.pk: list(p.proposals.values_list("pk", flat=True)) for p in polls}
    slip = iter(range(1000, 9999))

    def reference(i):
        poll = polls[i % len(polls)].pk
        with transaction.atomic(), connection.cursor() as cursor:
            lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
            sql = f"SELECT id FROM assembly_poll WHERE id = %s{lock}"  # noqa: S608
            cursor.execute(sql, [poll])
            cursor.execute(
                "INSERT INTO assembly_ballot (poll_id, slip_number, method, cast_at) "
                "VALUES (%s, %s, 'paper', CURRENT_TIMESTAMP) RETURNING id",
                [poll, next(slip)],
            )
            ballot = cursor.fetchone()[0]
            cursor.executemany(
                "INSERT INTO assembly_ballotchoice (ballot_id, proposal_id, poll_id) "
                "VALUES (%s, %s, %s)",
                [(ballot, pk, poll) for pk in ids[poll][:2]],
            )

    counts = []

    def ours(i):
        poll = polls[i % len(polls)].pk
        with CaptureQueriesContext(connection) as queries:
            ballot_key_paper(
                poll_id=poll,
                slip_number=next(slip),
                proposal_ids=ids[poll][:2],
                user=admin,
            )
        counts.append(len(queries))

    ref = timed(reference, 100)
    print(f"Reference (hand-written SQL: lock, insert, ticks): {summary_ms(ref)}")
    mine = timed(ours, 100)
    print(
        f"Keying one paper ballot (ballot_key_paper): {summary_ms(mine)} · "
        f"queries {sorted(set(counts))} · ratio {_ratio(mine, ref)} · "
        f"target < 50 ms (p50): {_met(mine, 50)}"
    )
    from assembly.models import Ballot

    Ballot.objects.filter(slip_number__gte=1000).delete()


def main():
    db = django_setup("assembly")
    from django.contrib.auth import get_user_model
    from django.db import connection

    from assembly.models import Poll

    print(f"Assembly benchmark · {machine()} · {connection.vendor}")
    data_ready()
    rng = random.Random(7)
    poll_ids = list(Poll.objects.values_list("pk", flat=True))
    polls = list(
        Poll.objects.filter(pk__in=rng.sample(poll_ids, min(50, len(poll_ids))))
    )
    admin = get_user_model().objects.filter(username="bench-admin").first() or (
        get_user_model().objects.create_superuser(
            "bench-admin", "bench@example.org", "x"
        )
    )
    measure_result(polls=polls, admin=admin)
    measure_keying(polls=polls, admin=admin)
    print(
        f"Load average while running: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        "Targets: poll result page < 50 ms; keying one paper ballot < 50 ms in fixed queries."
    )
    print(f"Database: {db.split('@')[-1] if '@' in db else db}")


if __name__ == "__main__":
    main()
