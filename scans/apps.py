from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = "Scanned sign-in sheets"
    default_auto_field = "django.db.models.BigAutoField"
