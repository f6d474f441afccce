"""Local development: ``make run``."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A development key only; production refuses to start without SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-study-circle-development-only"  # noqa: F405, S105
