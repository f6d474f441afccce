from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Feedback and questions to the party"

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers)
