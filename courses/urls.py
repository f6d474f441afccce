from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("progress/<int:module_id>/", views.module_progress, name="module_progress"),
]
