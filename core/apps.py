from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Study Circle core"

    def ready(self):
        from .accounts import signals  # noqa: F401 - connects the login receiver
