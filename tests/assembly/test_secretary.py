"""The group secretary (issue 15): appointed by the branch's organiser, writes
and approves the group's session records on a member page, and nothing else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assembly.models import Action, GroupSecretary, SessionRecord
from assembly.services import AssemblyError, secretary_appoint
from branches.services import member_erase
from tests.factories.branches import MemberFactory, ReadingGroupFactory, SessionFactory
from tests.factories.courses import UserFactory

pytestmark = pytest.mark.django_db

RECORD_TEXT = "SECRET-RECORD-WORDS"


@pytest.fixture
def secretary(voter, group_a, organiser_a):
    """The ``learner`` (member Ada Lovelace of group A), made its secretary."""
    return secretary_appoint(group=group_a, member_id=voter.pk, user=organiser_a)


@pytest.fixture
def record_a(past_session):
    record = SessionRecord.objects.create(
        session=past_session, branch=past_session.branch, discussed=RECORD_TEXT
    )
    Action.objects.create(record=record, who="ACTION-WHO", what="Book the room")
    return record


def _form(**extra):
    return {"discussed": "", "agreed": "", "asks": "", "seen": "", **extra}


def test_the_organiser_appoints_and_removes_a_secretary(
    client, organiser_a, voter, group_a
):
    client.force_login(organiser_a)
    url = reverse("assembly_organise:secretaries", args=[group_a.pk])
    assert "Ada Lovelace" in client.get(url).content.decode()
    assert client.post(url, {"member": voter.pk}).status_code == 302
    row = GroupSecretary.objects.get()
    assert row.member == voter and row.appointed_by == organiser_a
    index = client.get(reverse("assembly_organise:records")).content.decode()
    assert "Ada Lovelace" in index and url in index
    remove = reverse("assembly_organise:secretary_remove", args=[row.pk])
    assert client.post(remove).status_code == 302
    assert not GroupSecretary.objects.exists()


def test_a_member_without_an_account_or_outside_the_group_is_refused(
    client, organiser_a, group_a, branch_a
):
    no_account = MemberFactory(branch=branch_a, name="Bessie Braddock")
    group_a.members.add(no_account)
    not_in_group = MemberFactory(branch=branch_a, user=UserFactory())
    client.force_login(organiser_a)
    url = reverse("assembly_organise:secretaries", args=[group_a.pk])
    response = client.post(url, {"member": no_account.pk})
    assert response.status_code == 400
    assert "Bessie Braddock has no learner account yet" in response.content.decode()
    response = client.post(url, {"member": not_in_group.pk})
    assert response.status_code == 400
    assert "Choose a member of the group." in response.content.decode()
    assert client.post(url, {"member": "x"}).status_code == 400
    assert not GroupSecretary.objects.exists()


def test_a_group_has_at_most_three_secretaries(group_a, branch_a, organiser_a):
    members = [MemberFactory(branch=branch_a, user=UserFactory()) for _ in range(4)]
    group_a.members.add(*members)
    for member in members[:3]:
        secretary_appoint(group=group_a, member_id=member.pk, user=organiser_a)
    with pytest.raises(AssemblyError, match="at most 3 secretaries"):
        secretary_appoint(group=group_a, member_id=members[3].pk, user=organiser_a)
    with pytest.raises(AssemblyError, match="already a secretary"):
        secretary_appoint(group=group_a, member_id=members[0].pk, user=organiser_a)
    assert GroupSecretary.objects.count() == 3


def test_an_organiser_of_another_branch_cannot_appoint_or_remove(
    client, organiser_b, voter, group_a, secretary
):
    client.force_login(organiser_b)
    url = reverse("assembly_organise:secretaries", args=[group_a.pk])
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert "Ada Lovelace" not in response.content.decode()
    other = MemberFactory(branch=group_a.branch, user=UserFactory())
    group_a.members.add(other)
    assert client.post(url, {"member": other.pk}).status_code in (403, 404)
    remove = reverse("assembly_organise:secretary_remove", args=[secretary.pk])
    assert client.post(remove).status_code in (403, 404)
    assert list(GroupSecretary.objects.values_list("member_id", flat=True)) == [
        voter.pk
    ]


def test_the_secretary_writes_the_record_on_the_member_page(
    client, learner, secretary, past_session, group_a
):
    client.force_login(learner)
    sessions = client.get(reverse("assembly:secretary_sessions", args=[group_a.pk]))
    url = reverse("assembly:secretary_record", args=[past_session.pk])
    assert sessions.status_code == 200 and url in sessions.content.decode()
    response = client.post(
        url,
        _form(
            discussed="Rents <script>alert(1)</script> repairs",
            **{"action-who-0": "Bessie", "action-what-0": "Draft the letter"},
        ),
    )
    assert response.status_code == 302
    record = SessionRecord.objects.get(session=past_session)
    assert record.is_draft and record.written_by == learner
    assert record.actions.get().who == "Bessie"
    html = client.get(url).content.decode()
    assert "Rents &lt;script&gt;alert(1)&lt;/script&gt; repairs" in html
    assert "<script>alert(1)" not in html
    # Editing: the form carries the version it showed.
    seen = record.updated_at.isoformat()
    client.post(url, _form(discussed="Rents and repairs", seen=seen))
    record.refresh_from_db()
    assert record.discussed == "Rents and repairs"


def test_ten_thousand_characters_or_a_stale_form_save_nothing(
    client, learner, secretary, past_session
):
    client.force_login(learner)
    url = reverse("assembly:secretary_record", args=[past_session.pk])
    response = client.post(url, _form(discussed="x" * 10_000))
    assert response.status_code == 400
    assert "The record was not saved" in response.content.decode()
    assert not SessionRecord.objects.exists()
    client.post(url, _form(discussed="First version"))
    response = client.post(url, _form(discussed="Stale overwrite"))
    assert response.status_code == 409
    assert "Someone saved this record" in response.content.decode()
    assert SessionRecord.objects.get().discussed == "First version"


def test_the_secretary_approves_the_record_at_a_later_session(
    client, learner, secretary, record_a, group_a
):
    client.force_login(learner)
    approve = reverse("assembly:secretary_approve", args=[record_a.pk])
    client.post(approve)
    record_a.refresh_from_db()
    assert record_a.is_draft  # no later session has met yet
    later = SessionFactory(
        branch=group_a.branch, group=group_a, date=timezone.localdate()
    )
    assert client.post(approve).status_code == 302
    record_a.refresh_from_db()
    assert record_a.approved_by == learner and record_a.approved_at_session == later


def test_the_group_page_and_my_learning_link_the_secretary_only(
    client, learner, other_learner, secretary, group_a, branch_a
):
    link = reverse("assembly:secretary_sessions", args=[group_a.pk])
    client.force_login(learner)
    assert (
        link
        in client.get(reverse("assembly:group", args=[group_a.pk])).content.decode()
    )
    assert link in client.get(reverse("courses:my_learning")).content.decode()
    group_a.members.add(MemberFactory(branch=branch_a, user=other_learner))
    client.force_login(other_learner)
    assert (
        link
        not in client.get(reverse("assembly:group", args=[group_a.pk])).content.decode()
    )
    assert link not in client.get(reverse("courses:my_learning")).content.decode()


def test_erasing_the_member_ends_the_secretaryship(
    client, learner, organiser_a, voter, secretary, past_session
):
    member_erase(member=voter, user=organiser_a)
    assert not GroupSecretary.objects.exists()
    client.force_login(learner)
    url = reverse("assembly:secretary_record", args=[past_session.pk])
    assert client.get(url).status_code == 404


# Who else asks: each must be refused, see none of the record, change nothing.
def _not_secretary(role, *, learner, branch_a, branch_b, group_a, organiser_a, **kw):
    if role == "anonymous":
        return None
    if role == "member_of_group":  # the learner of the group, not its secretary
        return learner
    if role == "organiser_a":  # writes records in the admin, not here
        return organiser_a
    if role == "organiser_b":
        return kw["organiser_b"]
    # A secretary of another group of branch A, or of a group of branch B.
    branch = branch_a if role == "secretary_other_group" else branch_b
    user = UserFactory()
    member = MemberFactory(branch=branch, user=user)
    other = ReadingGroupFactory(branch=branch)
    other.members.add(member)
    secretary_appoint(group=other, member_id=member.pk, user=None)
    if role == "secretary_other_branch":  # and a member, not secretary, of A
        group_a.members.add(MemberFactory(branch=branch_a, user=user))
    return user


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "member_of_group",
        "organiser_a",
        "organiser_b",
        "secretary_other_group",
        "secretary_other_branch",
    ],
)
def test_no_one_else_gets_the_secretary_pages(
    client,
    role,
    voter,
    group_a,
    record_a,
    past_session,
    branch_a,
    branch_b,
    learner,
    organiser_a,
    organiser_b,
):
    user = _not_secretary(
        role,
        learner=learner,
        branch_a=branch_a,
        branch_b=branch_b,
        group_a=group_a,
        organiser_a=organiser_a,
        organiser_b=organiser_b,
    )
    if user is not None:
        client.force_login(user)
    later = SessionFactory(branch=branch_a, group=group_a, date=timezone.localdate())
    urls = [
        reverse("assembly:secretary_sessions", args=[group_a.pk]),
        reverse("assembly:secretary_record", args=[past_session.pk]),
        reverse("assembly:secretary_record", args=[later.pk]),
        reverse("assembly:secretary_approve", args=[record_a.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 404, 405), (url, response.status_code)
        body = response.content.decode()
        assert RECORD_TEXT not in body and "ACTION-WHO" not in body
        response = client.post(url, _form(discussed="Hijacked"))
        assert response.status_code in (302, 404), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
    record_a.refresh_from_db()
    assert record_a.discussed == RECORD_TEXT and record_a.is_draft
    assert SessionRecord.objects.count() == 1


def test_the_demo_secretary_is_appointed_and_listed(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", force=True, stdout=StringIO())
    row = GroupSecretary.objects.select_related("member__user", "group__branch").get()
    assert row.member.name == "Agnieszka Nowak"
    assert row.member.user.username == "secretary@example.org"
    assert row.group.branch.name.startswith("Riverside")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "secretary@example.org / demo-secretary-password\n" in out.getvalue()
    call_command("load_demo", force=True, stdout=StringIO())
    assert GroupSecretary.objects.count() == 1
