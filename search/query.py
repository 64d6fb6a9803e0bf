"""What a visitor asks the search service for.

`SearchQuery` is engine-neutral: the view (or the JSON endpoint) builds it
from the request with `search.forms.SearchForm`, and every engine answers it
with the same behaviour.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from search import analysis, text
from search.index_entries import site_languages

# The facets, in the order the page shows them: name (also the URL parameter
# and the document field) and label.
FACETS = {
    "theme": _("Theme"),
    "country": _("Country"),
    "target_group": _("Target group"),
    "profession": _("Profession"),
    "practice_type": _("Practice type"),
    "language": _("Language"),
    "project": _("Erasmus+ project"),
}
SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "title": _("Title (A–Z)"),
}
MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 50


@dataclass(frozen=True)
class SearchQuery:
    """A search: words, language, filters, sort and page.

    `filters` maps a facet name to the values selected in it (values of one
    facet combine with OR, facets with AND). Values are the facets' stable
    identifiers: taxonomy slugs, lower-case ISO country codes, language
    codes and project ids.
    """

    text: str = ""
    language: str = "en"
    filters: dict = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = field(default_factory=lambda: settings.PRACTICES_PER_PAGE)

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}")
        unknown = set(self.filters) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown facets {sorted(unknown)}")
        # Normalise: tuples of unique values, empty facets dropped.
        filters = {
            name: tuple(dict.fromkeys(values)) for name, values in self.filters.items() if values
        }
        object.__setattr__(self, "filters", filters)

    @cached_property
    def parsed(self):
        """(words, phrases) of the text: see `search.text.parse`."""
        return text.parse(self.text)

    @property
    def words(self):
        return self.parsed[0]

    @property
    def phrases(self):
        return self.parsed[1]

    @cached_property
    def terms(self):
        """The words and phrases analysed once, for the engines and the snippets:
        see `search.analysis.QueryTerms`."""
        return analysis.analyse_query(self.words, self.phrases, self.language, site_languages())

    @property
    def has_text(self):
        return bool(self.terms)

    @property
    def effective_sort(self):
        """Relevance means nothing without words: such searches show the newest."""
        if self.sort == "relevance" and not self.has_text:
            return "newest"
        return self.sort

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def filters_except(self, facet):
        """The filters of every other facet: what `facet`'s counts ignore."""
        return {name: values for name, values in self.filters.items() if name != facet}
