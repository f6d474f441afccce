"""The demo's proposals, open poll, approved record and group secretary
(``assembly/demo_data/assembly.yaml``), for the demo branch's reading group.

Loaded after the demo branch (``wagtail_hooks.py``; see ``core.demo``). It
only creates what is missing: once the group has a poll, or the past session
a record, they are the organiser's and are left alone.
"""

import datetime

from django.utils import timezone

from branches.account_links import member_account_set
from branches.models import Member, ReadingGroup, Session
from core.demo import demo_data, demo_log
from courses.models import ModulePage
from library.models import TextPage, TextSection

from .models import Action, GroupSecretary, Poll, Proposal, SessionRecord


def _data() -> dict:
    return demo_data(app_label="assembly", name="assembly.yaml")


def _proposal(group, spec) -> Proposal:
    member = Member.objects.filter(branch=group.branch, name=spec["member"]).first()
    proposal = Proposal(
        branch=group.branch,
        group=group,
        member=member,
        kind=spec["kind"],
        why=spec["why"],
    )
    if spec["kind"] in ("text", "section"):
        proposal.text = TextPage.objects.filter(slug=spec["text"]).first()
        if spec["kind"] == "section" and proposal.text is not None:
            proposal.section = TextSection.objects.filter(
                page=proposal.text, title=spec["section"]
            ).first()
            if proposal.section is None:
                proposal.kind = "text"
        if proposal.text is None:
            proposal.kind, proposal.topic = (
                "topic",
                spec.get("fallback_topic", spec["text"]),
            )
    elif spec["kind"] == "module":
        proposal.module = ModulePage.objects.filter(slug=spec["module"]).first()
        if proposal.module is None:
            proposal.kind, proposal.topic = (
                "topic",
                spec.get("fallback_topic", spec["module"]),
            )
    else:
        proposal.topic = spec["topic"]
    proposal.save()
    return proposal


def _poll_load(group, spec, stdout) -> None:
    if Poll.objects.filter(group=group).exists():
        return
    poll = Poll.objects.create(
        branch=group.branch,
        group=group,
        question=spec["question"],
        closes_at=timezone.now() + datetime.timedelta(days=spec["closes_in_days"]),
    )
    for proposal_spec in spec["proposals"]:
        proposal = _proposal(group, proposal_spec)
        proposal.poll = poll
        proposal.save(update_fields=["poll"])
    demo_log(stdout, f"Poll with {len(spec['proposals'])} proposals for {group.name}")


def _record_load(group, spec, stdout) -> None:
    today = timezone.localdate()
    past = list(Session.objects.filter(group=group, date__lt=today).order_by("date"))
    if len(past) < 2:
        return
    session, approving = past[-2], past[-1]
    if SessionRecord.objects.filter(session=session).exists():
        return
    record = SessionRecord.objects.create(
        session=session,
        branch=group.branch,
        discussed=spec["discussed"],
        agreed=spec["agreed"],
        asks=spec["asks"],
        approved_at=timezone.make_aware(
            datetime.datetime.combine(approving.date, datetime.time(19, 15))
        ),
        approved_at_session=approving,
    )
    for action in spec["actions"]:
        Action.objects.create(
            record=record,
            who=action["who"],
            what=action["what"],
            by_when=session.date + datetime.timedelta(days=action["days_after"]),
        )
    demo_log(stdout, f"Approved record of {session}")


def _secretary_load(group, spec, users, stdout) -> None:
    """Link the demo secretary's account to her member record and appoint her."""
    user = users.get(spec["account"])
    member = group.members.filter(name=spec["member"], erased_at__isnull=True).first()
    if user is None or member is None:
        return
    if member.user_id is None:
        member_account_set(member=member, email=spec["account"])
        member.save(update_fields=["user", "account_email"])
    if member.user_id != user.pk:
        return  # the organiser has since linked another account: theirs
    _row, created = GroupSecretary.objects.get_or_create(group=group, member=member)
    if created:
        demo_log(stdout, f"Made {member.name} secretary of {group.name}")


def demo_assembly_load(*, demo: dict, stdout=None) -> None:
    branch = demo.get("branch")
    if branch is None:
        return
    data = _data()
    group = ReadingGroup.objects.filter(branch=branch, name=data["group"]).first()
    if group is None:
        group = ReadingGroup.objects.filter(branch=branch).first()
    if group is None:
        return
    _poll_load(group, data["poll"], stdout)
    _record_load(group, data["record"], stdout)
    _secretary_load(group, data["secretary"], demo.get("users", {}), stdout)
