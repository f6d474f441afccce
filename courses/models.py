import math
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import learner_stream
from library.citations import citation_resolve
from library.models import TextSection

from .blocks import ModuleStreamBlock
from .panels import AgendaPanel, CitationsPanel

WORDS_PER_MINUTE = 200


class CourseIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "course index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .selectors import courses_facts  # selectors imports these models

        courses = list(
            CoursePage.objects.child_of(self).live().public().prefetch_related("tags")
        )
        facts = courses_facts(courses=courses)
        for course in courses:
            course.facts = facts[course.pk]
        context["courses"] = courses
        return context


class CourseTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CoursePage(Page):
    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory: no background needed"
        INTERMEDIATE = "intermediate", "Intermediate: for members with some experience"
        ADVANCED = "advanced", "Advanced: for organisers and tutors"

    summary = models.TextField(
        max_length=600, help_text="Two or three sentences: what the course is about."
    )
    audience = models.TextField(
        "who it is for",
        max_length=600,
        help_text="Who should come, and what they need to know beforehand.",
    )
    level = models.CharField(
        max_length=20, choices=Level.choices, default=Level.INTRODUCTORY
    )
    number_of_sessions = models.PositiveSmallIntegerField(
        default=1, help_text="How many meetings a reading group would take over it."
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label="By the end, learners can…"))],
        blank=True,
        help_text="What learners will be able to do or explain afterwards.",
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True)
    tutors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_tutored",
        limit_choices_to=models.Q(groups__name__in=["Tutors", "Education committee"]),
        help_text="Who wrote or leads this course (members of Tutors or the Education committee).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        MultiFieldPanel(
            # The number of sessions is the live modules' count (course_facts):
            # ``number_of_sessions`` is no longer edited or shown.
            [FieldPanel("level")],
            heading="Shape",
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("tags"),
        FieldPanel("tutors"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("level"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = "course"

    def modules(self):
        """The published modules, in the order the tutor arranged them."""
        return ModulePage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_facts, course_progress  # they import these models

        context = super().get_context(request, *args, **kwargs)
        modules = list(self.modules())
        context["modules"] = modules
        context["progress"] = course_progress(
            user=request.user, course=self, modules=modules
        )
        context["facts"] = course_facts(modules=modules)
        return context


@dataclass(frozen=True)
class AgendaItem:
    label: str
    minutes: int
    start: int  # minutes from the start of the session
    position: int  # the block's place in the blocks the agenda was made from


class ModulePage(Page):
    objective = models.TextField(
        max_length=600, help_text="What this session is for, in a sentence or two."
    )
    body = StreamField(ModuleStreamBlock(), blank=True)
    estimated_minutes = models.PositiveIntegerField(
        default=0, editable=False, help_text="Adds up the timed blocks' minutes."
    )
    reading_minutes = models.PositiveIntegerField(default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("objective"),
        AgendaPanel(heading="Agenda"),
        CitationsPanel(heading="Library citations to check"),
        FieldPanel("body"),
    ]
    # ``body`` is a LearnerStreamBlock: what it gives the index (and so search
    # snippets, spelling suggestions and autocomplete) is its learner view only.
    search_fields = Page.search_fields + [
        index.SearchField("objective"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    LEARNER_VIEW = ""
    FACILITATOR_VIEW = "facilitator"
    preview_modes = [
        (LEARNER_VIEW, "As a learner"),
        (FACILITATOR_VIEW, "As a facilitator"),
    ]

    class Meta:
        verbose_name = "module"

    @cached_property
    def agenda(self) -> list[AgendaItem]:
        """The session's running order from the blocks that take time in the room
        (the learner's view of them: the page shows it to everyone)."""
        return self.agenda_of(self.learner_body)

    @staticmethod
    def agenda_of(blocks) -> list[AgendaItem]:
        """The one computation of a module's agenda and times, from ``blocks`` (its
        body, or a view of it): the page, the admin panel, the saved time and the
        packs (which time the blocks they print by ``position``) all read it."""
        items, start = [], 0
        for position, block in enumerate(blocks):
            agenda_item = getattr(block.block, "agenda_item", None)
            if agenda_item is None:
                continue
            label, minutes = agenda_item(block.value)
            if minutes:
                items.append(
                    AgendaItem(
                        label=label, minutes=minutes, start=start, position=position
                    )
                )
                start += minutes
        return items

    @cached_property
    def learner_body(self):
        """The body as learners see it (``core.blocks.learner_stream``)."""
        return learner_stream(self.body)

    @property
    def agenda_minutes(self) -> int:
        """The session's length from its agenda (as ``save`` stores it in
        ``estimated_minutes``)."""
        return sum(item.minutes for item in self.agenda)

    def body_word_count(self) -> int:
        words = len(self.objective.split())
        for block in self.learner_body:
            for text in block.block.get_searchable_content(block.value):
                words += len(strip_tags(text).split())
        return words

    def cited_word_count(self) -> int:
        """The words of the library sections the readings cite, each once: the
        cited section (``library.citations`` says which), or the whole text if
        none is chosen. Texts that are not published, and citations that no
        longer resolve, are not counted."""
        counted, words = set(), 0
        for block in self.learner_body:
            text = block.value.get("text") if block.block_type == "reading" else None
            if text is None or not text.live:
                continue
            citation = citation_resolve(text=text, section=block.value.get("section"))
            if citation.problem:
                continue
            sections = TextSection.objects.filter(page_id=text.pk)
            if citation.section is not None:
                sections = sections.filter(pk=citation.section.pk)
            for pk, count in sections.values_list("pk", "word_count"):
                if pk not in counted:
                    counted.add(pk)
                    words += count or 0
        return words

    def save(self, *args, **kwargs):
        self.__dict__.pop("agenda", None)
        self.__dict__.pop("learner_body", None)
        self.estimated_minutes = sum(item.minutes for item in self.agenda)
        # Publishing saves the page, so the time is right as soon as it is live.
        words = self.body_word_count() + self.cited_word_count()
        self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import module_context  # selectors imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(request=request, module=self))
        context.update(body=self.learner_body, facilitator_view=False)
        return context

    def get_preview_context(self, request, mode_name):
        """Tutors preview a module as learners see it (the default, also used for
        revisions) or as a facilitator sees it, with notes and prompts."""
        context = super().get_preview_context(request, mode_name)
        if mode_name == self.FACILITATOR_VIEW:
            context.update(body=self.body, facilitator_view=True)
        return context


class ModuleCompletion(models.Model):
    """A learner marked a module as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], name="one_completion_per_module"
            )
        ]

    def __str__(self):
        return f"{self.user} completed {self.module}"


class CourseVisit(models.Model):
    """Where a learner last was in a course, so they can pick up from there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_visits"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="visits"
    )
    last_module = models.ForeignKey(
        ModulePage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_visit_per_course"
            )
        ]
        ordering = ["-visited_at"]

    def __str__(self):
        return f"{self.user} in {self.course}"
