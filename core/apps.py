from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Study Circle core"

    def ready(self):
        from django.core.checks import register

        from .storage import check_private_root

        register(check_private_root)

        from . import drafts

        drafts.connect()

        from .page_cache import page_cache_connect

        page_cache_connect()

        from .accounts import signals  # noqa: F401 - connects the login receiver
