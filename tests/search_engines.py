"""Which search engines the conformance suite runs on.

The database engine and Tantivy always run (on SQLite, and on PostgreSQL in
`make test`'s second pass; Tantivy in a folder of its own per test). The
Elasticsearch engine runs when
ELASTICSEARCH_URL points at an Elasticsearch 9 server (see README.md); the
suite then uses an index of its own, `test-practices`. Otherwise its tests
are reported as skipped, with the reason.
"""

import tempfile

import pytest
from django.conf import settings

ELASTICSEARCH_SKIP_REASON = (
    "ELASTICSEARCH_URL is not set: the Elasticsearch conformance tests are skipped "
    "(README.md, 'Search engines', says how to run them)"
)

ENGINES = [
    pytest.param("database", id="database"),
    pytest.param("tantivy", id="tantivy"),
    pytest.param(
        "elasticsearch",
        id="elasticsearch",
        marks=pytest.mark.skipif(
            not settings.ELASTICSEARCH_TEST_URL, reason=ELASTICSEARCH_SKIP_REASON
        ),
    ),
]


def configure(engine_name, django_settings):
    """Point the search service at `engine_name` for the current test."""
    django_settings.SEARCH_ENGINE = "tantivy" if engine_name == "tantivy" else "database"
    if engine_name == "tantivy":
        django_settings.SEARCH_INDEX_DIR = tempfile.mkdtemp(dir=settings.SEARCH_INDEX_DIR)
    if engine_name == "elasticsearch":
        django_settings.ELASTICSEARCH = {
            **settings.ELASTICSEARCH,
            "url": settings.ELASTICSEARCH_TEST_URL,
            "index": "test-practices",
        }
    else:
        django_settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "url": ""}
