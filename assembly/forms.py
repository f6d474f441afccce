"""Forms: field shapes and the clear message for each; the services check the rest."""

import datetime

from django import forms
from django.apps import apps
from django.utils import timezone

from .models import Proposal
from .models.votes import PROPOSAL_MAX_CHARS, WHY_MAX_CHARS


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you propose?",
        choices=Proposal.Kind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.ModelChoiceField(
        queryset=None, required=False, label="Library text", empty_label="Choose a text"
    )
    section = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Chapter or section",
        empty_label="Choose a chapter or section",
    )
    module = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Course module",
        empty_label="Choose a module",
    )
    topic = forms.CharField(
        label="Or a topic, in your own words",
        required=False,
        max_length=PROPOSAL_MAX_CHARS,
        error_messages={
            "max_length": f"Please keep the topic to {PROPOSAL_MAX_CHARS} characters "
            "(it has %(show_value)d)."
        },
    )
    why = forms.CharField(
        label="Why should the group study it? (a sentence)",
        max_length=WHY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say in a sentence why the group should study it.",
            "max_length": f"Please keep the reason to {WHY_MAX_CHARS} characters "
            "(it has %(show_value)d).",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        TextPage = apps.get_model("library", "TextPage")
        TextSection = apps.get_model("library", "TextSection")
        ModulePage = apps.get_model("courses", "ModulePage")
        self.fields["text"].queryset = (
            TextPage.objects.live().public().order_by("title")
        )
        self.fields["section"].queryset = (
            TextSection.objects.filter(page__live=True)
            .select_related("page")
            .defer("body")
            .order_by("page__title", "sort_order", "pk")
        )
        self.fields["section"].label_from_instance = lambda s: (
            f"{s.page.title}: {s.title}"
        )
        self.fields["module"].queryset = (
            ModulePage.objects.live().public().order_by("title")
        )


class PollForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Proposals on the ballot",
        error_messages={"required": "Choose the proposals to vote on (two or more)."},
    )
    closes_on = forms.DateField(
        label="Voting closes at the end of",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = Proposal.objects.filter(
            group=group, poll__isnull=True
        ).select_related("text", "section", "module")
        self.fields["proposals"].label_from_instance = lambda p: f"{p.title}: {p.why}"
        self.fields["closes_on"].initial = timezone.localdate() + datetime.timedelta(
            days=14
        )

    def closes_at(self) -> datetime.datetime:
        day = self.cleaned_data["closes_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


class CloseForm(forms.Form):
    winner = forms.TypedChoiceField(
        coerce=int, widget=forms.RadioSelect, label="Make this the next session"
    )
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label="Starts at",
        initial=datetime.time(19, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, result, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winner"].choices = [
            (c.proposal.pk, f"{c.proposal.title} ({c.count})") for c in result.counts
        ]
        if result.leaders:
            self.fields["winner"].initial = result.leaders[0].pk


class RecordForm(forms.Form):
    discussed = forms.CharField(
        label="What we discussed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Please write what you discussed."},
    )
    agreed = forms.CharField(
        label="What we agreed",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    asks = forms.CharField(
        label="What we ask the branch or the party to take up",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
