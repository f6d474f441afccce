from django.urls import path

from .views import members, secretary

app_name = "assembly"

urlpatterns = [
    path("groups/<int:pk>/", members.group_home, name="group"),
    path("groups/<int:pk>/propose/", members.propose, name="propose"),
    path("polls/<int:pk>/", members.poll_vote, name="poll"),
    # The group secretary writes the group's session records (issue 15).
    path(
        "groups/<int:pk>/records/",
        secretary.secretary_sessions,
        name="secretary_sessions",
    ),
    path(
        "sessions/<int:pk>/record/",
        secretary.secretary_record,
        name="secretary_record",
    ),
    path(
        "records/<int:pk>/approve/",
        secretary.secretary_approve,
        name="secretary_approve",
    ),
]
