from django.urls import path

from . import views

app_name = "packs"

urlpatterns = [
    path("<int:page_id>/", views.page_pack, name="page"),
    path("session/<int:session_id>/", views.session_pack, name="session"),
    path("status/<int:pack_id>/", views.pack_status, name="status"),
]
