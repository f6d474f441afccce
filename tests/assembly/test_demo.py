"""The demo: Riverside's reading group has an open poll of four proposals
and a past session with an approved record; loading twice adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from assembly.models import Action, Poll, Proposal, SessionRecord
from assembly.selectors import pack_assembly
from branches.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_background_work(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


def _counts():
    return [m.objects.count() for m in (Poll, Proposal, SessionRecord, Action)]


def test_the_demo_group_has_an_open_poll_and_an_approved_record():
    call_command("load_demo", force=True, stdout=StringIO())
    poll = Poll.objects.get()
    assert poll.is_open and poll.proposals.count() == 4
    kinds = sorted(poll.proposals.values_list("kind", flat=True))
    assert kinds == ["section", "text", "topic", "topic"]
    assert all(p.member_id for p in poll.proposals.all())
    record = SessionRecord.objects.get()
    assert not record.is_draft and record.approved_at_session.date > record.session.date
    assert record.actions.count() == 3
    # The session after the approving one opens its pack with "Last time…".
    later = Session.objects.filter(group=poll.group, date__gt=record.session.date)
    printed = pack_assembly(session=later.order_by("date").first(), facilitator=True)
    assert "bus stop" in printed["last_time"]["agreed"]
    before = _counts()
    call_command("load_demo", force=True, stdout=StringIO())
    assert _counts() == before
