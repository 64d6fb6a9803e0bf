"""The same search feature as a typical Wagtail site would write it, on Wagtail's search backend.

Simpler than ours, so the comparison favours it; docs/benchmarks.md says how it is built.
"""

import threading
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.utils import translation
from wagtail.models import Locale
from wagtail.search import index
from wagtail.search.query import MATCH_ALL
from wagtail.search.utils import parse_query_string

from practices.models import (
    Country,
    ErasmusProject,
    PracticePage,
    PracticeType,
    Profession,
    TargetGroup,
    Theme,
)

# Our facet name: (the page's field, the related model, the field its values are).
FACETS = {
    "theme": ("themes", Theme, "slug"),
    "country": ("countries", Country, "code"),
    "target_group": ("target_groups", TargetGroup, "slug"),
    "profession": ("professions", Profession, "slug"),
    "practice_type": ("practice_types", PracticeType, "slug"),
    "project": ("project", ErasmusProject, "id"),
}


def with_filter_fields():
    """PracticePage.search_fields with what the plain build's filters and
    facets need: a FilterField per facet field (for `.facet()`), and for
    many-to-many fields a RelatedFields with the related model's key (for
    `.filter(themes__slug__in=…)`)."""
    declared = {field.field_name for field in PracticePage.search_fields}
    added = []
    for field, _model, key in FACETS.values():
        if field in declared:
            continue
        added.append(index.FilterField(field))
        if key != "id":
            added.append(index.RelatedFields(field, [index.FilterField(key)]))
    return PracticePage.search_fields + added


def declare_filter_fields():
    PracticePage.search_fields = with_filter_fields()


def search(bench_query, language, per_page=12, page=1):
    """(page of hits, total, {facet: {label: count}})."""
    locale = Locale.objects.get(language_code=language)
    pages = PracticePage.objects.live().filter(locale=locale)
    for facet, values in bench_query.filters.items():
        field, model, key = FACETS[facet]
        values = values if isinstance(values, list | tuple) else [values]
        if facet == "country":  # our URLs carry codes in lower case
            values = [value.upper() for value in values]
        lookup = f"{field}__{key}__in" if key != "id" else f"{field}__in"
        pages = pages.filter(**{lookup: values})
    if bench_query.text:
        filters, query = parse_query_string(bench_query.text)
        results = pages.search(query)
    else:
        results = pages.order_by("-first_published_at").search(MATCH_ALL, order_by_relevance=False)
    start = (page - 1) * per_page
    hits = list(results[start : start + per_page])
    total = results.count()
    facets = {}
    with translation.override(language):
        for facet, (field, model, _key) in FACETS.items():
            counts = results.facet(PracticePage._meta.get_field(field).attname)
            labels = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=list(counts))}
            facets[facet] = {labels.get(pk, pk): count for pk, count in counts.items() if pk}
    return hits, total, facets


class TooSlow(Exception):
    """The plain build did not answer within the benchmark's time limit."""


@contextmanager
def time_limit(seconds):
    """Interrupt the database work of the block after `seconds`: Wagtail's
    relevance ordering on SQLite can take minutes on a large corpus, and the
    benchmark reports such a query as slower than the limit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield
        except OperationalError as error:
            raise TooSlow(seconds) from error
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        return
    connection.ensure_connection()
    timer = threading.Timer(seconds, connection.connection.interrupt)
    timer.start()
    try:
        yield
    except OperationalError as error:
        if "interrupted" not in str(error):
            raise
        raise TooSlow(seconds) from error
    finally:
        timer.cancel()
