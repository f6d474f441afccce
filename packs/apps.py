from django.apps import AppConfig, apps


class PacksConfig(AppConfig):
    name = "packs"
    verbose_name = "Printable packs"

    def ready(self):
        from . import signals  # connects the publish handler

        if apps.is_installed("branches"):
            signals.connect_branches()
