"""A member's proposals and ballots: in their subject access export, and
anonymised when they are erased. ``branches`` calls these through the
``register_member_data_export`` and ``register_member_data_erase`` hooks
(``assembly.wagtail_hooks``): it cannot import us."""

import re

from branches.models import Member

from ..models import Action, Ballot, GroupSecretary, Proposal, SessionRecord

FORMER_MEMBER = "[a former member]"


def member_assembly_data(*, member: Member) -> dict:
    """What the member proposed, and how they voted online (their own ballots:
    the export is theirs, so it is the one place a ballot is read with a name)."""
    proposals = Proposal.objects.filter(member=member).select_related(
        "group", "text", "section", "module", "poll"
    )
    ballots = (
        Ballot.objects.filter(member=member)
        .select_related("poll", "poll__group")
        .prefetch_related("proposals__text", "proposals__section", "proposals__module")
        .order_by("cast_at")
    )
    return {
        "secretary_of": [
            {"group": s.group.name, "appointed_at": s.appointed_at.isoformat()}
            for s in GroupSecretary.objects.filter(member=member).select_related(
                "group"
            )
        ],
        "proposals": [
            {
                "group": p.group.name,
                "proposed": p.title,
                "kind": p.get_kind_display(),
                "why": p.why,
                "created_at": p.created_at.isoformat(),
            }
            for p in proposals
        ],
        "ballots": [
            {
                "poll": b.poll.question,
                "group": b.poll.group.name,
                "method": b.get_method_display(),
                "cast_at": b.cast_at.isoformat(),
                "approved": [p.title for p in b.proposals.all()],
            }
            for b in ballots
        ],
    }


def member_assembly_erase(*, member: Member) -> None:
    """Keep the counts, remove the person: ballots and proposals lose their
    member; the ticks and the proposals stay. Runs in the erasure's transaction."""
    Ballot.objects.filter(member=member).update(member=None)
    Proposal.objects.filter(member=member).update(member=None)
    GroupSecretary.objects.filter(member=member).delete()
    records_scrub_name(member=member)


def name_pattern(*, member: Member) -> re.Pattern | None:
    """The member's name as it is written in minutes: the full name, the
    preferred name with the surname, first name and initial ("Ada L."), and
    the first, preferred or last name alone. Whole words only; a single name only
    with its capital (so "Will" goes, "we will" stays)."""
    words = (member.name or "").split()
    if not words:
        return None
    first, last = words[0], words[-1]
    preferred = (member.preferred_name or "").strip()
    phrases, singles = set(), {first, preferred} - {""}
    if len(words) > 1:
        phrases = {" ".join(words), f"{first} {last}", f"{first} {last[0]}."}
        if preferred:
            phrases |= {f"{preferred} {last}", f"{preferred} {last[0]}."}
        singles.add(last)
    alternatives = [
        "(?i:" + r"\s+".join(map(re.escape, p.split())) + ")" for p in phrases
    ] + [re.escape(p) for p in singles]
    # Longest first, so "Ada Lovelace" is one marker, not "[…] Lovelace".
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def records_scrub_name(*, member: Member) -> int:
    """Replace the member's name in their branch's session records (what was
    discussed, agreed, asked) and actions (who, what) by a neutral marker:
    the records and actions stay, so the counts stay. How many rows changed."""
    pattern = name_pattern(member=member)
    if pattern is None:
        return 0
    changed = 0
    targets = (
        (SessionRecord, ["discussed", "agreed", "asks"], "branch_id"),
        (Action, ["who", "what"], "record__branch_id"),
    )
    for model, fields, branch in targets:
        for row in model.objects.filter(**{branch: member.branch_id}).only(*fields):
            dirty = [f for f in fields if pattern.search(getattr(row, f))]
            for name in dirty:
                limit = model._meta.get_field(name).max_length
                setattr(
                    row, name, pattern.sub(FORMER_MEMBER, getattr(row, name))[:limit]
                )
            if dirty:
                row.save(update_fields=dirty)
                changed += 1
    return changed
