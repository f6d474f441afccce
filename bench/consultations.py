"""Issue 15: the national answers to a question to the party, at size.

Data: 1,000 branches in 12 regions, 20 sessions each (20,000), every branch's
last session studying one module whose question to the party every branch
answered (1,000 answers, each with a statement), and feedback from 10 people
on each answering session (10,000). Smaller with ``BENCH_CONSULT_SCALE=0.1``.
``BENCH_DATABASE_URL`` chooses the database (PostgreSQL for real figures);
data of the right size is kept between runs.

Target: the national answers page (rendered, chart, tables, first page of
statements) under 200 ms. The reference, in the same run, is hand-written SQL
giving the same figures: the per-option sums (``jsonb_each_text``) and the
statements with branch and region names.
"""

import datetime
import os
import random
import time
import uuid

from bench._common import django_setup, machine, summary_ms

BRANCHES = 1_000
SESSIONS_PER_BRANCH = 20
REGIONS = 12
FEEDBACK_PER_ANSWER = 10
OPTIONS = [
    "A motion to the constituency party",
    "A submission to a policy commission",
    "Working with our trade union branch",
    "Campaigning on it locally first",
]
QUESTION_ID = "bench-party-question"


def n_branches() -> int:
    return max(4, int(BRANCHES * float(os.environ.get("BENCH_CONSULT_SCALE", "1"))))


def _module():
    from core.models import HomePage
    from courses.models import ModulePage

    module = ModulePage.objects.filter(slug="bench-party-module").first()
    if module is not None:
        return module
    module = ModulePage(
        title="Bench: how policy is made",
        slug="bench-party-module",
        objective="Bench data.",
        body=[
            {
                "type": "question_to_the_party",
                "value": {
                    "question": "Where should a branch put its effort first?",
                    "options": OPTIONS,
                    "ask_statement": True,
                    "statement_prompt": "",
                },
                "id": QUESTION_ID,
            }
        ],
    )
    HomePage.objects.get().add_child(instance=module)
    return module


def build(n: int, module) -> None:
    from django.db import transaction
    from django.utils import timezone

    from branches.models import Branch, Member, Region, Session
    from consultations.models import Feedback, GroupAnswer

    rng = random.Random(15)
    today = timezone.localdate()
    with transaction.atomic():
        regions = [
            Region.objects.get_or_create(name=f"Bench region {i}")[0]
            for i in range(REGIONS)
        ]
        branches = Branch.objects.bulk_create(
            Branch(
                name=f"Bench branch {i}", slug=f"bench-{i}", region=regions[i % REGIONS]
            )
            for i in range(n)
        )
        sessions = Session.objects.bulk_create(
            Session(
                branch=b,
                date=today - datetime.timedelta(weeks=SESSIONS_PER_BRANCH - k),
                module=module if k == SESSIONS_PER_BRANCH - 1 else None,
            )
            for b in branches
            for k in range(SESSIONS_PER_BRANCH)
        )
        answered = [s for s in sessions if s.module_id]
        GroupAnswer.objects.bulk_create(
            GroupAnswer(
                session=s,
                branch_id=s.branch_id,
                module=module,
                question_id=QUESTION_ID,
                counts={o: rng.randint(0, 8) for o in OPTIONS},
                in_room=12,
                statement=f"Statement {uuid.uuid4().hex[:8]}: we want every motion "
                "we pass to get a written reply within three months.",
            )
            for s in answered
        )
        members = Member.objects.bulk_create(
            Member(branch_id=s.branch_id, name=f"Bench member {s.pk}-{j}")
            for s in answered
            for j in range(FEEDBACK_PER_ANSWER)
        )
        Feedback.objects.bulk_create(
            Feedback(
                session_id=answered[i // FEEDBACK_PER_ANSWER].pk,
                member=m,
                useful=rng.randint(1, 5),
                clear=rng.randint(1, 5),
            )
            for i, m in enumerate(members)
        )


def data_ready(module) -> None:
    from branches.models import Branch
    from consultations.models import GroupAnswer

    n = n_branches()
    have = GroupAnswer.objects.filter(module=module, question_id=QUESTION_ID).count()
    if have != n:
        from branches.models import Region

        Branch.objects.filter(slug__startswith="bench-").delete()
        Region.objects.filter(name__startswith="Bench region").delete()
        start = time.perf_counter()
        build(n, module)
        print(f"Generated in {time.perf_counter() - start:.0f} s", flush=True)
    print(
        f"Data: {Branch.objects.count():,} branches, "
        f"{n * SESSIONS_PER_BRANCH:,} bench sessions, {n:,} answers to the question"
    )


REFERENCE_TOTALS = """
SELECT kv.key, SUM(kv.value::int), COUNT(DISTINCT a.branch_id)
FROM consultations_groupanswer a, jsonb_each_text(a.counts) kv
WHERE a.module_id = %s AND a.question_id = %s
GROUP BY kv.key
"""
REFERENCE_STATEMENTS = """
SELECT b.name, r.name, a.statement
FROM consultations_groupanswer a
JOIN branches_branch b ON b.id = a.branch_id
LEFT JOIN branches_region r ON r.id = b.region_id
WHERE a.module_id = %s AND a.question_id = %s AND a.statement <> ''
ORDER BY b.name
"""


def reference(module) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(REFERENCE_TOTALS, [module.pk, QUESTION_ID])
        cursor.fetchall()
        cursor.execute(REFERENCE_STATEMENTS, [module.pk, QUESTION_ID])
        cursor.fetchall()


def timed(fn, repeat: int) -> list[float]:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def _admin_client():
    """A client logged in as a superuser who has given the second factor."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = get_user_model().objects
    admin = users.filter(username="bench-admin").first() or (
        users.create_superuser("bench-admin", "bench@example.org", "x")
    )
    client = Client()
    client.force_login(admin)
    device = TOTPDevice.objects.filter(user=admin).first() or TOTPDevice.objects.create(
        user=admin, name="bench"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _report(*, page, cold, chrome, result, csv, ref) -> None:
    from bench._common import percentile

    met = "met" if percentile(page, 95) * 1000 < 200 else "not met"
    print(
        f"National answers page (rendered, chart, tables): {summary_ms(page)} · "
        f"target p95 < 200 ms: {met}"
    )
    print(f"  just after an answer changed (its cache out of date): {summary_ms(cold)}")
    print(
        f"  for scale, a near-empty admin page (Feedback on modules): {summary_ms(chrome)}"
    )
    print(f"  of which the selector (question_result): {summary_ms(result)}")
    print(f"National answers CSV: {summary_ms(csv)}")
    if ref:
        p50 = sorted(page)[len(page) // 2] / (sorted(ref)[len(ref) // 2] or 1e-9)
        print(f"Reference, hand-written SQL (totals + statements): {summary_ms(ref)}")
        print(f"Ratio page / reference (p50): {p50:.1f}x")
    else:
        print(
            "Reference SQL is PostgreSQL's (jsonb_each_text): set BENCH_DATABASE_URL."
        )


def main():
    db = django_setup("consultations")
    from django.db import connection
    from django.urls import reverse

    from consultations.questions import module_question
    from consultations.selectors import answers_changed, question_result

    print(f"Consultations benchmark · {machine()} · {connection.vendor}")
    module = _module()
    data_ready(module)
    question = module_question(module, QUESTION_ID)
    client = _admin_client()
    url = reverse(
        "consultations_organise:question_answers", args=[module.pk, QUESTION_ID]
    )
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    assert f"<strong>{n_branches()}</strong>" in first.content.decode()
    page = timed(lambda i: client.get(url), 20)

    def changed_then_read(i):
        answers_changed(module_id=module.pk, question_id=QUESTION_ID)
        client.get(url)

    cold = timed(changed_then_read, 10)
    result = timed(lambda i: question_result(module=module, question=question), 20)
    csv = timed(lambda i: client.get(url + "?export=csv"), 10)
    on_pg = connection.vendor == "postgresql"
    ref = timed(lambda i: reference(module), 20) if on_pg else []
    chrome = timed(lambda i: client.get(reverse("consultations_organise:modules")), 10)
    _report(page=page, cold=cold, chrome=chrome, result=result, csv=csv, ref=ref)
    print(
        f"Load average while running: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print("Target: national answers page p95 < 200 ms.")
    print(f"Database: {db.split('@')[-1] if '@' in db else db}")


if __name__ == "__main__":
    main()
