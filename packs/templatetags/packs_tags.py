import logging

from django import template
from django.template.loader import select_template
from django.urls import reverse
from django.utils.html import format_html_join

from packs.documents import pack_source
from packs.documents.links import qr_placeholder
from packs.selectors import pack_can_facilitate

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def pack_block(context, item):
    """A module block laid out for print: ``packs/blocks/<type>.html``, else the
    web template. A broken block is logged and left out, as on the site."""
    block = item.block
    values = context.flatten()
    values.update({"value": block.value, "item": item, "block_type": block.block_type})
    try:
        chosen = select_template([f"packs/blocks/{block.block_type}.html"])
    except template.TemplateDoesNotExist:
        chosen = None
    try:
        if chosen is None:
            return block.render_as_block(context=values)
        return chosen.render(values)
    except Exception:  # noqa: BLE001 - one broken block must not lose the whole pack
        logger.exception("Could not print a %s block", block.block_type)
        return ""


@register.filter
def clock(minutes):
    """Minutes from the start as a clock offset: 75 -> '1:15'."""
    try:
        hours, mins = divmod(int(minutes), 60)
    except (TypeError, ValueError):
        return ""
    return f"{hours}:{mins:02d}"


@register.simple_tag
def qr_code(code):
    """Where a page's QR code goes (made after sanitising: ``documents.links``)."""
    return qr_placeholder(code)


@register.simple_tag
def ruled_lines(count=4):
    return format_html_join(
        "", '<div class="rule" aria-hidden="true">{}</div>', [("",)] * int(count)
    )


@register.inclusion_tag("packs/includes/print_section.html", takes_context=True)
def pack_print_section(context, page, heading="Print this module"):
    """Download links for a page's packs; facilitator editions for its editors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    can_facilitate = False
    if user is not None and user.is_authenticated:
        can_facilitate = pack_can_facilitate(user=user, source=pack_source(page))
    return {
        "heading": heading,
        "url": reverse("packs:page", args=[page.pk]),
        "can_facilitate": can_facilitate,
    }
