"""The forms: feedback (online or from a slip) and a group's answer."""

import datetime

from django import forms
from django.utils.dateparse import parse_datetime

from branches.models import Member

from .models import CHANGE_MAX_CHARS, STATEMENT_MAX_CHARS
from .questions import PartyQuestion
from .services import MAX_HANDS

SCORES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label="Was it useful? (1 not at all, 5 very)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose a score from 1 to 5.",
            "required": "Choose a score from 1 to 5.",
        },
    )
    clear = forms.TypedChoiceField(
        label="Was it clear? (1 not at all, 5 very)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Choose a score from 1 to 5.",
            "required": "Choose a score from 1 to 5.",
        },
    )
    change = forms.CharField(
        label="One thing to change",
        required=False,
        max_length=CHANGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Optional, at most {CHANGE_MAX_CHARS} characters.",
    )


class PaperFeedbackForm(FeedbackForm):
    """A returned slip, keyed in by the organiser: whose slip it is, from the
    people the register shows at the session who have given none yet."""

    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        label="Whose slip",
        empty_label="Choose the member",
        error_messages={
            "invalid_choice": "Choose someone the register shows at this session."
        },
    )
    field_order = ["member", "useful", "clear", "change"]

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = attendees


class AnswerForm(forms.Form):
    """Hands per option (a field each), people in the room, the statement."""

    in_room = forms.IntegerField(
        label="People in the room", required=False, min_value=0, max_value=MAX_HANDS
    )
    statement = forms.CharField(
        label="The statement the group agreed",
        required=False,
        max_length=STATEMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"At most {STATEMENT_MAX_CHARS} characters. Name no one: it is "
        "shown as the branch's.",
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, question: PartyQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.option_fields = []
        for index, option in enumerate(question.options):
            name = f"option-{index}"
            self.fields[name] = forms.IntegerField(
                label=f"Hands for “{option}”",
                required=False,
                min_value=0,
                max_value=MAX_HANDS,
            )
            self.option_fields.append((name, option))
        if not question.ask_statement:
            del self.fields["statement"]
        elif question.statement_prompt:
            self.fields["statement"].label = question.statement_prompt
        self.prefix = self.prefix or f"q-{question.id}"

    def counts(self) -> dict:
        return {
            option: self.cleaned_data.get(name) for name, option in self.option_fields
        }

    def seen_at(self) -> datetime.datetime | None:
        raw = self.cleaned_data.get("seen") or ""
        return parse_datetime(raw) if raw else None
