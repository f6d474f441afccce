"""Printing from the library page: a text, a chapter or a range, as a PDF."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from library.models import TextPage

from .documents import PackSourceError
from .options import PackOptionsError
from .readings import reading_options, reading_source, reading_source_from_id
from .views import _pack_response


@require_safe
@never_cache
def reading_print(request, text_id: int):
    """``?section=<id>:<anchor>&cite=paragraphs&from=12&to=19&size=large``:
    checks the citation and answers with its pack (or "preparing")."""
    text = get_object_or_404(TextPage.objects.live().public(), pk=text_id)
    query = request.GET
    try:
        options = reading_options(query)
        source = reading_source(
            text=text,
            section=query.get("section", "")[:100],
            kind=query.get("cite", "")[:12],
            start=query.get("from", "")[:12],
            end=query.get("to", "")[:12],
        )
    except (PackOptionsError, PackSourceError) as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    # The pack at once if it is made, else the "preparing" page, whose links
    # go to the reading's own address (``reading_pack``).
    del options
    return _pack_response(request, source, reverse("packs:reading", args=[source.pk]))


@require_safe
@never_cache
def reading_pack(request, reading_id: int):
    """A reading's pack: the PDF if it is made, else the "preparing" page."""
    try:
        source = reading_source_from_id(reading_id)
        reading_options(request.GET)
    except PackSourceError as error:
        raise Http404(str(error)) from error
    except PackOptionsError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    text = source.obj.text
    if not text.live or text.get_view_restrictions().exists():
        raise Http404("This text is not published in the library.")
    return _pack_response(request, source, reverse("packs:reading", args=[source.pk]))
