from django.utils.functional import cached_property
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


class CitationsPanel(Panel):
    """Flags readings whose library citation no longer resolves (a chapter
    removed by a re-import, a range past the new end), so the tutor fixes it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/citations_panel.html"

        def is_shown(self):
            return bool(self.broken)

        @cached_property
        def broken(self) -> list[dict]:
            from library.citations import citation_resolve

            found = []
            body = self.instance.body if self.instance.pk else []
            for number, block in enumerate(body, start=1):
                if block.block_type != "reading" or not block.value.get("text"):
                    continue
                value = block.value
                cited = citation_resolve(
                    text=value.get("text"),
                    section=value.get("section") or "",
                    kind=value.get("cite") or "",
                    start=value.get("cite_from") or "",
                    end=value.get("cite_to") or "",
                )
                if cited.problem:
                    found.append(
                        {
                            "number": number,
                            "title": value.get("title"),
                            "problem": cited.problem,
                        }
                    )
            return found

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["broken"] = self.broken
            return context
