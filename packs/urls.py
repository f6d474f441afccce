from django.urls import path

from . import reading_views, views

app_name = "packs"

urlpatterns = [
    path("<int:page_id>/", views.page_pack, name="page"),
    path("session/<int:session_id>/", views.session_pack, name="session"),
    path("status/<int:pack_id>/", views.pack_status, name="status"),
    path(
        "reading/text/<int:text_id>/", reading_views.reading_print, name="reading_print"
    ),
    path("reading/<int:reading_id>/", reading_views.reading_pack, name="reading"),
]
