"""Blocks shared by every feature app. Feature apps extend these in their own
``blocks.py``; nothing here knows about courses, the library or branches."""

from wagtail import blocks
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
