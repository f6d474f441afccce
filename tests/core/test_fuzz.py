"""Hostile values in every public GET parameter and every organiser form field
get an answer, never a server error (status < 500).

Hypothesis draws the values: NUL bytes, huge and unicode strings, digits that
``int()`` refuses, negative and huge numbers, lists where one value is
expected. The whole file is bounded to well under a minute.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.factories.branches import (
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
    VenueFactory,
)

HOSTILE_SAMPLES = [
    "\x00",
    "a\x00b",
    "%00",
    "",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "1" * 5000,  # more digits than int() accepts
    "²",  # str.isdigit() says yes, int() says no
    "٣",
    "1e309",
    "NaN",
    "[]",
    '{"a": 1}',
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 100_000,
    "𝕏" * 2000,
    "\u202e\u0000\ufeff",
    "2026-02-30",
    "-0001-01-01",
    "99:99",
    '=HYPERLINK("http://x")',
]
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    st.text(max_size=120),
    st.integers().map(str),
)
VALUES = st.one_of(HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3))
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,  # the same values every run: CI does not flake
    database=None,
    # No shrinking: a failure is reported as found, and the run stays bounded.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def group_a(branch_a):
    return ReadingGroupFactory(branch=branch_a, name="Capital reading group")


@pytest.fixture
def session_a(group_a):
    return SessionFactory(
        branch=group_a.branch, group=group_a, date=datetime.date.today()
    )


def assert_answered(response, what):
    assert response.status_code < 500, f"{response.status_code} for {what}"


@pytest.fixture
def public_urls(library, handbook, course, modules, branch_a, group_a, session_a):
    """Every public page with the GET parameters it reads (and a stray one)."""
    section = handbook.section_list[0]
    return [
        (
            library.url,
            [
                "tag",
                "author",
                "decade",
                "length",
                "level",
                "sort",
                "page",
                "q",
                "operator",
            ],
        ),
        (handbook.url, ["q", "page"]),
        (handbook.section_url(section), ["q", "highlight"]),
        (reverse("search:search"), ["q", "operator", "scope", "page"]),
        (reverse("search:autocomplete"), ["q"]),
        (course.url, ["page", "edition"]),
        (modules[0].url, ["page", "edition"]),
        (reverse("branches:index"), ["page", "q"]),
        (reverse("branches:branch", args=[branch_a.slug]), ["page"]),
        (reverse("branches:branch_calendar", args=[branch_a.slug]), ["since"]),
        (reverse("branches:group", args=[branch_a.slug, group_a.pk]), ["page"]),
        (
            reverse("branches:group_calendar", args=[branch_a.slug, group_a.pk]),
            ["since"],
        ),
        (
            reverse("packs:page", args=[modules[0].pk]),
            ["edition", "size", "booklet", "retry"],
        ),
        (
            reverse("packs:session", args=[session_a.pk]),
            ["edition", "size", "booklet", "retry"],
        ),
        (reverse("reader_settings"), ["next"]),
        (reverse("login"), ["next"]),
    ]


@pytest.fixture
def tasks_queued(settings):
    """Packs are queued, not rendered: the fuzz tests the views, not WeasyPrint."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@FUZZ
@given(data=st.data())
def test_public_get_parameters(client, public_urls, tasks_queued, data):
    url, names = data.draw(st.sampled_from(public_urls), label="page")
    params = data.draw(
        st.dictionaries(
            st.sampled_from([*names, "stray"]), VALUES, min_size=1, max_size=3
        ),
        label="params",
    )
    assert_answered(client.get(url, params), f"GET {url} {params!r:.200}")


class _Fields(HTMLParser):
    """The names and first values of a page's main form's fields."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag not in {"input", "select", "textarea"} or not name:
            return
        if name in {"csrfmiddlewaretoken", "q"} or attrs.get("type") == "file":
            return
        if attrs.get("type") in {"radio", "checkbox"} and "checked" not in attrs:
            self.fields.setdefault(name, "")
            return
        self.fields.setdefault(name, attrs.get("value") or "")


def form_fields(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.fields


@pytest.fixture
def organiser_forms(client, organiser_a, branch_a, group_a, session_a):
    """Every organiser form: its URL and the fields its page renders."""
    VenueFactory(branch=branch_a)
    member = MemberFactory(branch=branch_a)
    ReadingGroupFactory(branch=branch_a)
    SessionFactory(branch=branch_a, group=group_a, date=datetime.date.today())
    client.force_login(organiser_a)
    urls = [
        reverse("branches_branch:edit", args=[branch_a.pk]),
        reverse("branches_member:add"),
        reverse("branches_member:edit", args=[member.pk]),
        reverse("branches_session:add"),
        reverse("branches_session:edit", args=[session_a.pk]),
        reverse("branches_group:add"),
        reverse("branches_group:edit", args=[group_a.pk]),
        reverse("branches_organise:register", args=[session_a.pk]),
        reverse("branches_organise:sessions_repeat"),
    ]
    forms = [(url, form_fields(client, url)) for url in urls]
    assert all(fields for _url, fields in forms)
    return forms


@FUZZ
@given(data=st.data())
def test_organiser_form_fields(client, organiser_forms, data):
    url, fields = data.draw(st.sampled_from(organiser_forms), label="form")
    changes = data.draw(
        st.dictionaries(
            st.sampled_from(sorted(fields)), VALUES, min_size=1, max_size=3
        ),
        label="fields",
    )
    response = client.post(url, {**fields, **changes})
    assert_answered(response, f"POST {url} {changes!r:.300}")


@pytest.fixture
def organiser_pages(client, organiser_a, branch_a, session_a):
    client.force_login(organiser_a)
    return [
        (
            reverse("branches_organise:branch_report", args=[branch_a.pk]),
            ["since", "until", "group", "export", "table"],
        ),
        (
            reverse("branches_organise:sessions_repeat"),
            ["group", "first_date", "every_weeks", "count"],
        ),
        (reverse("branches_member:index"), ["q", "p", "ordering", "branch"]),
        (reverse("branches_session:index"), ["q", "p", "ordering", "branch", "group"]),
        (reverse("packs_print:index"), ["branch"]),
    ]


@FUZZ
@given(data=st.data())
def test_organiser_get_parameters(client, organiser_pages, data):
    url, names = data.draw(st.sampled_from(organiser_pages), label="page")
    params = data.draw(
        st.dictionaries(st.sampled_from(names), VALUES, min_size=1, max_size=3),
        label="params",
    )
    assert_answered(client.get(url, params), f"GET {url} {params!r:.200}")


# What broke before, in every parameter of every page, whatever Hypothesis draws.
KNOWN_BREAKERS = ["\x00", "²", "1" * 5000, "-99999999999999999999"]


def test_known_breakers_in_every_get_parameter(
    client, public_urls, organiser_pages, tasks_queued
):
    for url, names in [*public_urls, *organiser_pages]:
        for value in KNOWN_BREAKERS:
            params = dict.fromkeys(names, value)
            assert_answered(client.get(url, params), f"GET {url} = {value[:20]!r}")


@FUZZ
@given(data=st.data())
def test_member_import_rows(client, organiser_a, branch_a, data):
    """The member import's CSV: hostile values in every column, and in the
    header, get a report of bad rows, never a server error."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from branches.services import IMPORT_COLUMNS

    client.force_login(organiser_a)
    header = data.draw(
        st.one_of(st.just(IMPORT_COLUMNS), st.lists(HOSTILE, min_size=1, max_size=4)),
        label="header",
    )
    rows = data.draw(
        st.lists(st.lists(HOSTILE, min_size=len(header), max_size=len(header)), max_size=3),
        label="rows",
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    upload = SimpleUploadedFile("members.csv", out.getvalue().encode("utf-8", "replace"))
    response = client.post(
        reverse("branches_organise:members_import"),
        {"branch": branch_a.pk, "file": upload, "good_rows_only": data.draw(st.booleans())},
    )
    assert_answered(response, f"POST members.csv {header!r:.100} {rows!r:.200}")
