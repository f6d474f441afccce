"""The permission matrix as data: roles, what each may read, and URL cases.

Add a row to ``CASES`` for every new URL (the test fails for a branches admin
URL that has none). A case says who gets the page (``allowed``; every other
role must be refused: 302 to log in, 403, 404 or 405) and, if the URL
changes data, that a POST from a refused role is refused and changes nothing.
Whatever the status, every response is read for the secrets of ``SECRETS``
and must hold none that the role may not see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

ROLES = (
    "anonymous",
    "learner",
    "tutor",
    "committee",
    "organiser_a",
    "organiser_b",
    "officer_a",
    "national",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = EVERYONE - {"anonymous", "learner"}
EDITORS = frozenset({"tutor", "committee"})
ORGANISERS = frozenset({"organiser_a", "organiser_b", "officer_a", "national"})
OF_A = frozenset({"organiser_a", "officer_a", "national"})  # those who see branch A
NATIONAL = frozenset({"national"})
# A session's facilitator edition, bundle and sign-in sheet name its people: for
# the branch's organisers and national staff, not regional officers (issue 10).
SESSION_PEOPLE = frozenset({"organiser_a", "national"})
NOBODY = frozenset()

# Which secrets (``World.secrets[name]``) each role may read anywhere.
SECRETS = {
    "branch_a": OF_A,  # A's members' names and e-mails, A's organiser's e-mail
    "branch_b": frozenset({"organiser_b", "national"}),
    "draft": EDITORS,  # a draft page's title and words
    "facilitator": EDITORS,  # a facilitator note and prompt of a module
    # assembly: a session record of A names people (organisers of A, national).
    "record": SESSION_PEOPLE,
}

# 400: the admin pages API answers so for a parent page the user may not see.
REFUSED = {302, 400, 403, 404, 405}


@dataclass(frozen=True)
class Case:
    id: str
    url: Callable  # (world) -> str
    allowed: frozenset  # roles that GET it with 200
    post: bool = False  # refused roles' POSTs are refused and change nothing
    post_allowed: frozenset | None = None  # who may POST, if not ``allowed``
    route: str = ""  # the URL name, for the "every admin URL" check
    marks: tuple = ()
    check: Callable | None = None  # (world, role, response, body) -> None, extra

    def param(self):
        return pytest.param(self, id=self.id, marks=self.marks)


def _r(name, obj=None, query=""):
    def url(w):
        args = [w.obj(obj)] if obj else []
        return reverse(name, args=args) + query

    return url


def _no_draft_count(w, role, response, body):
    """The pages API must not count drafts the user may not edit."""
    if role in EDITORS or response.status_code != 200:
        return
    import json

    assert json.loads(body)["meta"]["total_count"] == 0, "drafts counted"


def _chapter_checked(body):
    assert "CHAPTER-TWO-TEXT" in body


def _place_checked(role, body):
    """The learner's place in the handbook (recorded in the world) is shown to
    the learner, and to nobody else."""
    shown = "Carry on reading: The Branch Handbook, Chapter II: The Vote" in body
    assert shown == (role == "learner"), "reading place shown to the wrong reader"


def _short(page) -> str:
    from core.short_links import short_code

    return f"/go/{short_code(page_id=page.pk)}/"


def _redirects_to_module(w, role, response, body):
    """A printed short address sends everyone to the live page, nothing more."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == w.module.url, response["Location"]


def _not_found(w, role, response, body):
    """A draft's short address is not found, for editors too: it is for paper."""
    assert response.status_code == 404, response.status_code


PUBLIC = [
    # A redirect for everyone (a 302 is in REFUSED, so ``allowed`` is NOBODY).
    Case(
        "short address",
        lambda w: _short(w.module),
        NOBODY,
        post=True,
        check=_redirects_to_module,
    ),
    Case(
        "short address of a draft",
        lambda w: _short(w.draft),
        NOBODY,
        post=True,
        check=_not_found,
    ),
    Case("home", lambda w: "/", EVERYONE),
    Case("course", lambda w: w.course.url, EVERYONE),
    Case("module", lambda w: w.module.url, EVERYONE),
    Case("library text", lambda w: w.handbook.url, EVERYONE),
    Case(
        "search member name",
        lambda w: "/search/?q=" + w.member_a.name.split()[-1],
        EVERYONE,
    ),
    Case(
        "autocomplete member name",
        lambda w: "/search/autocomplete/?q=" + w.member_a.name.split()[-1][:5],
        EVERYONE,
    ),
    Case("search draft word", lambda w: "/search/?q=zanzibar", EVERYONE),
    Case(
        "search facilitator note",
        lambda w: "/search/?q=pairs+mixed",
        EVERYONE,
    ),
    Case(
        "autocomplete facilitator note",
        lambda w: "/search/autocomplete/?q=pairs",
        EVERYONE,
    ),
    Case("autocomplete draft", lambda w: "/search/autocomplete/?q=zanzi", EVERYONE),
    Case("branch index", _r("branches:index"), EVERYONE),
    Case(
        "branch page", lambda w: reverse("branches:branch", args=["ashford"]), EVERYONE
    ),
    Case(
        "group page",
        lambda w: reverse("branches:group", args=["ashford", w.group_a.pk]),
        EVERYONE,
    ),
    Case(
        "branch calendar.ics",
        lambda w: reverse("branches:branch_calendar", args=["ashford"]),
        EVERYONE,
    ),
    Case(
        "group calendar.ics",
        lambda w: reverse("branches:group_calendar", args=["ashford", w.group_a.pk]),
        EVERYONE,
    ),
    Case("my learning", _r("courses:my_learning"), SIGNED_IN),
    Case(
        "module pack, learner",
        lambda w: reverse("packs:page", args=[w.module.pk]),
        EVERYONE,
    ),
    Case(
        "module pack, facilitator",
        lambda w: reverse("packs:page", args=[w.module.pk]) + "?edition=facilitator",
        EDITORS,
    ),
    Case("session pack, learner", _r("packs:session", "session_a"), EVERYONE),
    Case(
        "session pack, facilitator",
        _r("packs:session", "session_a", "?edition=facilitator"),
        SESSION_PEOPLE,
    ),
    Case(
        "session pack, bundle",
        _r("packs:session", "session_a", "?edition=bundle"),
        SESSION_PEOPLE,
    ),
    Case(
        "library chapter",
        lambda w: w.handbook.url + "chapter-ii-the-vote/",
        EVERYONE,
        check=lambda w, role, response, body: _chapter_checked(body),
    ),
    Case(
        "library text, a learner's reading place",
        lambda w: w.handbook.url,
        EVERYONE,
        check=lambda w, role, response, body: _place_checked(role, body),
    ),
    Case(
        "reading print, large",
        lambda w: (
            reverse("packs:reading_print", args=[w.handbook.pk])
            + f"?section={w.handbook.pk}:chapter-ii-the-vote&size=large"
        ),
        EVERYONE,
        post=True,
    ),
    Case(
        "reading pack",
        lambda w: (
            reverse("packs:reading", args=[w.obj("reading_print")]) + "?size=clear"
        ),
        EVERYONE,
        post=True,
    ),
    Case(
        "reading pack, facilitator edition",
        lambda w: (
            reverse("packs:reading", args=[w.obj("reading_print")])
            + "?edition=facilitator"
        ),
        NOBODY,
    ),
    Case(
        "session pack status",
        lambda w: reverse("packs:status", args=[w.pack_a.pk]),
        SESSION_PEOPLE,
    ),
]

WAGTAIL_ADMIN = [
    Case("admin home", _r("wagtailadmin_home"), ADMIN),
    Case("site history", _r("wagtailadmin_reports:site_history"), ADMIN),
    Case(
        "site history results", _r("wagtailadmin_reports:site_history_results"), ADMIN
    ),
    Case(
        "site history csv",
        _r("wagtailadmin_reports:site_history", query="?export=csv"),
        ADMIN,
    ),
    Case(
        "site history xlsx",
        _r("wagtailadmin_reports:site_history", query="?export=xlsx"),
        ADMIN,
    ),
    Case("page history", _r("wagtailadmin_pages:history", "module"), EDITORS),
    Case("draft page history", _r("wagtailadmin_pages:history", "draft"), EDITORS),
    Case("page explorer", _r("wagtailadmin_explore", "course"), EDITORS),
    Case(
        "admin page search",
        _r("wagtailadmin_pages:search", query="?q=zanzibar"),
        EDITORS,
    ),
    Case(
        "page chooser",
        _r("wagtailadmin_choose_page_child", "course"),
        ADMIN,
    ),
    Case(
        "page chooser search",
        _r("wagtailadmin_choose_page_search", query="?q=zanzibar"),
        ADMIN,
    ),
    Case(
        "admin API pages",
        lambda w: f"/admin/api/main/pages/?child_of={w.course.pk}",
        EDITORS,
    ),
    Case(
        "admin API pages search",
        lambda w: "/admin/api/main/pages/?search=zanzibar",
        ADMIN,
        check=_no_draft_count,
    ),
    Case(
        "admin API draft detail",
        lambda w: f"/admin/api/main/pages/{w.draft.pk}/",
        EDITORS,
    ),
    Case(
        "locked pages report",
        _r("wagtailadmin_reports:locked_pages"),
        frozenset({"committee"}),  # who may lock pages
    ),
    Case("aging pages report", _r("wagtailadmin_reports:aging_pages"), EDITORS),
    Case("workflow report", _r("wagtailadmin_reports:workflow"), EDITORS),
]


def _viewset_cases():
    """Every view of the branches viewsets, with who may use it for A's objects."""
    table = {
        # name: (object, listing/add, one object of A, delete)
        "branches_member": ("member_a", ORGANISERS, OF_A, NOBODY),
        "branches_session": ("session_a", ORGANISERS, OF_A, OF_A),
        "branches_group": ("group_a", ORGANISERS, OF_A, OF_A),
        "branches_branch": ("branch_a", ORGANISERS, OF_A, NOBODY),
        "branches_role": ("role_a", NOBODY, NOBODY, NOBODY),
        "branches_regional_officer": ("officer_a_role", NOBODY, NOBODY, NOBODY),
        "branches_region": ("region_a", NOBODY, NOBODY, NOBODY),
    }
    cases = []
    for name, (obj, listing, one, delete) in table.items():
        add = NATIONAL if name == "branches_branch" else listing
        for view, allowed, with_obj, post in [
            ("index", listing, False, False),
            ("index_results", listing, False, False),
            ("add", add, False, True),
            ("edit", one, True, True),
            ("delete", delete, True, True),
            ("history", one, True, False),
            ("history_results", one, True, False),
            ("usage", one, True, False),
        ]:
            route = f"{name}:{view}"
            url = _r(route, obj if with_obj else None)
            cases.append(Case(route, url, allowed, post=post, route=route))
    return cases


def _organise(view, obj, allowed, post=False, query="", post_allowed=None):
    route = f"branches_organise:{view}"
    return Case(
        route + query,
        _r(route, obj, query),
        allowed,
        post=post,
        route=route,
        post_allowed=post_allowed,
    )


BRANCHES_ADMIN = _viewset_cases() + [
    _organise("registers", None, ORGANISERS),
    _organise("register", "session_a", OF_A, post=True),
    _organise(
        "register_close", "session_a", NOBODY, post=True, post_allowed=OF_A
    ),  # POST only
    _organise("sign_in_sheet", "session_a", SESSION_PEOPLE),
    _organise("sessions_repeat", None, ORGANISERS, post=True),
    _organise("reports", None, ORGANISERS),
    _organise("branch_report", "branch_a", OF_A),
    _organise("branch_report", "branch_a", OF_A, query="?export=csv&table=members"),
    _organise("branch_report", "branch_a", OF_A, query="?export=xlsx&table=sessions"),
    _organise("regional_summary", "region_a", frozenset({"officer_a", "national"})),
    _organise("national_summary", None, NATIONAL),
    _organise("members_import", None, ORGANISERS, post=True),
    _organise("member_export", "member_a", OF_A),
    _organise("member_erase", "member_a", OF_A, post=True),
    Case(
        "packs_print:index",
        _r("packs_print:index"),
        ORGANISERS,
        route="packs_print:index",
    ),
]


def _more_cases():
    # Each app above branches keeps its rows (and its share of the world) in
    # its own module: matrix_<app>.py.
    from . import matrix_assembly, matrix_consultations, matrix_scans

    SECRETS.update(matrix_consultations.SECRETS)
    return matrix_assembly.CASES + matrix_scans.CASES + matrix_consultations.CASES


CASES = PUBLIC + WAGTAIL_ADMIN + BRANCHES_ADMIN + _more_cases()

# URL namespaces whose every route must have a row above.
COVERED_NAMESPACES = ("branches_", "packs_print", "assembly", "consultations", "scans")


@dataclass
class World:
    """The objects the cases point at, and the secrets read for in responses."""

    objects: dict = field(default_factory=dict)
    secrets: dict = field(default_factory=dict)

    def obj(self, name):
        value = self.objects[name]
        return value if isinstance(value, int) else value.pk

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None
