"""What the search service answers, whatever the engine."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.highlights import snippet


@dataclass
class Hit:
    """One practice in the results, in the language the visitor sees it in."""

    page_id: int
    translation_key: str
    title: str
    url: str
    language: str  # the language of this version of the practice
    summary: str
    snippet: SafeString  # escaped text with the matched words in <mark>
    countries: list = field(default_factory=list)  # lower-case ISO codes
    themes: list = field(default_factory=list)  # slugs
    start_year: int | None = None
    end_year: int | None = None
    first_published_at: datetime | None = None
    score: float | None = None
    country_names: list = field(default_factory=list)  # in the visitor's language


@dataclass
class EngineResult:
    """An engine's raw answer: hits, total, and counts per facet value."""

    hits: list
    total: int
    counts: dict  # facet name -> {value: count}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list  # of FacetValue

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


@dataclass
class SearchResults:
    query: object  # SearchQuery
    hits: list
    total: int
    facets: list  # of Facet, in FACETS order
    engine: str = ""
    notices: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # {facet: {value: label}}

    def label(self, facet, value):
        return self.labels.get(facet, {}).get(value, value)

    @property
    def page_count(self):
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def has_next(self):
        return self.query.page < self.page_count

    @property
    def has_previous(self):
        return self.query.page > 1


def stored_hit(document, query, score=None):
    """The Hit of a search document (search.index_entries) as an engine stored it
    (Elasticsearch's `_source`, Tantivy's stored value), its snippet cut for `query`."""
    language = document["language"]
    return Hit(
        page_id=document["id"],
        translation_key=document["translation_key"],
        title=document["title"],
        url=document["url"],
        language=language,
        summary=document["summary"],
        snippet=(
            snippet(document["summary"], document.get("body") or "", query.terms, language)
            if query.terms
            else mark_safe(escape(document["summary"]))  # noqa: S308 (escaped)
        ),
        countries=list(document.get("country") or []),
        themes=list(document.get("theme") or []),
        start_year=document.get("start_year"),
        end_year=document.get("end_year"),
        first_published_at=stored_datetime(document.get("first_published_at")),
        score=score,
    )


def stored_datetime(value):
    """An aware datetime of stored ISO 8601 text (the current time zone if it names none)."""
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
