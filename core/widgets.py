"""Admin widgets that survive damaged input."""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets import AdminPageChooser


class DamagedIdSafePageChooser(AdminPageChooser):
    """Wagtail's page chooser, showing a damaged page id (not a number) as no
    choice when a refused form is shown again, instead of a server error.

    Wagtail looks the submitted id up while rendering and only expects the
    page not to exist; the field itself already reports the bad value.
    """

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (TypeError, ValueError, ValidationError):
            return None


def page_choosers_make_safe(form) -> None:
    """Give each page chooser of ``form`` the damaged-id-safe widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, AdminPageChooser) and not isinstance(
            widget, DamagedIdSafePageChooser
        ):
            safe = DamagedIdSafePageChooser(
                target_models=widget.target_models,
                can_choose_root=widget.can_choose_root,
                user_perms=widget.user_perms,
            )
            safe.attrs = widget.attrs
            field.widget = safe
