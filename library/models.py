"""The library: texts (books, pamphlets, articles) members read on screen.

A text's body lives in ``TextSection`` rows, one per chapter, so a 500-page
book is read a chapter per screen and each chapter is its own search hit.
"""

import hashlib
import math
import re

from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, ReferenceIndex
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

WORDS_PER_MINUTE = 200
_TAG = re.compile(r"<[^>]+>")  # strip_tags is far slower on a whole book
SECTION_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "blockquote"]

# Reading time buckets for the "length" filter: (key, label, min, max minutes).
LENGTHS = [
    ("short", "Short (under an hour)", 0, 59),
    ("medium", "Medium (1 to 5 hours)", 60, 300),
    ("long", "Long (over 5 hours)", 301, None),
]


class SearchableQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class Author(index.Indexed, models.Model):
    name = models.CharField(
        max_length=200, help_text="As readers know them: 'Karl Marx'."
    )
    sort_name = models.CharField(
        max_length=200, blank=True, help_text="For sorting and matching: 'Marx, Karl'."
    )
    birth_year = models.SmallIntegerField(null=True, blank=True)
    death_year = models.SmallIntegerField(null=True, blank=True)
    bio = models.TextField(
        "short biography",
        max_length=1200,
        blank=True,
        help_text="Two or three sentences.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("sort_name"),
        FieldRowPanel(
            [FieldPanel("birth_year"), FieldPanel("death_year")], heading="Dates"
        ),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("sort_name"),
    ]
    objects = SearchableQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]

    def __str__(self):
        return self.name

    @property
    def dates(self) -> str:
        if self.birth_year or self.death_year:
            return f"{self.birth_year or '?'}–{self.death_year or ''}"
        return ""


class LibraryIndexPage(Page):
    """The library: texts members can browse, filter, search and read."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["library.TextPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "library index page"

    def get_context(self, request, *args, **kwargs):
        from .selectors import library_browse  # selectors imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(library_browse(library=self, params=request.GET))
        return context

    def route(self, request, path_components):
        """A text and its page row in one query (Wagtail's walk takes two:
        the page, then its specific row); anything else as Wagtail routes it."""
        if path_components:
            text = TextPage.objects.child_of(self).filter(slug=path_components[0])
            text = text.first()
            if text is not None:
                text._cached_parent_obj = self  # as Page.route: no parent query
                return text.route(request, path_components[1:])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "context_data", {}).get("search_unavailable"):
            response.status_code = 503  # search is down: not "no texts match"
        return response


class TextTag(TaggedItemBase):
    content_object = ParentalKey(
        "library.TextPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TextPage(RoutablePageMixin, Page):
    class ReadingLevel(models.TextChoices):
        ACCESSIBLE = "accessible", "Accessible: plain language, short"
        STANDARD = "standard", "Standard: some background helps"
        DEMANDING = "demanding", "Demanding: dense or old-fashioned prose"

    authors = ParentalManyToManyField(Author, blank=True, related_name="texts")
    original_year = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="When the text first appeared (a year is enough).",
    )
    original_date = models.DateField(
        null=True,
        blank=True,
        help_text="The full date, if it matters (a speech, a letter).",
    )
    summary = models.TextField(
        blank=True, help_text="A paragraph: what it is and why read it."
    )
    source = models.CharField(
        "source or publisher",
        max_length=255,
        blank=True,
        help_text="e.g. Project Gutenberg",
    )
    source_url = models.URLField("source link", max_length=500, blank=True)
    rights = models.TextField(
        "rights statement", blank=True, help_text="e.g. 'Public domain in the USA.'"
    )
    language = models.CharField(max_length=20, blank=True, default="en")
    reading_level = models.CharField(
        max_length=20, choices=ReadingLevel.choices, default=ReadingLevel.STANDARD
    )
    tags = ClusterTaggableManager(through=TextTag, blank=True, help_text="Topics.")
    original_file = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file the text came from, for readers who want to download it.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_minutes = models.PositiveIntegerField(default=0, editable=False)
    import_key = models.CharField(
        max_length=120,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Identifies the imported source ('gutenberg:61'), so re-imports update.",
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("authors"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("original_year"), FieldPanel("original_date")]
                ),
                FieldPanel("source"),
                FieldPanel("source_url"),
                FieldPanel("rights"),
                FieldPanel("language"),
                FieldPanel("original_file"),
            ],
            heading="Origin",
        ),
        FieldPanel("reading_level"),
        FieldPanel("tags"),
        InlinePanel("sections", heading="Chapters and sections", label="Section"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("reading_level"),
        index.FilterField("original_year"),
        index.FilterField("reading_minutes"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "text"

    def save(self, *args, **kwargs):
        from .tasks import text_sections_index  # tasks imports these models

        update_fields = kwargs.get("update_fields")
        sections_saved = update_fields is None or "sections" in update_fields
        if sections_saved:
            self._prepare_sections()
        result = super().save(*args, **kwargs)
        if sections_saved:
            from .numbering import paragraphs_rebuild  # reads these models

            paragraphs_rebuild(text=self)
            text_sections_index(page_id=self.pk)
        return result

    def _prepare_sections(self):
        """Give every section a unique anchor and add up the reading time."""
        seen, words = set(), 0
        for number, section in enumerate(self.sections.all(), start=1):
            anchor = (
                slugify(section.anchor or section.title)[:70] or f"section-{number}"
            )
            base, n = anchor, 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
            section.anchor = anchor
            section.word_count = len(_TAG.sub(" ", section.body).split())
            words += section.word_count
        self.word_count = words
        self.reading_minutes = math.ceil(words / WORDS_PER_MINUTE) if words else 0

    @cached_property
    def section_list(self) -> list["TextSection"]:
        """The table of contents, without loading the chapters' text."""
        return list(self.sections.defer("body").order_by("sort_order", "pk"))

    @property
    def reading_level_label(self) -> str:
        return self.get_reading_level_display().split(":")[0]

    @property
    def length_key(self) -> str:
        for key, _label, low, high in LENGTHS:
            if self.reading_minutes >= low and (
                high is None or self.reading_minutes <= high
            ):
                return key
        return ""

    def get_view_restrictions(self):
        """Wagtail's answer in one query instead of two: the restrictions on
        this page and its ancestors, an alias answering for its source page."""
        from wagtail.models import PageViewRestriction

        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        pages = Page.objects.filter(path__in=[self.path[:n] for n in steps])
        return PageViewRestriction.objects.filter(
            page_id__in=pages.annotate(source=Coalesce("alias_of_id", "id")).values(
                "source"
            )
        )

    def section_url(self, section) -> str:
        return self.url + self.reverse_subpage("section", args=[section.anchor])

    def courses_citing(self):
        """Live pages whose readings cite this text, from Wagtail's reference
        index. Which pages count is for the apps above the library to say: each
        registers ``register_text_citing_pages`` (``courses``: its live modules),
        a function of the citing page ids returning pages in display order."""
        ids = ReferenceIndex.get_references_to(self).values_list("object_id", flat=True)
        page_ids = [int(i) for i in ids if str(i).isdigit()]
        return [
            page
            for citing in hooks.get_hooks("register_text_citing_pages")
            for page in citing(page_ids=page_ids)
        ]

    @path("")
    def contents(self, request):
        return self.render(request, context_overrides={"sections": self.section_list})

    @path("<slug:anchor>/", name="section")
    def section(self, request, anchor):
        from .reading import section_screen  # reading imports these models

        context = section_screen(text=self, anchor=anchor, request=request)
        if context is None:
            raise Http404("No such section")
        return self.render(
            request, template="library/text_section.html", context_overrides=context
        )


class TextSection(index.Indexed, Orderable):
    """A chapter or section of a text: read one per screen, found one per hit."""

    page = ParentalKey(TextPage, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=255)
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text="The section's address; made from the title if empty.",
    )
    body = RichTextField(features=SECTION_FEATURES)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    # Of the section's TextParagraph rows, set by library.numbering: keys the
    # cached screens (library.reading.screen_render).
    paragraphs_hash = models.CharField(max_length=32, blank=True, editable=False)

    panels = [FieldPanel("title"), FieldPanel("anchor"), FieldPanel("body")]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        index.FilterField("page"),
    ]
    objects = SearchableQuerySet.as_manager()

    # Indexed a whole text at a time (library.tasks), not on every save.
    search_auto_update = False
    # A book's own links are not references worth tracking, and scanning a
    # whole book again on every section save makes imports quadratic.
    wagtail_reference_index_ignore = True

    class Meta(Orderable.Meta):
        verbose_name = "section"

    def __str__(self):
        return self.title

    @property
    def search_digest(self) -> str:
        """Changes when what the search index holds of the section changes."""
        content = "\x1f".join((str(self.page_id), self.title, self.body))
        return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


class SectionIndexState(models.Model):
    """What the search index holds of a section: its ``search_digest`` when it
    was last indexed. Publishing a text re-indexes only the sections whose
    digest changed (one chapter of a 60-chapter book, not all 60). Kept apart
    from ``TextSection`` so that revisions, which copy a section's fields,
    never carry it."""

    section = models.OneToOneField(
        TextSection, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    digest = models.CharField(max_length=32)

    def __str__(self):
        return f"section {self.section_id}: {self.digest}"


from .import_models import ImportJob  # noqa: E402, F401
from .reading_models import ReadingPlace, TextParagraph  # noqa: E402, F401
