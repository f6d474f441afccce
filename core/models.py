from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front page: a welcome, then what there is to study."""

    intro = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences under the title: who the site is for.",
    )
    body = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["courses.CourseIndexPage", "library.LibraryIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class WorkerHeartbeat(models.Model):
    """A task worker saying it is alive (``core.tasks.leases``).

    The worker writes ``seen_at`` every few seconds from a thread; a running
    task whose worker has not been seen for ``TASKS_LEASE_SECONDS`` is taken
    to have lost its worker and is queued again (or failed, after
    ``TASKS_MAX_ATTEMPTS``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "task worker heartbeat"

    def __str__(self):
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
