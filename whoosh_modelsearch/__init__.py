"""A Whoosh search backend for modelsearch and Wagtail.

Point ``WAGTAILSEARCH_BACKENDS`` (or ``MODELSEARCH_BACKENDS``) at
``whoosh_modelsearch.backend``; see README.md beside this file.
"""

__version__ = "0.1.0"
