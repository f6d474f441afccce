"""A member's proposals and ballots: in their subject access export, and
anonymised when they are erased. ``branches`` calls these through the
``register_member_data_export`` and ``register_member_data_erase`` hooks
(``assembly.wagtail_hooks``): it cannot import us."""

from branches.models import Member

from ..models import Ballot, Proposal


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
