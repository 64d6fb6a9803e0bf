"""Local development: `make run` serves the site with these settings."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `manage.py generate_practices`: the benchmarks' synthetic practices (bench/).
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405

# No page cache while developing: a template or stylesheet edit changes no
# content, so kept pages would hide it. PAGE_CACHE_SECONDS=300 turns it on.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
