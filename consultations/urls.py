from django.urls import path

from .views import learner

app_name = "consultations"

urlpatterns = [
    path("feedback/<int:session_pk>/", learner.feedback, name="feedback"),
    path(
        "questions/<int:module_pk>/<str:question_id>/",
        learner.published_answers,
        name="published_answers",
    ),
]
