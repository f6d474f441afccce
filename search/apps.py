from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search: the top layer, reading every feature app."""

    name = "search"
    label = "site_search"
    verbose_name = "Site search"
