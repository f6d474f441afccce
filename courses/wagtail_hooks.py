"""Registration only: what courses adds to Wagtail and to the apps below it."""

from wagtail import hooks

from .models import ModulePage


@hooks.register("register_text_citing_pages")
def modules_citing_text(*, page_ids):
    """A library text lists the live modules that cite it (``TextPage.courses_citing``)."""
    return ModulePage.objects.live().public().filter(pk__in=page_ids).order_by("path")
