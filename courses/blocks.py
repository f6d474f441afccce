"""What a tutor can put in a module: the blocks of a study session.

Blocks that take time in the room (readings, questions, activities) carry
minutes; the module's agenda and estimated time add up from them
(see ``ModulePage.agenda``).

What is for facilitators only is declared here and nowhere else: a block's
``Meta.facilitator_only`` or a child block's ``facilitator_only=True``
(see ``core.blocks.learner_stream``).
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import (
    CaptionedImageBlock,
    LearnerStreamBlock,
    MediaBlock,
    QuotationBlock,
    RichTextBlock,
)
from library.citations import KINDS as CITE_KINDS
from library.citations import citation_errors, legacy_section, section_choices

SIMPLE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ReadingBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        help_text="The work: a book, pamphlet, article or chapter."
    )
    author = blocks.CharBlock(required=False)
    chapter = blocks.CharBlock(required=False, help_text="Chapter or section, if any.")
    pages = blocks.CharBlock(required=False, help_text="Page range, e.g. 12-19.")
    url = blocks.URLBlock(
        required=False, label="Link", help_text="Where to read it online."
    )
    text = blocks.PageChooserBlock(
        page_type="library.TextPage",
        required=False,
        label="Library text",
        help_text="The text in our library, if it is there.",
    )
    section = blocks.ChoiceBlock(
        choices=section_choices,
        required=False,
        label="Library section",
        help_text="A chapter or section of the library text chosen above.",
    )
    cite = blocks.ChoiceBlock(
        choices=CITE_KINDS[1:],
        required=False,
        label="Cite",
        help_text="Optionally, only some paragraphs or original pages.",
    )
    cite_from = blocks.CharBlock(required=False, max_length=12, label="From")
    cite_to = blocks.CharBlock(
        required=False, max_length=12, label="To", help_text="Empty for just one."
    )
    introduction = blocks.RichTextBlock(
        required=False,
        features=SIMPLE_FEATURES,
        help_text="Why we read this, and what to look out for.",
    )
    minutes = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=240,
        help_text="Time given to it in the session.",
    )

    class Meta:
        icon = "doc-full"
        label = "Reading"
        template = "blocks/reading_block.html"

    def agenda_item(self, value):
        return value.get("title") or "Reading", value.get("minutes") or 0

    def to_python(self, value):
        return self._upgrade(super().to_python(value))

    def bulk_to_python(self, values):
        return [self._upgrade(value) for value in super().bulk_to_python(values)]

    def _upgrade(self, value):
        """Blocks saved before sections were chosen from a list hold the
        section's title or anchor as free text, which the list cannot show:
        the editor would show it empty and a save would drop it. Read it as
        the listed section it names; words that name none stay (the citations
        panel flags them, quoting them) and are shown in ``chapter``."""
        section, unresolved = legacy_section(
            text=value.get("text"), value=value.get("section") or ""
        )
        if unresolved:
            if not value.get("chapter"):
                value["chapter"] = unresolved
        elif section:
            value["section"] = section
        return value

    def clean(self, value):
        """A citation the library can resolve, or clear messages (and no save)."""
        value = super().clean(value)
        errors = citation_errors(
            text=value.get("text"),
            section=value.get("section") or "",
            kind=value.get("cite") or "",
            start=value.get("cite_from") or "",
            end=value.get("cite_to") or "",
        )
        if errors:
            raise StructBlockValidationError(
                block_errors={
                    name if name in self.child_blocks else "text": ValidationError(
                        message
                    )
                    for name, message in errors.items()
                }
            )
        return value


class QuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock()
    facilitator_prompt = blocks.TextBlock(
        required=False,
        help_text="For the facilitator only: a follow-up if the room goes quiet.",
        facilitator_only=True,
    )
    minutes = blocks.IntegerBlock(required=False, min_value=0, max_value=120)


class DiscussionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Discussion")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = "Discussion questions"
        template = "blocks/discussion_block.html"

    def agenda_item(self, value):
        minutes = sum((q.get("minutes") or 0) for q in value.get("questions") or [])
        return value.get("heading") or "Discussion", minutes


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    instructions = blocks.RichTextBlock(features=SIMPLE_FEATURES)
    minutes = blocks.IntegerBlock(required=False, min_value=0, max_value=240)
    materials = blocks.TextBlock(
        required=False, help_text="What to bring: paper, pens, a copy of the rule book."
    )

    class Meta:
        icon = "group"
        label = "Activity"
        template = "blocks/activity_block.html"

    def agenda_item(self, value):
        return value.get("title") or "Activity", value.get("minutes") or 0


class FacilitatorNoteBlock(blocks.StructBlock):
    """Kept for facilitators and their printed packs; never shown to learners."""

    note = blocks.RichTextBlock(features=SIMPLE_FEATURES)

    class Meta:
        facilitator_only = True
        icon = "warning"
        label = "Facilitator note"
        template = "blocks/facilitator_note_block.html"


class KeyTermBlock(blocks.StructBlock):
    term = blocks.CharBlock()
    definition = blocks.TextBlock()


class KeyTermsBlock(blocks.StructBlock):
    terms = blocks.ListBlock(KeyTermBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "Key terms"
        template = "blocks/key_terms_block.html"


class QuestionToThePartyBlock(blocks.StructBlock):
    """A question the whole party is asked: each branch that studies the module
    records its group's answer after the session (``consultations``), how many
    in the room chose each option and/or a statement the group agreed.

    The block's own id (``StreamValue`` child ``id``) names the question in
    the answers, so editing its wording keeps the answers already given."""

    question = blocks.TextBlock(max_length=500)
    options = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label="Option"),
        min_num=0,
        max_num=12,
        help_text="The choices the room counts hands for. Leave empty for a "
        "statement only.",
    )
    ask_statement = blocks.BooleanBlock(
        required=False,
        default=True,
        label="Ask for a statement",
        help_text="Room for a short statement the group agrees.",
    )
    statement_prompt = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="What the statement should say, e.g. “What should the party do?”",
    )

    class Meta:
        icon = "pick"
        label = "Question to the party"
        template = "blocks/question_to_the_party_block.html"

    def clean(self, value):
        value = super().clean(value)
        options = [o.strip() for o in value.get("options") or [] if o and o.strip()]
        if not options and not value.get("ask_statement"):
            raise ValidationError(
                "Give the options, ask for a statement, or both.",
            )
        if len(set(options)) != len(options):
            raise ValidationError("Each option must be different.")
        return value


class ModuleStreamBlock(LearnerStreamBlock):
    text = RichTextBlock()
    reading = ReadingBlock()
    discussion = DiscussionBlock()
    activity = ActivityBlock()
    facilitator_note = FacilitatorNoteBlock()
    key_terms = KeyTermsBlock()
    question_to_the_party = QuestionToThePartyBlock()
    quotation = QuotationBlock()
    image = CaptionedImageBlock()
    media = MediaBlock()
