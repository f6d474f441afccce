"""Every role against every URL case of ``matrix.CASES``: status and content.

For each case the world is built once and every role asks for the URL; the
failures of all roles are reported together. See ``matrix.py`` to add a case.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.log_actions import log

from branches.models import (
    Attendance,
    Branch,
    BranchRole,
    Member,
    ReadingGroup,
    Region,
    RegionalOfficer,
    Session,
)
from branches.services import REGISTER_SAVED
from library.reading import reading_place_save
from packs.reading_models import ReadingPrint
from tests.factories.branches import (
    AttendanceFactory,
    BranchFactory,
    MemberFactory,
    ReadingGroupFactory,
    RegionFactory,
    SessionFactory,
)
from tests.factories.courses import ModulePageFactory, UserFactory, module_body

from . import matrix, matrix_assembly, matrix_consultations, matrix_scans
from .matrix import CASES, REFUSED, ROLES, SECRETS, World

NAMES_A = ["Ada Lovelace", "Bessie Braddock", "Clement Attlee"]
NAMES_B = ["Zed Bexleyheath", "Yara Bexleyheath"]
DRAFT_TITLE = "Zanzibar Manifesto Draft"


def _user(email, *groups, first_name=None):
    first_name = first_name or email.split("@")[0].capitalize()
    user = UserFactory(email=email, first_name=first_name, last_name="")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def world(home, course, handbook, monkeypatch):
    from packs import services as pack_services
    from packs.documents import pack_source
    from packs.options import PackOptions

    # No PDF is rendered: a pack asked for stays "preparing" (a 200 page).
    monkeypatch.setattr(pack_services, "pack_enqueue", lambda **kwargs: None)
    module = ModulePageFactory(
        parent=course, title="What a branch is", body=module_body(blocks_count=7)
    )
    draft = ModulePageFactory(parent=course, title=DRAFT_TITLE, live=False)
    region_a, region_b = RegionFactory(name="North"), RegionFactory(name="South")
    branch_a = BranchFactory(name="Ashford", slug="ashford", region=region_a)
    branch_b = BranchFactory(name="Bexley", slug="bexley", region=region_b)
    members_a = [MemberFactory(branch=branch_a, name=n) for n in NAMES_A]
    members_b = [MemberFactory(branch=branch_b, name=n) for n in NAMES_B]
    group_a = ReadingGroupFactory(branch=branch_a, name="Capital reading group")
    today = datetime.date.today()
    session_a = SessionFactory(
        branch=branch_a, group=group_a, date=today, module=module
    )
    session_b = SessionFactory(branch=branch_b, date=today)
    AttendanceFactory(session=session_a, member=members_a[0])
    AttendanceFactory(session=session_b, member=members_b[0])

    users = {
        "learner": _user("learner@example.org"),
        "tutor": _user("tutor@example.org", "Tutors"),
        "committee": _user("committee@example.org", "Education committee"),
        "organiser_a": _user(
            "olive@example.org", "Branch organisers", first_name="Olivetta"
        ),
        "organiser_b": _user(
            "bob@example.org", "Branch organisers", first_name="Bobbina"
        ),
        "officer_a": _user("reo@example.org", "Branch organisers"),
        "national": _user("nat@example.org", "National education staff"),
    }
    role_a = BranchRole.objects.create(user=users["organiser_a"], branch=branch_a)
    BranchRole.objects.create(user=users["organiser_b"], branch=branch_b)
    officer_role = RegionalOfficer.objects.create(
        user=users["officer_a"], region=region_a
    )
    # The audit trail of both branches.
    log(instance=members_a[0], action="wagtail.edit", user=users["organiser_a"])
    log(instance=session_a, action=REGISTER_SAVED, user=users["organiser_a"])
    log(instance=members_b[0], action="wagtail.edit", user=users["organiser_b"])
    log(instance=session_b, action=REGISTER_SAVED, user=users["organiser_b"])
    pack_a = pack_services.pack_request(
        source=pack_source(session_a), options=PackOptions(edition="facilitator")
    )
    reading_print = ReadingPrint.objects.create(
        text=handbook, section=f"{handbook.pk}:chapter-ii-the-vote"
    )
    reading_place_save(
        user=users["learner"],
        text=handbook,
        section=handbook.sections.get(anchor="chapter-ii-the-vote"),
        screen=1,
    )
    scan_a, scan_row_a = matrix_scans.scan_of(
        session_a, members_a[0], users["organiser_a"]
    )
    assembly = matrix_assembly.world_objects(group_a, session_a, members_a)
    world = World(
        objects={
            **assembly,
            "reading_print": reading_print,
            "users": users,
            "module": module,
            "draft": draft,
            "course": course,
            "handbook": handbook,
            "branch_a": branch_a,
            "region_a": region_a,
            "member_a": members_a[0],
            "group_a": group_a,
            "session_a": session_a,
            "role_a": role_a,
            "officer_a_role": officer_role,
            "pack_a": pack_a,
            "session_b": session_b,
            "scan_a": scan_a,
            "scan_row_a": scan_row_a,
        },
        secrets={
            "branch_a": NAMES_A
            + [m.email for m in members_a]
            + ["olive@example.org", "Olivetta", f"Member #{members_a[0].pk} (Ashford)"],
            "branch_b": NAMES_B
            + [m.email for m in members_b]
            + ["bob@example.org", "Bobbina", f"Member #{members_b[0].pk} (Bexley)"],
            "draft": [DRAFT_TITLE],
            "record": ["RECORD-DISCUSSED-A", "ACTION-WHO-A"],
            "facilitator": [
                "SECRET-FACILITATOR-NOTE",
                "keep the pairs mixed",
                "Ask the newest member first",
            ],
        },
    )
    matrix_consultations.world_extend(world)
    return world


def _body(response) -> str:
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if "spreadsheetml" in response.get("Content-Type", ""):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data)).active
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return data.decode("utf-8", errors="replace")


def _fingerprint(w: World):
    """Branch A's data, and the tables a refused POST might touch."""
    branch = w.branch_a
    return [
        list(
            Member.objects.filter(branch=branch)
            .values_list("pk", "name", "email", "erased_at", "user_id", "account_email")
            .order_by("pk")
        ),
        list(
            Attendance.objects.filter(session__branch=branch)
            .values_list("pk", "status")
            .order_by("pk")
        ),
        list(
            Session.objects.filter(branch=branch)
            .values_list("pk", "title", "date")
            .order_by("pk")
        ),
        list(ReadingGroup.objects.values_list("pk", "name").order_by("pk")),
        list(Branch.objects.values_list("pk", "name", "slug").order_by("pk")),
        list(Region.objects.values_list("pk", "name").order_by("pk")),
        BranchRole.objects.count(),
        RegionalOfficer.objects.count(),
        Member.objects.count(),
        *matrix_assembly.fingerprint(),
        *matrix_scans.fingerprint(),
        *matrix_consultations.fingerprint(w),
    ]


def _post_data(w: World, role) -> dict:
    member = w.member_a.pk
    return {
        "name": "Hijacked",
        "title": "Hijacked",
        "slug": "hijacked",
        "branch": w.branch_a.pk,
        "group": w.group_a.pk,
        "region": w.region_a.pk,
        "member": [member],
        f"status-{member}": "absent",
        "joined_on": "2024-01-01",
        "first_date": "2030-01-01",
        "start_time": "19:00",
        "end_time": "21:00",
        "every_weeks": "1",
        "count": "2",
        "role": "organiser",
        "user": w.users["organiser_b"].pk,
        **matrix_assembly.post_data(w),
        **matrix_consultations.post_data(w),
    }


def _check(case, w, role, client, problems):
    url = case.url(w)
    response = client.get(url)
    body = _body(response)
    status = response.status_code
    if role in case.allowed and status != 200:
        problems.append(f"{role}: GET {url} gave {status}, expected 200")
    if role not in case.allowed:
        if status not in REFUSED:
            problems.append(f"{role}: GET {url} gave {status}, expected refusal")
        elif status == 302 and response["Location"].split("?")[0] == url.split("?")[0]:
            problems.append(f"{role}: GET {url} redirects to itself")
    for secret, viewers in SECRETS.items():
        if role in viewers:
            continue
        for text in w.secrets[secret]:
            if text in body:
                problems.append(f"{role}: GET {url} shows {secret} secret {text!r}")
    if case.check is not None:
        try:
            case.check(w, role, response, body)
        except AssertionError as error:
            problems.append(f"{role}: GET {url}: {error}")
    post_allowed = case.allowed if case.post_allowed is None else case.post_allowed
    if case.post and role not in post_allowed:
        before = _fingerprint(w)
        response = client.post(url, _post_data(w, role))
        if response.status_code not in REFUSED:
            problems.append(f"{role}: POST {url} gave {response.status_code}")
        if _fingerprint(w) != before:
            problems.append(f"{role}: POST {url} changed branch A's data")


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_matrix(client, world, case):
    problems = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        _check(case, world, role, client, problems)
    assert not problems, "\n".join(problems)


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _routes(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_branches_admin_url_is_in_the_matrix():
    routes = {
        r
        for r in _routes(get_resolver().url_patterns)
        if r.startswith(matrix.COVERED_NAMESPACES)
    }
    assert len(routes) > 60  # the walk found the viewsets
    covered = {case.route for case in CASES}
    missing = sorted(routes - covered)
    assert not missing, f"URLs with no row in tests/privacy/matrix.py: {missing}"


def test_the_content_checks_can_see_the_secrets(client, world):
    """The matrix's reading is not vacuous: the roles who may see a secret see it."""
    from django.urls import reverse

    client.force_login(world.users["organiser_a"])
    html = client.get(reverse("branches_member:index")).content.decode()
    assert all(name in html for name in NAMES_A)
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert f"Member #{world.member_a.pk} (Ashford)" in html and "Olivetta" in html
    client.force_login(world.users["national"])
    html = client.get(reverse("branches_member:index")).content.decode()
    assert all(name in html for name in NAMES_A + NAMES_B)
    response = client.get(
        reverse("branches_organise:branch_report", args=[world.branch_a.pk])
        + "?export=xlsx&table=members"
    )
    assert NAMES_A[0] in _body(response)
    client.force_login(world.users["tutor"])
    assert (
        DRAFT_TITLE
        in client.get(
            reverse("wagtailadmin_explore", args=[world.course.pk])
        ).content.decode()
    )


def test_a_facilitator_pack_is_not_a_public_file(client, world, settings):
    """The stored file of a session's facilitator pack is not in public storage."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    from packs.services import pack_build

    pack = world.pack_a
    assert pack_build(pack_id=pack.pk) == "ready"
    pack.refresh_from_db()
    storage = pack.file.storage
    assert storage is not default_storage
    try:
        path = Path(storage.path(pack.file.name)).resolve()
    except NotImplementedError:
        path = None  # a remote storage: not a local public folder
    if path is not None:
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="no public address"):
        pack.file.url  # noqa: B018 - the private storage gives no address to fetch


def _public_file_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    text = data.decode(errors="replace")  # whatever it is, raw
    if data.startswith(b"%PDF"):
        try:
            pages = PdfReader(io.BytesIO(data)).pages
            text += "\n".join(p.extract_text() or "" for p in pages)
        except PdfReadError:
            pass  # another test's stand-in for a PDF: read raw above
    return text


def test_stored_file_urls_every_role_can_fetch_hold_no_secret(world, rf, settings):
    """The "stored file URL" row: the web server serves ``MEDIA_ROOT`` to every
    role, so once every pack edition is made, no file there holds a secret."""
    from pathlib import Path

    from django.views.static import serve
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from packs.documents import pack_source
    from packs.options import PackOptions
    from packs.services import pack_build, pack_request

    # A public upload, so that the walk below has a public file to read.
    get_image_model().objects.create(title="Banner", file=get_test_image_file())
    made = []
    for source in (world.session_a, world.module):
        for edition in ("learner", "facilitator", "bundle"):
            if edition == "bundle" and source is not world.session_a:
                continue
            pack = pack_request(
                source=pack_source(source), options=PackOptions(edition=edition)
            )
            assert pack_build(pack_id=pack.pk) == "ready", edition
            pack.refresh_from_db()
            made.append(pack)
    root = Path(settings.MEDIA_ROOT)
    served = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        response = serve(rf.get(settings.MEDIA_URL + rel), rel, document_root=root)
        served[rel] = _public_file_text(b"".join(response.streaming_content))
    assert any(rel.startswith("original_images/") for rel in served), served
    everything = "\n".join(served.values())
    for secret in ("branch_a", "branch_b", "draft", "facilitator"):
        for text in world.secrets[secret]:
            assert text not in everything, (secret, text)
    # The packs were made, privately, and hold what their readers need.
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    assert all((private / pack.file.name).is_file() for pack in made)
    for pack in made:
        assert not (root / pack.file.name).exists()
    guessable = f"packs/session-{world.session_a.pk}-facilitator-clear.pdf"
    assert not (root / guessable).exists()
