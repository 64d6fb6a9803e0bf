"""System checks of the search: what it needs to analyse text the same way when indexing and searching."""

from django.conf import settings
from django.core import checks

from search import finnish
from search.index_entries import site_languages


def voikko_loads(app_configs=None, **kwargs):
    """An error when Finnish is a site language and Voikko cannot load: Finnish words
    would be analysed differently than in an index built with it, missing practices."""
    if "fi" not in site_languages():
        return []
    error = finnish.load_error()
    if error is None:
        return []
    return [
        checks.Error(
            f"Finnish is a site language, and its words cannot be analysed for the search. {error}",
            hint="Install Debian's libvoikko1 and voikko-fi (`make run` does), "
            "or remove fi from SITE_LANGUAGES.",
            id="search.E001",
        )
    ]


ENGINES = ("tantivy", "database")


def search_engine_is_known(app_configs=None, **kwargs):
    """An error when SEARCH_ENGINE names no engine: the site would not start searching."""
    if settings.SEARCH_ENGINE in ENGINES:
        return []
    return [
        checks.Error(
            f"SEARCH_ENGINE is {settings.SEARCH_ENGINE!r}, which is no search engine.",
            hint=f"Use one of: {', '.join(ENGINES)} (Elasticsearch: set ELASTICSEARCH_URL).",
            id="search.E002",
        )
    ]
