"""Labels of facet values in the visitor's language, looked up in one query and kept per process.

Kept under a version held in the shared cache, which `labels_changed` moves whenever a term, a
country, a project or a locale is written (search.signals): every process reads them again then.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import translation
from django_countries import countries
from wagtail.models import Locale

from practices.models import TAXONOMIES, Country, ErasmusProject

VERSION_KEY = "search:facet-labels-version"
# Languages × versions kept in a process at most (a new version makes the others useless).
KEPT = 32
# And for this long at most: a backstop for writes that send no signal (bulk updates).
KEEP_SECONDS = 60
_kept = {}


def labels_changed():
    """Every process reads the labels again at its next search."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:  # a new or emptied cache: a version after every earlier one
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def facet_labels(language):
    """{facet: {value: label}} for every value a facet can take (shared: never change it)."""
    key = (language, _version(), int(time.monotonic() // KEEP_SECONDS))
    labels = _kept.get(key)
    if labels is None:
        if len(_kept) >= KEPT:
            _kept.clear()
        labels = _kept[key] = _read_labels(language)
    return labels


def _read_labels(language):
    facets = (*(taxonomy.facet for taxonomy in TAXONOMIES), "country", "language", "project")
    labels = {facet: {} for facet in facets}
    sql, params = _labels_query(language, Locale.get_default().language_code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for facet, value, name, row_language in rows:
        if facet == "country":
            labels[facet][value.lower()] = _country_name(value, language)
        elif facet == "project" or row_language == language or value not in labels[facet]:
            labels[facet][value] = name
    labels["language"] = dict(_language_names(language))
    return labels


@functools.lru_cache(maxsize=64)
def _labels_query(language, default):
    """The SQL of the one statement that reads the labels, with its
    parameters: compiled once per language, as building this union with the
    ORM costs more than running it."""
    parts = [
        taxonomy.model.objects.filter(locale__language_code__in={language, default})
        .annotate(facet=Value(taxonomy.facet, output_field=CharField()))
        .values_list("facet", "slug", "name", "locale__language_code")
        .order_by()
        for taxonomy in TAXONOMIES
    ]
    parts.append(
        Country.objects.annotate(
            facet=Value("country", output_field=CharField()),
            name=Value("", output_field=CharField()),
            language=Value("", output_field=CharField()),
        )
        .values_list("facet", "code", "name", "language")
        .order_by()
    )
    parts.append(
        ErasmusProject.objects.annotate(
            facet=Value("project", output_field=CharField()),
            value=Cast("pk", CharField()),
            label=Coalesce(NullIf("acronym", Value("")), "title"),
            language=Value("", output_field=CharField()),
        )
        .values_list("facet", "value", "label", "language")
        .order_by()
    )
    return parts[0].union(*parts[1:], all=True).query.sql_with_params()


@functools.lru_cache(maxsize=4096)
def _country_name(code, language):
    with translation.override(language):
        return str(countries.name(code))


@functools.lru_cache(maxsize=64)
def _language_names(language):
    with translation.override(language):
        return tuple(
            (code, str(translation.get_language_info(code)["name_translated"]))
            for code, _name in settings.LANGUAGES
        )
