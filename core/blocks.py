"""Blocks shared by every feature app. Feature apps extend these in their own
``blocks.py``; nothing here knows about courses, the library or branches."""

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "blocks/rich_text_block.html"


class QuotationBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, help_text="Who said or wrote it, and where: 'Keir Hardie, 1906'."
    )

    class Meta:
        icon = "openquote"
        label = "Quotation"
        template = "blocks/quotation_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the image for people who cannot see it. Leave empty "
        "only if it is decoration.",
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/captioned_image_block.html"


class MediaBlock(blocks.StructBlock):
    """A video or audio recording from YouTube, Vimeo, SoundCloud and the like."""

    embed = EmbedBlock(help_text="The address of the video or audio page.")
    title = blocks.CharBlock(help_text="What it is, for people who can't play it.")
    transcript = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="A transcript or summary: printed packs show this instead of the player.",
    )

    class Meta:
        icon = "media"
        label = "Video or audio"
        template = "blocks/media_block.html"


# Facilitators only -------------------------------------------------------------
#
# Which content is for facilitators is declared once, on the block: a block class
# says ``facilitator_only = True`` in its Meta (a whole block, like a facilitator
# note), or a child block is built with ``facilitator_only=True`` (a field, like a
# discussion question's prompt). Every channel that shows or indexes content to
# learners (page, search index and snippets, autocomplete, learner packs, API)
# asks ``learner_stream`` / ``learner_value`` for the learner's view; nothing else
# knows which blocks are private.


def is_facilitator_only(block) -> bool:
    """True when ``block`` (a block instance) is declared for facilitators only."""
    return bool(getattr(block.meta, "facilitator_only", False))


def learner_value(block, value):
    """``value`` as learners may see it: facilitator-only children removed at any
    depth. ``None`` when the whole block is for facilitators."""
    if is_facilitator_only(block):
        return None
    if isinstance(block, blocks.StreamBlock):
        return learner_stream(value)
    if isinstance(block, blocks.StructBlock):
        kept = []
        for name, child_value in value.items():
            child = block.child_blocks.get(name)
            if child is None:
                continue
            shown = learner_value(child, child_value)
            if shown is not None:
                kept.append((name, shown))
        return block.meta.value_class(block, kept)
    if isinstance(block, blocks.ListBlock):
        child_block = block.child_block
        children = [
            ListValue.ListChild(
                child_block, learner_value(child_block, child.value), id=child.id
            )
            for child in value.bound_blocks
        ]
        return ListValue(block, bound_blocks=children)
    return value


def learner_stream(value):
    """The learner's view of a StreamField value: a new ``StreamValue`` without
    facilitator-only blocks, and with facilitator-only fields taken out of the
    blocks that remain. The value passed in is not changed."""
    if value is None:
        return None
    kept = []
    for child in value:
        shown = learner_value(child.block, child.value)
        if shown is not None:
            kept.append((child.block_type, shown, child.id))
    return blocks.StreamValue(value.stream_block, kept, is_lazy=False)


def facilitator_only_paths(block, prefix: str = "") -> list[str]:
    """Every facilitator-only block under ``block``, as dotted child names
    (``facilitator_note``, ``discussion.questions.facilitator_prompt``)."""
    found = []
    children = {}
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        children = block.child_blocks
    elif isinstance(block, blocks.ListBlock):
        children = {"": block.child_block}
    for name, child in children.items():
        path = ".".join(part for part in (prefix, name) if part)
        if is_facilitator_only(child):
            found.append(path)
        else:
            found.extend(facilitator_only_paths(child, path))
    return found


class LearnerStreamBlock(blocks.StreamBlock):
    """A stream whose search content and API representation are its learner view,
    so the shared search index (snippets, spelling, autocomplete) and any API
    never carry facilitator-only content. Facilitator views render the stream
    itself (a tutor's preview as a facilitator, the facilitator pack)."""

    def get_searchable_content(self, value):
        return super().get_searchable_content(learner_stream(value))

    def get_api_representation(self, value, context=None):
        return super().get_api_representation(learner_stream(value), context=context)
