from django.apps import AppConfig


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = "Branches"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
