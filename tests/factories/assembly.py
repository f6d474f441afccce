import datetime

import factory
from django.utils import timezone

from assembly.models import Poll, Proposal
from tests.factories.branches import MemberFactory, ReadingGroupFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    """A topic proposal by a member of the group's branch."""

    class Meta:
        model = Proposal

    group = factory.SubFactory(ReadingGroupFactory)
    branch = factory.SelfAttribute("group.branch")
    member = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..branch"))
    kind = Proposal.Kind.TOPIC
    topic = factory.Sequence(lambda n: f"Topic {n}: housing and the council")
    why = "Everyone on the doorstep asks about it."


class PollFactory(factory.django.DjangoModelFactory):
    """An open poll; pass ``proposals=N`` for N proposals of the group on it."""

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    group = factory.SubFactory(ReadingGroupFactory)
    branch = factory.SelfAttribute("group.branch")
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )

    @factory.post_generation
    def proposals(self, create, extracted, **kwargs):
        for _ in range(extracted if extracted is not None else 3):
            ProposalFactory(group=self.group, poll=self)
