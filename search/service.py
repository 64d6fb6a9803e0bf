"""The search service: the one entry point views use, whatever the engine.

`run(params, language)` asks Elasticsearch when it is configured, else the engine SEARCH_ENGINE
names (Tantivy by default), and the database engine whenever that one fails (see docs/search.md).
"""

import functools
import logging

from django.conf import settings
from django.utils.translation import gettext as _

from search.engines.base import SearchUnavailable
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.tantivy import TantivyEngine
from search.forms import parse_search
from search.labels import facet_labels
from search.query import FACETS
from search.results import Facet, FacetValue, SearchResults

logger = logging.getLogger("search")


def elasticsearch_configured():
    return bool(settings.ELASTICSEARCH["url"])


@functools.cache
def _elasticsearch(config_key):
    return ElasticsearchEngine(dict(config_key))


def get_engine():
    """The engine that answers searches."""
    if elasticsearch_configured():
        return _elasticsearch(tuple(sorted(settings.ELASTICSEARCH.items())))
    if settings.SEARCH_ENGINE == "tantivy":
        return TantivyEngine(settings.SEARCH_INDEX_DIR)
    return DatabaseEngine()


def run(params, language, *, per_page=None):
    """Search from a request's parameters. Raises search.forms.InvalidSearch."""
    labels = facet_labels(language)
    query, notices = parse_search(params, language, labels, per_page=per_page)
    results = search(query, labels)
    results.notices[:0] = notices
    return results


def search(query, labels=None):
    labels = labels if labels is not None else facet_labels(query.language)
    engine = get_engine()
    notices = []
    try:
        answer = engine.search(query)
    except SearchUnavailable as error:
        if isinstance(engine, DatabaseEngine):
            raise
        logger.error(
            "Search engine %s failed, falling back to the database: %s", engine.name, error
        )
        if isinstance(engine, ElasticsearchEngine):
            notices.append(
                _(
                    "The main search engine is not responding; "
                    "these results come from a simpler search."
                )
            )
        # Tantivy's fallback answers alike (the same terms, the same tables of
        # record), so the visitor is not told; the log says it.
        engine = DatabaseEngine()
        answer = engine.search(query)
    for hit in answer.hits:
        hit.country_names = [labels.get("country", {}).get(code, code) for code in hit.countries]
    return SearchResults(
        query=query,
        hits=answer.hits,
        total=answer.total,
        facets=_facets(query, answer.counts, labels),
        engine=engine.name,
        notices=notices,
        labels=labels,
    )


def _facets(query, counts, labels):
    """Labelled facets: every value with a count, and the selected ones even
    at zero, by count then label."""
    facets = []
    for name, label in FACETS.items():
        selected = set(query.filters.get(name, ()))
        facet_counts = counts.get(name, {})
        values = [
            FacetValue(
                value=value,
                label=labels.get(name, {}).get(value, value),
                count=facet_counts.get(value, 0),
                selected=value in selected,
            )
            for value in {*facet_counts, *selected}
        ]
        values.sort(key=lambda item: (-item.count, item.label.casefold()))
        facets.append(Facet(name=name, label=str(label), values=values))
    return facets
