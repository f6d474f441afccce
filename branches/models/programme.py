"""Reading groups, their sessions, and who came."""

import datetime

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    get_form_for_model,
)
from wagtail.models import Orderable

from core.widgets import page_choosers_make_safe
from library.citations import KINDS as CITE_KINDS
from library.citations import Citation, citation_errors

from .people import Branch, Member, Venue


def evening_start() -> datetime.time:
    """A session's default start, 7 pm. A callable, not a fixed ``time``:
    Django's check W161 warns about a fixed time default whenever it runs
    within ten seconds of that time of day (``check --deploy`` at 18:59:52
    failed CI once)."""
    return datetime.time(19, 0)


class ReadingGroup(models.Model):
    """A branch's reading group: a description and a programme of sessions.

    A plain model with a ``ModelViewSet`` rather than a page under a branch
    page: every query here has to be scoped to the organiser's branches, and a
    viewset's querysets and forms are one place to do that, where the page tree
    would need page permissions per branch kept in step with ``BranchRole``.
    The public side is a small view over the same data.

    ``members`` are the people who come to the group: the names its sessions'
    sign-in sheets print and its print counts add up
    (``branches.selectors.sign_in_lists``). Membership is kept by hand, on the
    group's form, rather than guessed from the register, so that a sheet
    passed round the room names the group and not the branch.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="reading_groups",
        help_text="Who comes to this group: the names on its sign-in sheets.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class _SectionsByText(ModelChoiceIterator):
    """The sections as one ``<optgroup>`` per text, in the texts' order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, tuple[str, list]] = {}
        for section in self.queryset:
            groups.setdefault(section.page_id, (section.page.title, []))[1].append(
                self.choice(section)
            )
        yield from groups.values()


class TextSectionChoiceField(forms.ModelChoiceField):
    iterator = _SectionsByText

    def label_from_instance(self, obj):
        return obj.title


class SessionReadingForm(WagtailAdminModelForm):
    """A library reading's form. The section is a plain select (no JavaScript)
    of the sections of the library's live texts, grouped by text, plus those of
    the text already chosen; ``SessionReading.clean`` checks that the section
    is one of the chosen text's. The sections' bodies are never loaded."""

    section = TextSectionChoiceField(
        queryset=None,
        required=False,
        label="Section",
        empty_label="The whole text, or the pages below",
        help_text="A chapter or section of the text chosen above, to print in full.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page_choosers_make_safe(self)
        TextSection = apps.get_model("library", "TextSection")
        offered = models.Q(page__live=True)
        if self.instance.text_id:
            offered |= models.Q(page_id=self.instance.text_id)
        self.fields["section"].queryset = (
            TextSection.objects.filter(offered)
            .select_related("page")
            .only("pk", "title", "page_id", "page__title")
            .order_by("page__title", "page_id", "sort_order", "pk")
        )


class SessionReadingsPanel(InlinePanel):
    """An InlinePanel whose forms are ``SessionReadingForm``."""

    def get_form_options(self):
        options = super().get_form_options()
        child_options = self.child_edit_handler.get_form_options()
        defer = child_options.get("defer_required_on_fields")
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=SessionReadingForm,
            **({"defer_required_on_fields": defer} if defer else {}),
        )
        return options


class Session(ClusterableModel):
    """One meeting: a reading group's, or a one-off of the branch.

    What is studied: a course ``module``, library readings (``library_readings``,
    a ``SessionReading`` each) and, for what is not in the library, the free
    text of ``readings``.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="sessions")
    group = models.ForeignKey(
        ReadingGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
        help_text="Leave empty for a one-off session of the branch.",
    )
    title = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    start_time = models.TimeField(default=evening_start)
    end_time = models.TimeField(null=True, blank=True)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    facilitator = models.CharField(max_length=150, blank=True)
    module = models.ForeignKey(
        "courses.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="branch_sessions",
        help_text="The course module studied, if any.",
    )
    readings = models.TextField(
        "other readings",
        blank=True,
        help_text="Material not in the library: author, title and chapter or pages, "
        "one a line.",
    )
    register_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The register's tally, recounted from Attendance in the same transaction
    # as every register write (branches.services.session_recount), so reports
    # over 2,000,000 marks add up 50,000 sessions instead.
    present_count = models.PositiveIntegerField(default=0, editable=False)
    late_count = models.PositiveIntegerField(default=0, editable=False)
    apologies_count = models.PositiveIntegerField(default=0, editable=False)
    absent_count = models.PositiveIntegerField(default=0, editable=False)

    # The admin form (SessionViewSet builds it on BranchScopedForm).
    panels = [
        FieldPanel("branch"),
        FieldPanel("group"),
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")],
            heading="When",
        ),
        FieldPanel("venue"),
        FieldPanel("facilitator"),
        FieldPanel("module"),
        SessionReadingsPanel(
            "library_readings",
            heading="Library readings",
            label="Library reading",
            help_text="Texts from the library: a section of one, or its pages. "
            "Packs print them in full.",
        ),
        FieldPanel("readings"),
    ]

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["branch", "date"], name="session_branch_date")]

    def __str__(self):
        return f"{self.display_title} · {self.date:%a %d %b %Y}"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.group_id:
            return self.group.name
        return "Branch session"

    def clean(self):
        errors = {}
        if self.group_id and self.branch_id and self.group.branch_id != self.branch_id:
            errors["group"] = "This reading group belongs to another branch."
        if self.venue_id and self.branch_id and self.venue.branch_id != self.branch_id:
            errors["venue"] = "This venue belongs to another branch."
        if self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The session must end after it starts."
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def prefetch_library_readings() -> models.Prefetch:
        """For lists of sessions: their library readings, texts and sections
        in one more query (``library_reading_list`` then makes none)."""
        return models.Prefetch(
            "library_readings",
            queryset=SessionReading.objects.select_related("text", "section")
            .defer("section__body")
            .order_by("sort_order", "pk"),
        )

    @property
    def library_reading_list(self) -> list["SessionReading"]:
        """The library readings in order, with their texts and sections (but
        not the sections' bodies): one query, none if prefetched."""
        readings = self.library_readings.all()
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if isinstance(readings, models.QuerySet) and "library_readings" not in prefetched:
            readings = (
                readings.select_related("text", "section")
                .defer("section__body")
                .order_by("sort_order", "pk")
            )
        return list(readings)

    @property
    def other_reading_lines(self) -> list[str]:
        """The free-text readings, a line each."""
        return [line.strip() for line in (self.readings or "").splitlines() if line.strip()]

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime.datetime:
        end = self.end_time or (
            datetime.datetime.combine(self.date, self.start_time) + datetime.timedelta(hours=2)
        ).time()
        return timezone.make_aware(datetime.datetime.combine(self.date, end))


class SessionReading(Orderable):
    """A library text read for a session: one of its sections, or its pages.

    ``text`` is SET_NULL rather than PROTECT: the library is the library
    editors', who must be able to withdraw a text (its rights, a bad import)
    without being blocked by sessions of branches they cannot see or edit.
    The row stays, with its pages, and says the text has left the library.
    ``section`` is SET_NULL for the same reason (a chapter edited out or
    dropped by a re-import): the reading falls back to the whole text.
    """

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="library_readings")
    text = models.ForeignKey(
        "library.TextPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="session_readings",
        verbose_name="library text",
    )
    # Not in Wagtail's reference index: TextPage.courses_citing reads every
    # reference to a text as a module's, so a session's would list the wrong
    # course.
    text.wagtail_reference_index_ignore = True
    section = models.ForeignKey(
        "library.TextSection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_readings",
    )
    pages = models.CharField(
        max_length=40,
        blank=True,
        help_text="The pages in the printed edition, e.g. 12-19.",
    )

    # Optionally only some of it, checked by ``library.citations``.
    cite = models.CharField(max_length=12, blank=True, choices=CITE_KINDS[1:])
    cite_from = models.CharField("from", max_length=12, blank=True)
    cite_to = models.CharField("to", max_length=12, blank=True, help_text="Empty for one.")

    panels = [FieldPanel(name) for name in ("text", "section", "cite", "cite_from", "cite_to", "pages")]

    class Meta(Orderable.Meta):
        verbose_name = "library reading"

    def __str__(self):
        return self.citation

    def clean(self):
        errors = {}
        if self.text_id and self.section_id and self.section.page_id != self.text_id:
            errors["section"] = (
                f"“{self.section.title}” is a section of another text: choose one of "
                f"“{self.text.title}”, or none for the whole text."
            )
        if self.text_id and not self.text.live and self._text_changed():
            errors["text"] = f"“{self.text.title}” is not published in the library."
        if self.text_id and not errors:
            errors.update(citation_errors(text=self.text, section_id=self.section_id, kind=self.cite, start=self.cite_from, end=self.cite_to))
        if errors:
            raise ValidationError(errors)

    def _text_changed(self) -> bool:
        return (
            self.pk is None
            or not SessionReading.objects.filter(pk=self.pk, text_id=self.text_id).exists()
        )

    @property
    def text_title(self) -> str:
        return self.text.title if self.text_id else "A text no longer in the library"

    @property
    def citation(self) -> str:
        """“The Branch Handbook, Chapter II: The Vote, pages 12-19”."""
        parts = [self.text_title]
        if self.section_id:
            parts.append(self.section.title)
        cited = Citation(text=None, kind=self.cite, start=self.cite_from, end=self.cite_to or self.cite_from)
        if cited.range_label:
            parts.append(cited.range_label)
        if self.pages:
            parts.append(f"pages {self.pages}")
        return ", ".join(parts)

    @property
    def url(self) -> str:
        """The section (or the text) in the library; empty unless it is published."""
        if not self.text_id or not self.text.live:
            return ""
        if self.section_id and self.section.anchor:
            return self.text.section_url(self.section)
        return self.text.url or ""


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="one_attendance_per_member_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["present", "late", "apologies", "absent"]),
                name="attendance_status_known",
            ),
        ]
        indexes = [models.Index(fields=["member", "session"], name="attendance_member")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"
