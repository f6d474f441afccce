"""Forms: admin forms limited to the user's branches, repeating sessions,
report filters and the rows of a member import."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from core.forms import IdsModelMultipleChoiceField
from core.widgets import page_choosers_make_safe

from .access import visible_branches
from .account_links import member_account_set
from .models import Member, ReadingGroup, Venue

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]


class BranchScopedForm(WagtailAdminModelForm):
    """Choices of branch, group and venue limited to the user's branches.

    The viewset passes ``for_user``; a branch the user cannot see is simply
    not a valid choice, so a forged POST fails validation like a typo would.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page_choosers_make_safe(self)
        user = self.for_user
        branches = visible_branches(user) if user is not None else None
        if branches is None:
            return
        if "branch" in self.fields:
            self.fields["branch"].queryset = branches
            if branches.count() == 1 and not self.instance.pk:
                self.fields["branch"].initial = branches.first()
        if "group" in self.fields:
            self.fields["group"].queryset = ReadingGroup.objects.filter(
                branch__in=branches.values("pk")
            ).select_related("branch")
        if "venue" in self.fields:
            self.fields["venue"].queryset = Venue.objects.filter(
                branch__in=branches.values("pk")
            ).select_related("branch")

    def full_clean(self):
        self._inline_ids_check()
        super().full_clean()

    def _inline_ids_check(self):
        """A row id that is not a number is a form error, not a server error.

        modelcluster converts the id of each existing inline row (a venue, a
        reading) while building the rows and lets the error escape; such a row
        is shown as new and the form refuses to save.
        """
        self._bad_inline_ids = False
        for formset in getattr(self, "formsets", {}).values():
            if not formset.is_bound:
                continue
            pk = formset.model._meta.pk
            data = formset.data.copy()
            for index in range(formset.initial_form_count()):
                key = f"{formset.add_prefix(index)}-{pk.name}"
                try:
                    pk.to_python(data.get(key) or None)
                except ValidationError:
                    data[key] = ""
                    self._bad_inline_ids = True
            formset.data = data
            formset.__dict__.pop("forms", None)

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "_bad_inline_ids", False):
            raise ValidationError("A row of this form was damaged: reload the page and try again.")
        return cleaned


class MemberForm(BranchScopedForm):
    """A member, and the learner account they are linked to, given by e-mail.

    The account is typed, never chosen from a list: a list of every account
    would show every organiser who has signed up to the site. For the same
    reason the form answers alike whether or not an account uses the address
    (``branches.account_links``).
    """

    learner_account_email = forms.EmailField(
        label="Learner account e-mail",
        required=False,
        help_text=(
            "The e-mail address this member signs in to the site with, or will sign "
            "up with. Once an account with this address signs in, their branch shows "
            "on their “My learning” page. Leave empty to unlink."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        self.fields["learner_account_email"].initial = member.account_email or (
            member.user.email if member.user_id else ""
        )

    def clean_learner_account_email(self):
        return self.cleaned_data.get("learner_account_email", "").strip()

    def clean(self):
        cleaned = super().clean()
        email, branch = cleaned.get("learner_account_email"), cleaned.get("branch")
        if email and branch is not None:
            # Compared with what organisers typed, never with the accounts.
            other = (
                Member.objects.filter(
                    branch=branch, account_email__iexact=email, erased_at__isnull=True
                )
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error(
                    "learner_account_email",
                    f"This e-mail address is already given for another member of "
                    f"{branch.name}, {other.display_name}: remove it there first.",
                )
        return cleaned

    def save(self, commit=True):
        member_account_set(
            member=self.instance, email=self.cleaned_data.get("learner_account_email", "")
        )
        return super().save(commit=commit)


class ReadingGroupForm(BranchScopedForm):
    """A group and who comes to it, chosen from its branch's members only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("members")
        if field is None:
            return
        field = self.fields["members"] = IdsModelMultipleChoiceField(
            queryset=field.queryset,
            required=False,
            widget=forms.CheckboxSelectMultiple(),
            label=field.label,
        )
        field.help_text = (
            "Who comes to this group: only they are named on its sign-in sheets "
            "and counted for its packs."
        )
        branches = visible_branches(self.for_user) if self.for_user else None
        members = Member.objects.filter(erased_at__isnull=True)
        if self.instance.branch_id:
            members = members.filter(branch_id=self.instance.branch_id)
        elif branches is not None:
            members = members.filter(branch__in=branches.values("pk"))
        field.queryset = members.order_by("name", "pk")
        field.label_from_instance = lambda member: member.display_name

    def clean(self):
        cleaned = super().clean()
        branch, members = cleaned.get("branch"), cleaned.get("members")
        if branch is not None and members:
            others = [m.display_name for m in members if m.branch_id != branch.pk]
            if others:
                self.add_error(
                    "members",
                    "Only members of the group's branch can join it: "
                    + ", ".join(others)
                    + ".",
                )
        return cleaned


class YesNoField(forms.Field):
    TRUE = {"yes", "y", "true", "1", "x"}
    FALSE = {"", "no", "n", "false", "0"}

    def to_python(self, value):
        text = (value or "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(f"“{value}” is not yes or no.")

    def validate(self, value):
        pass


class MemberImportRowForm(forms.ModelForm):
    joined_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    consent_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    prefers_paper = YesNoField(required=False)
    large_print = YesNoField(required=False)
    consent_basis = forms.CharField(required=False)

    class Meta:
        model = Member
        fields = [
            "name", "preferred_name", "email", "phone", "joined_on", "prefers_paper",
            "large_print", "access_needs", "consent_on", "consent_basis",
        ]

    def clean_joined_on(self):
        return self.cleaned_data.get("joined_on") or datetime.date.today()

    def clean_consent_basis(self):
        text = (self.cleaned_data.get("consent_basis") or "").strip().lower()
        if not text:
            return ""
        for value, label in Member.ConsentBasis.choices:
            if text in {value, label.lower()}:
                return value
        raise ValidationError(
            f"“{text}” is not a consent basis: use "
            + ", ".join(Member.ConsentBasis.values)
            + "."
        )

    def _post_clean(self):
        # Rows are checked as data only; the branch is set when they are saved.
        pass


class MemberImportForm(forms.Form):
    branch = forms.ModelChoiceField(queryset=None)
    file = forms.FileField(label="CSV file", help_text="Saved from a spreadsheet as CSV (UTF-8).")
    good_rows_only = forms.BooleanField(
        required=False,
        label="Import the good rows even if some rows are bad",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = visible_branches(user)


class RepeatingSessionsForm(forms.Form):
    """“Every second Tuesday for six weeks”: a programme in one go."""

    group = forms.ModelChoiceField(queryset=None, label="Reading group")
    title = forms.CharField(required=False, max_length=200)
    first_date = forms.DateField(widget=AdminDateInput, label="Date of the first session")
    start_time = forms.TimeField(widget=AdminTimeInput, initial=datetime.time(19, 0))
    end_time = forms.TimeField(widget=AdminTimeInput, required=False)
    every_weeks = forms.TypedChoiceField(
        label="Repeat",
        coerce=int,
        choices=[(1, "Every week"), (2, "Every second week"), (3, "Every third week"), (4, "Every fourth week")],
        initial=1,
    )
    count = forms.IntegerField(label="Number of sessions", min_value=1, max_value=52, initial=6)
    venue = forms.ModelChoiceField(queryset=None, required=False)
    facilitator = forms.CharField(required=False, max_length=150)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = visible_branches(user).values("pk")
        self.fields["group"].queryset = ReadingGroup.objects.filter(branch__in=branches)
        self.fields["venue"].queryset = Venue.objects.filter(branch__in=branches)

    def clean(self):
        cleaned = super().clean()
        group, venue = cleaned.get("group"), cleaned.get("venue")
        if group and venue and venue.branch_id != group.branch_id:
            self.add_error("venue", "This venue belongs to another branch.")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The session must end after it starts.")
        return cleaned


class ReportFilterForm(forms.Form):
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups and one-offs")

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ReadingGroup.objects.filter(branch=branch)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}

