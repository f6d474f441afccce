"""The organisers' admin pages, as one ViewSet (like ``branches``' Organise)."""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import organise, records, secretaries


class AssemblyViewSet(ViewSet):
    name = "assembly_organise"
    url_prefix = "assembly"
    icon = "list-ul"
    menu_label = "Proposals and records"
    add_to_admin_menu = True
    menu_order = 260

    def get_urlpatterns(self):
        return [
            path("", organise.PollIndexView.as_view(), name="index"),
            path(
                "groups/<int:pk>/poll/",
                organise.PollOpenView.as_view(),
                name="poll_open",
            ),
            path("polls/<int:pk>/", organise.PollResultView.as_view(), name="poll"),
            path(
                "polls/<int:pk>/key/", organise.SlipKeyView.as_view(), name="key_slip"
            ),
            path(
                "polls/<int:pk>/close/",
                organise.PollCloseView.as_view(),
                name="poll_close",
            ),
            path("records/", records.RecordIndexView.as_view(), name="records"),
            path(
                "sessions/<int:pk>/record/", records.RecordView.as_view(), name="record"
            ),
            path(
                "records/<int:pk>/approve/",
                records.RecordApproveView.as_view(),
                name="record_approve",
            ),
            path(
                "actions/<int:pk>/done/",
                records.ActionDoneView.as_view(),
                name="action_done",
            ),
            path(
                "groups/<int:pk>/secretaries/",
                secretaries.SecretariesView.as_view(),
                name="secretaries",
            ),
            path(
                "secretaries/<int:pk>/remove/",
                secretaries.SecretaryRemoveView.as_view(),
                name="secretary_remove",
            ),
        ]

    @property
    def menu_url(self):
        return reverse("assembly_organise:index")

    @property
    def menu_item_class(self):
        class OrganiserMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("branches.view_session")

        return OrganiserMenuItem
