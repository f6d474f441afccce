from django.urls import path

from .views import public

app_name = "branches"

urlpatterns = [
    path("", public.branch_index, name="index"),
    path("<slug:slug>/", public.branch_detail, name="branch"),
    path("<slug:slug>/calendar.ics", public.branch_calendar, name="branch_calendar"),
    path("<slug:slug>/groups/<int:pk>/", public.group_detail, name="group"),
    path("<slug:slug>/groups/<int:pk>/calendar.ics", public.group_calendar, name="group_calendar"),
]
