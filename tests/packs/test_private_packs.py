"""Packs that name people or hold facilitator material are private: kept in
the "private" storage under names nobody can guess, served only through views
that check who asks, to the branch's organisers (never to editors of the
module), and replaced when the people they named change."""

import datetime
import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from branches.models import Member, RegionalOfficer
from branches.services import RegisterInput, member_erase, register_save
from packs.models import PackFile
from packs.options import PackOptions
from packs.services import pack_request
from tests.factories.branches import (
    MemberFactory,
    ReadingGroupFactory,
    SessionFactory,
    organiser_of,
)

pytestmark = pytest.mark.django_db

# Names no other test's files hold: the public folder is the whole run's.
GROUP_MEMBERS = [
    ("Aisha Quennell", ""),
    ("Bill Brackenbury", "Billo"),
    ("Zoe Adamczyk", ""),
]
NAMES_SHOWN = ["Aisha Quennell", "Billo", "Zoe Adamczyk"]
FACILITATOR_ONLY = [
    "SECRET-FACILITATOR-NOTE",
    "keep the pairs mixed",
    "Ask the newest member first",
]


@pytest.fixture
def session(branch_a, module):
    group = ReadingGroupFactory(branch=branch_a, name="Tuesday group")
    for name, preferred in GROUP_MEMBERS:
        group.members.add(
            MemberFactory(branch=branch_a, name=name, preferred_name=preferred)
        )
    return SessionFactory(
        branch=branch_a,
        group=group,
        title="Tuesday session",
        date=timezone.localdate(),
        module=module,
    )


def names_in(text: str) -> list[str]:
    """Which of the branch's people ``text`` names."""
    found = []
    for member in Member.objects.all():
        for name in (member.name, member.preferred_name):
            if name and name in text:
                found.append(name)
    return found


def body_text(response) -> str:
    if response.streaming:
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if data.startswith(b"%PDF"):
        return "\n".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages
        )
    return data.decode(errors="replace")


def session_urls(session) -> dict[str, str]:
    pack = reverse("packs:session", args=[session.pk])
    return {
        "facilitator clear": f"{pack}?edition=facilitator&size=clear",
        "facilitator large": f"{pack}?edition=facilitator&size=large",
        "facilitator booklet": f"{pack}?edition=facilitator&size=clear&booklet=1",
        "bundle clear": f"{pack}?edition=bundle&size=clear",
        "bundle large": f"{pack}?edition=bundle&size=large",
        "sign-in sheet": reverse("branches_organise:sign_in_sheet", args=[session.pk]),
    }


@pytest.fixture
def others(db, branch_a, organiser_b, tutor, editor, learner):
    """Everyone who must not have a session's people: signed out, a learner,
    a tutor and the education committee (who may edit its module), an
    organiser of another branch and the officer of the branch's region."""
    officer = organiser_of(email="officer@example.org")
    RegionalOfficer.objects.create(user=officer, region=branch_a.region)
    return {
        "anonymous": None,
        "learner": learner,
        "tutor": tutor,
        "committee": editor,
        "organiser of B": organiser_b,
        "regional officer": officer,
    }


def test_only_the_branchs_organisers_have_a_sessions_people(
    client, session, others, organiser_a, admin_user
):
    urls = session_urls(session)
    # The organiser's facilitator pack exists, so its status and file are there
    # to be asked for too.
    client.force_login(organiser_a)
    made = client.get(urls["facilitator clear"])
    assert names_in(body_text(made)) == NAMES_SHOWN
    pack = PackFile.objects.get(edition="facilitator")
    urls["status"] = reverse("packs:status", args=[pack.pk])
    for role, user in others.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for label, url in urls.items():
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (role, label)
            assert names_in(body_text(response)) == [], (role, label)
    # The tutor and the committee still have the module's facilitator pack,
    # which names nobody.
    for role in ["tutor", "committee"]:
        client.force_login(others[role])
        response = client.get(
            reverse("packs:page", args=[session.module.pk]) + "?edition=facilitator"
        )
        text = body_text(response)
        assert response.status_code == 200 and "SECRET-FACILITATOR-NOTE" in text
        assert names_in(text) == []
    # National staff (here a superuser) may, like the branch's organisers.
    client.force_login(admin_user)
    sheet = client.get(urls["sign-in sheet"])
    assert names_in(body_text(sheet)) == NAMES_SHOWN


def test_organiser_gets_the_bundle_and_the_sheet_privately(
    client, session, organiser_a
):
    client.force_login(organiser_a)
    urls = session_urls(session)
    for label in ["bundle clear", "sign-in sheet"]:
        response = client.get(urls[label])
        assert response.status_code == 200, label
        assert "Billo" in body_text(response), label
        cache = response["Cache-Control"]
        assert "private" in cache and "no-store" in cache, label
        assert "public" not in cache, label


def test_a_learners_pack_is_served_privately_too(client, module):
    response = client.get(reverse("packs:page", args=[module.pk]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_pack_files_are_private_and_their_names_unguessable(
    client, session, organiser_a
):
    client.force_login(organiser_a)
    client.get(session_urls(session)["facilitator clear"])
    pack = PackFile.objects.get()
    private = storages["private"]
    assert pack.file.storage is private and private.exists(pack.file.name)
    name = pack.file.name
    assert name.startswith("packs/") and len(Path(name).stem) >= 32
    # Nothing of the source or the options (a random token may hold digits).
    assert not re.search(rf"(session|facilitator|clear|-{session.pk}-)", name)
    assert not Path(private.path(name)).is_relative_to(settings.MEDIA_ROOT)
    with pytest.raises(ValueError, match="no public address"):
        private.url(name)
    # The old public address serves nothing, whatever the id.
    old = f"{settings.MEDIA_URL}packs/session-{session.pk}-facilitator-clear.pdf"
    assert client.get(old).status_code == 404


def _files_text(root: Path) -> str:
    """Every file under ``root`` as text: PDFs by their extracted text."""
    texts = []
    for path in sorted(Path(root).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts.append(data.decode(errors="replace"))  # whatever it is, raw
        if data.startswith(b"%PDF"):
            try:
                reader = PdfReader(io.BytesIO(data))
                texts.extend(p.extract_text() or "" for p in reader.pages)
            except PdfReadError:
                pass  # another test's stand-in for a PDF: read raw above
    return "\n".join(texts)


EVERY_EDITION = [
    PackOptions(edition=edition, size=size, booklet=booklet)
    for edition in ["learner", "facilitator"]
    for size, booklet in [("clear", False), ("large", False), ("clear", True)]
] + [PackOptions(edition="bundle", size=size) for size in ["clear", "large"]]


def test_no_pack_edition_leaves_a_name_or_a_note_in_the_public_folder(session, course):
    sources = [session.module.specific, course, session]
    made = 0
    for source in sources:
        for options in EVERY_EDITION:
            if options.bundle and source is not session:
                continue  # "print everything" is a session's
            pack = pack_request(source=source, options=options)
            pack.refresh_from_db()
            assert pack.is_ready, (source, options.slug, pack.error)
            made += 1
    assert made == 6 + 6 + 8
    public = _files_text(settings.MEDIA_ROOT)
    assert names_in(public) == []
    for text in FACILITATOR_ONLY:
        assert text not in public
    # The scan reads what the packs hold: in the private folder, there they are.
    private = _files_text(settings.PRIVATE_MEDIA_ROOT)
    assert names_in(private) == NAMES_SHOWN
    assert "SECRET-FACILITATOR-NOTE" in private


def _facilitator_pack(session) -> PackFile:
    pack = pack_request(source=session, options=PackOptions(edition="facilitator"))
    pack.refresh_from_db()
    assert pack.is_ready
    return pack


def _pack_text(pack: PackFile) -> str:
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_erasing_a_member_replaces_every_pack_that_named_them(
    session, organiser_a, django_capture_on_commit_callbacks
):
    old = _facilitator_pack(session)
    assert "Zoe Adamczyk" in _pack_text(old)
    zoe = Member.objects.get(name="Zoe Adamczyk")
    with django_capture_on_commit_callbacks(execute=True):
        member_erase(member=zoe, user=organiser_a)
    assert not PackFile.objects.filter(pk=old.pk).exists()
    assert not storages["private"].exists(old.file.name)
    remade = PackFile.objects.get(edition="facilitator")  # made again at once
    assert remade.is_ready and remade.file.name != old.file.name
    text = _pack_text(remade)
    assert "Zoe Adamczyk" not in text and "Aisha Quennell" in text


def test_a_register_change_replaces_the_sessions_packs(
    session, organiser_a, django_capture_on_commit_callbacks
):
    old = _facilitator_pack(session)
    with django_capture_on_commit_callbacks(execute=True):
        register_save(
            session=session,
            entry=RegisterInput(walk_ins=["Walter Walkin"]),
            user=organiser_a,
        )
    assert not storages["private"].exists(old.file.name)
    remade = PackFile.objects.get(edition="facilitator")
    assert "Walter Walkin" in _pack_text(remade)  # he came: he is on the sheet


def test_renaming_a_member_replaces_the_packs_with_the_old_name(session):
    old = _facilitator_pack(session)
    aisha = Member.objects.get(name="Aisha Quennell")
    aisha.preferred_name = "Ash"
    aisha.save()
    assert not PackFile.objects.filter(pk=old.pk).exists()
    assert not storages["private"].exists(old.file.name)


def test_a_failed_pack_shows_no_path_and_no_exception(
    client, module, monkeypatch, caplog
):
    from packs import services

    secret = "/srv/studycircle/var/fonts/missing-font.ttf"

    def broken(**kwargs):
        raise OSError(f"[Errno 2] No such file or directory: '{secret}'")

    monkeypatch.setattr(services, "pack_html", broken)
    url = reverse("packs:page", args=[module.pk]) + "?edition=learner"
    with caplog.at_level(logging.ERROR, logger="packs.services"):
        response = client.get(url)
    html = response.content.decode()
    pack = PackFile.objects.get()
    assert pack.status == "failed"
    for leak in [secret, "Errno", "OSError"]:
        assert leak not in pack.error and leak not in html
    assert "could not be made" in html
    status = client.get(reverse("packs:status", args=[pack.pk])).json()
    assert secret not in status["error"] and status["error"]
    assert secret in caplog.text  # the administrators still have it, in the log


def test_a_failure_in_the_render_process_is_logged_not_shown(monkeypatch, caplog):
    from packs import services

    secret = "/srv/studycircle/site/print/missing.css"

    def broken(**kwargs):
        raise OSError(f"cannot read {secret}")

    monkeypatch.setattr(services, "pdf_from_html", broken)
    with caplog.at_level(logging.ERROR, logger="packs.services"):
        with pytest.raises(services.PackRenderError) as raised:
            services.pack_render_isolated(html="<p>x</p>", options=PackOptions())
    assert secret not in str(raised.value) and "OSError" not in str(raised.value)
    assert secret in caplog.text


def test_old_public_packs_are_deleted_by_the_migration(db):
    """The migration to the private storage deletes the public packs (their
    rows, their files, and any file left in the old folder)."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("packs.migrations.0002_pack_private_storage")
    public = storages["default"]
    kept = public.save("packs/session-4-facilitator-clear.pdf", io.BytesIO(b"%PDF-"))
    stray = public.save("packs/session-5-bundle-clear.pdf", io.BytesIO(b"%PDF-"))
    PackFile.objects.create(
        key="session:4:r1:facilitator-clear",
        source_kind="session",
        source_id=4,
        revision="1",
        options_slug="facilitator-clear",
        edition="facilitator",
        size="clear",
        status="ready",
    )
    PackFile.objects.filter(key="session:4:r1:facilitator-clear").update(file=kept)
    migration.delete_public_packs(apps, None)
    assert not public.exists(kept) and not public.exists(stray)
    assert not PackFile.objects.exists()


def test_a_sessions_sheet_and_counts_read_one_list(session):
    """The print counts are the sign-in list's, whoever is in the branch."""
    from packs.sessions import expected_members, print_counts

    Member.objects.filter(name="Bill Brackenbury").update(large_print=True)
    MemberFactory(branch=session.branch, name="Not In Group", large_print=True)
    session.refresh_from_db()
    names = [m["name"] for m in expected_members(session)]
    assert names == NAMES_SHOWN
    assert print_counts([session])[session.pk] == {"large": 1, "clear": 2}
    one_off = SessionFactory(
        branch=session.branch, group=None, date=session.date + datetime.timedelta(1)
    )
    assert expected_members(one_off) == []


def test_a_private_folder_inside_the_public_one_is_refused(settings, tmp_path):
    from core.storage import check_private_root

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [error.id for error in check_private_root()] == ["core.E001"]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert check_private_root() == []
