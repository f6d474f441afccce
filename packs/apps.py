from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "packs"
    verbose_name = "Printable packs"

    def ready(self):
        from . import (
            signals,  # connects the publish handler
            tasks,  # noqa: F401 - connects the lost-worker handler
        )

        signals.connect_branches()
