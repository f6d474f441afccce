"""Issue 2: a module page renders in under 30 ms median (warm, test client).

Data: the demo course plus a generated course of 30 modules of 40 blocks each.
Figures: p50/p95 over 200 requests, and queries per page (which must not grow
with the number of blocks or modules).
"""

import time

from bench._common import django_setup, machine, summary_ms

MODULES = 30
BLOCKS = 40
REQUESTS = 200

PARAGRAPH = (
    "<p>A branch meeting is where members decide what the party does in their "
    "area: who to support, what to campaign on, and how to welcome new people. "
    "It works best when everyone knows what is being decided and why.</p>"
)


def _block(i: int):
    kind = i % 6
    if kind == 0:
        return ("text", PARAGRAPH * 3)
    if kind == 1:
        return (
            "reading",
            {
                "title": f"Reading {i}",
                "author": "The party",
                "chapter": "Chapter 3",
                "pages": "12-19",
                "url": "",
                "introduction": PARAGRAPH,
                "minutes": 10,
            },
        )
    if kind == 2:
        return (
            "discussion",
            {
                "heading": f"Discussion {i}",
                "questions": [
                    {"question": "What did this reading change in your view?", "facilitator_prompt": "Go round the room.", "minutes": 5},
                    {"question": "What would you do differently in our branch?", "facilitator_prompt": "", "minutes": 5},
                ],
            },
        )
    if kind == 3:
        return (
            "activity",
            {"title": f"Activity {i}", "instructions": PARAGRAPH, "minutes": 15, "materials": "Paper, pens"},
        )
    if kind == 4:
        return ("key_terms", {"terms": [{"term": "Motion", "definition": "A proposal for the meeting to decide on."}] * 3})
    return ("facilitator_note", {"note": PARAGRAPH})


def build():
    from core.models import HomePage
    from courses.models import CourseIndexPage, CoursePage, ModulePage

    home = HomePage.objects.get()
    try:
        from core.demo import demo_load

        demo_load()
    except ImportError:
        pass
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    course = index.add_child(
        instance=CoursePage(
            title="Generated course",
            slug="generated-course",
            summary="A long course for measuring.",
            audience="Benchmarks",
            number_of_sessions=MODULES,
        )
    )
    modules = []
    for m in range(MODULES):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m + 1}",
                slug=f"module-{m + 1}",
                objective="Measure how fast a module page renders.",
                body=[_block(i) for i in range(BLOCKS)],
            )
        )
        module.save_revision().publish()
        modules.append(module)
    return course, modules


def measure(client, url: str) -> list[float]:
    for _ in range(10):
        client.get(url)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def main():
    db = django_setup("modules")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Site

    Site.objects.update(hostname="testserver", port=80)
    course, modules = build()
    print(f"Module page benchmark · {machine()} · {db.split(':')[0]}")
    print(f"Data: generated course of {len(modules)} modules × {BLOCKS} blocks (+ demo course)")

    client = Client()
    middle = modules[len(modules) // 2]
    print(f"Anonymous, module {middle.title}: {summary_ms(measure(client, middle.url))}")
    print(f"  queries per page: {queries(client, middle.url)} (first module: {queries(client, modules[0].url)}, last: {queries(client, modules[-1].url)})")

    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "x")
    client.force_login(user)
    print(f"Logged-in learner: {summary_ms(measure(client, middle.url))}")
    print(f"  queries per page: {queries(client, middle.url)}")
    print(f"Course page ({len(modules)} modules): {summary_ms(measure(client, course.url))}")
    print("Target: module page p50 < 30 ms, constant queries.")
