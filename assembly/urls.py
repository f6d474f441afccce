from django.urls import path

from .views import members

app_name = "assembly"

urlpatterns = [
    path("groups/<int:pk>/", members.group_home, name="group"),
    path("groups/<int:pk>/propose/", members.propose, name="propose"),
    path("polls/<int:pk>/", members.poll_vote, name="poll"),
]
