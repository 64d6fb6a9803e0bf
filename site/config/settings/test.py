"""Settings for the test suite (pytest-django)."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  generate_practices
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="practices-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="practices-test-static-")
# The public address matches the Site record of tests/conftest.py's site_tree
# (localhost:80); admin links in e-mails keep the test client's host.
SITE_BASE_URL = "http://localhost"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Each test process keeps its cache in memory, whatever DJANGO_CACHE_URL or
# REDIS_URL say: the suite empties every cache between tests, which on a shared
# Redis would flush other processes' keys (tests/test_shared_cache.py uses
# TEST_REDIS_URL).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}

# The suite runs on the database engine, which is updated inside the test's
# transaction; the conformance suite, the relevance table and the browser
# journeys switch to Tantivy (an index in a folder of their own) and, with
# ELASTICSEARCH_URL, to Elasticsearch (tests/search_engines.py).
SEARCH_ENGINE = "database"
SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="practices-test-search-index-")
ELASTICSEARCH_TEST_URL = ELASTICSEARCH["url"]  # noqa: F405
ELASTICSEARCH = {**ELASTICSEARCH, "url": "", "index": "test-practices"}  # noqa: F405

# The page cache is off; tests/test_page_cache.py turns it on for its tests.
PAGE_CACHE_SECONDS = 0
