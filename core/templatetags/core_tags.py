import logging

from django import template

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def render_block(context, block):
    """``{% include_block %}`` that keeps the page up if one block is broken.

    A block whose value no longer renders (a deleted image, a malformed
    revision) is logged and left out; the rest of the page still renders.
    """
    try:
        return block.render_as_block(context=context.flatten())
    except Exception:  # noqa: BLE001 - a broken block must not take the page down
        logger.exception("Could not render a %s block", getattr(block, "block_type", "?"))
        return ""


@register.filter
def minutes(value):
    """45 -> '45 min', 90 -> '1 hr 30 min'."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return ""
    hours, mins = divmod(value, 60)
    if hours and mins:
        return f"{hours} hr {mins} min"
    if hours:
        return f"{hours} hr"
    return f"{mins} min"


@register.simple_tag
def form_field(field):
    """Render a field's widget tied to its help text and its errors, so a screen
    reader reads both when the field has focus."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    attrs = {}
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)
