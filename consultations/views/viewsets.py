"""The admin pages of feedback and questions to the party, one ViewSet."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from ..access import answer_regions, sees_all_answers


class ConsultationsViewSet(ViewSet):
    name = "consultations_organise"
    url_prefix = "consultations"
    icon = "pick"
    menu_label = "Feedback and answers"

    def get_urlpatterns(self):
        from . import answers, organise

        return [
            path("sessions/", organise.SessionsView.as_view(), name="sessions"),
            path(
                "sessions/<int:pk>/feedback/",
                organise.SessionFeedbackView.as_view(),
                name="session_feedback",
            ),
            path(
                "sessions/<int:pk>/answers/",
                organise.SessionAnswersView.as_view(),
                name="session_answers",
            ),
            path("questions/", answers.QuestionsIndexView.as_view(), name="questions"),
            path(
                "questions/<int:module_pk>/<str:question_id>/",
                answers.QuestionAnswersView.as_view(),
                name="question_answers",
            ),
            path(
                "questions/<int:module_pk>/<str:question_id>/publish/",
                answers.QuestionPublishView.as_view(),
                name="question_publish",
            ),
            path("modules/", answers.ModuleFeedbackIndexView.as_view(), name="modules"),
            path(
                "modules/<int:module_pk>/feedback/",
                answers.ModuleFeedbackView.as_view(),
                name="module_feedback",
            ),
        ]

    @cached_property
    def menu_url(self):
        return reverse("consultations_organise:sessions")

    @property
    def menu_item_class(self):
        class Item(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("consultations.view_feedback")

        return Item


class QuestionsMenuViewSet(ViewSet):
    name = "consultations_questions"
    url_prefix = "consultations/questions-menu"
    icon = "pick"
    menu_label = "Questions to the party"

    @cached_property
    def menu_url(self):
        return reverse("consultations_organise:questions")

    @property
    def menu_item_class(self):
        class Item(MenuItem):
            def is_shown(self, request):
                user = request.user
                return sees_all_answers(user) or answer_regions(user).exists()

        return Item


class ModuleFeedbackMenuViewSet(ViewSet):
    name = "consultations_modules"
    url_prefix = "consultations/modules-menu"
    icon = "pick"
    menu_label = "Feedback on modules"

    @cached_property
    def menu_url(self):
        return reverse("consultations_organise:modules")

    @property
    def menu_item_class(self):
        class Item(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("consultations.view_module_feedback")

        return Item


class ConsultationsViewSetGroup(ViewSetGroup):
    menu_label = "Consultation"
    menu_icon = "pick"
    menu_order = 260
    items = [ConsultationsViewSet, QuestionsMenuViewSet, ModuleFeedbackMenuViewSet]
