"""Local development: `make run` serves the site with these settings."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `manage.py generate_practices`: the benchmarks' synthetic practices (bench/).
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
