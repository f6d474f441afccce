from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Library"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from django.db.models.signals import post_delete
        from wagtail.search import index

        from .models import TextSection

        def section_deleted(instance, **kwargs):
            index.remove_object(instance)

        post_delete.connect(section_deleted, sender=TextSection, weak=False)
