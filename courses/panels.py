from wagtail.admin.panels import Panel


class AgendaPanel(Panel):
    """Shows tutors the running order their timed blocks add up to (as last saved)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/agenda_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["agenda"] = instance.agenda if instance.pk else []
            context["total"] = instance.agenda_minutes if instance.pk else 0
            return context
