import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

register = template.Library()

_TAG_SPLIT = re.compile(r"(<[^>]+>)")


@register.filter
def mark_terms(value, query):
    """Wrap the query's words in <mark> inside rendered HTML (text only, never
    inside tags); the first gets id="hit-1" so a search result can jump to it."""
    words = [w for w in re.findall(r"\w+", query or "") if len(w) > 1][:12]
    if not words:
        return value
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.I)
    count = 0

    def mark(match):
        nonlocal count
        count += 1
        ident = ' id="hit-1" tabindex="-1"' if count == 1 else ""
        return f"<mark{ident}>{match.group(1)}</mark>"

    parts = _TAG_SPLIT.split(str(value))
    out = [part if part.startswith("<") else pattern.sub(mark, part) for part in parts]
    return mark_safe("".join(out))  # noqa: S308 - only adds <mark> to already-safe HTML


@register.simple_tag
def library_reading_url(text, section=""):
    """Where a course reading's link goes: the section if it names one, else the text."""
    if not text:
        return ""
    text = text.specific
    url = text.url or ""
    wanted = (section or "").strip()
    if not wanted or not url:
        return url
    slug = slugify(wanted.partition(":")[2] if ":" in wanted else wanted)
    for item in text.section_list:
        if item.anchor == slug or item.title.strip().lower() == wanted.lower():
            return text.section_url(item)
    return url


@register.simple_tag
def query_with(params, **changes):
    """The current GET parameters with some changed (empty value removes one)."""
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return "?" + encoded if encoded else "?"


@register.filter
def authors_line(text):
    return ", ".join(escape(a.name) for a in text.authors.all())


@register.inclusion_tag("library/includes/carry_on.html", takes_context=True)
def carry_on_reading(context, text=None):
    """Where this reader left off: the account's place, or else (filled in by
    ``reading.js``) the one remembered on this device."""
    from library.reading import reading_places

    request = context.get("request")
    user = getattr(request, "user", None)
    places = reading_places(user=user, text=text, limit=1 if text else 3)
    return {"places": places, "text": text}


@register.simple_tag
def reading_citation(value):
    """What a reading block cites in the library (``library.citations``)."""
    from library.citations import citation_resolve

    return citation_resolve(
        text=value.get("text"),
        section=value.get("section") or "",
        kind=value.get("cite") or "",
        start=value.get("cite_from") or "",
        end=value.get("cite_to") or "",
    )


@register.inclusion_tag("library/includes/print_links.html")
def print_links(text, section=None):
    """ "Print this" links, from the apps that print (``packs`` registers
    ``register_text_print_links``: a function of ``text`` and ``section``
    returning ``[{"label", "url"}]``)."""
    from wagtail import hooks

    links = [
        link
        for make in hooks.get_hooks("register_text_print_links")
        for link in make(text=text, section=section)
    ]
    return {"links": links, "section": section}
