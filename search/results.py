"""What the search service answers, whatever the engine."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.safestring import SafeString


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
