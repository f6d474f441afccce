from django.urls import path

from . import views

app_name = "scans"

urlpatterns = [
    path("sessions/<int:pk>/", views.ScanUploadView.as_view(), name="upload"),
    path("<int:pk>/", views.ScanView.as_view(), name="scan"),
    path("<int:pk>/discard/", views.scan_discard_view, name="discard"),
    path("<int:pk>/rows/<int:row_pk>.png", views.scan_row_image, name="row_image"),
]
