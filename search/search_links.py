"""The links of the search page: filter chips, numbered pages, suggestions, downloads, "show all".

Computed from the request's parameters and the results, without a query.
"""

import re
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from search.text import QUOTES

# Facet values shown before "Show all N".
FACET_TOP = 8
# Pages either side of the current one in the numbered pagination.
PAGES_AROUND = 2
# "Search with fewer words" suggests dropping each of the first few terms.
MAX_FEWER_WORDS = 4
EXPORT_FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}


@dataclass
class Chip:
    facet_label: str
    label: str
    url: str


@dataclass
class FacetColumn:
    """A facet split for display: the first values, and the rest behind <details>."""

    facet: object  # search.results.Facet
    top: list
    rest: list

    @property
    def rest_has_selected(self):
        return any(value.selected for value in self.rest)


def facet_columns(facets, top=FACET_TOP):
    """The facets that have values, each split after its `top` values."""
    return [
        FacetColumn(facet=facet, top=facet.values[:top], rest=facet.values[top:])
        for facet in facets
        if facet.values
    ]


class SearchLinks:
    """Links to the search page. On the search page itself they are relative
    ("?q=…"); landing pages pass `relative=False` and link to `path`."""

    def __init__(self, path, params, *, relative=True):
        self.path = path
        self.prefix = "" if relative else path
        self.params = params.copy()
        self.params.pop("page", None)
        # Empty fields (an empty search box, blank years) say nothing.
        for name in list(self.params):
            values = [value for value in self.params.getlist(name) if value.strip()]
            self.params.setlist(name, values)
            if not values:
                del self.params[name]

    @property
    def query_string(self):
        return self.params.urlencode()

    def url(self, params=None):
        params = self.params if params is None else params
        return f"{self.prefix}?{params.urlencode()}" if params else self.path

    def _without(self, name, value=None):
        params = self.params.copy()
        if value is None:
            params.pop(name, None)
        else:
            kept = [v for v in params.getlist(name) if v.strip().lower() != value]
            params.setlist(name, kept)
            if not kept:
                del params[name]
        return params

    def active_filters(self, results):
        """One removable chip per selected facet value and per year bound."""
        chips = [
            Chip(facet.label, value.label, self.url(self._without(facet.name, value.value)))
            for facet in results.facets
            for value in facet.selected
        ]
        query = results.query
        if query.year_from:
            chips.append(
                Chip(
                    _("Years"),
                    pgettext("year filter", "From %(year)s") % {"year": query.year_from},
                    self.url(self._without("year_from")),
                )
            )
        if query.year_to:
            chips.append(
                Chip(
                    _("Years"),
                    pgettext("year filter", "Until %(year)s") % {"year": query.year_to},
                    self.url(self._without("year_to")),
                )
            )
        return chips

    def remove_all_filters_url(self):
        params = self.params.copy()
        for name in list(params):
            if name != "q" and name != "sort":
                del params[name]
        return self.url(params)

    def page_url(self, number):
        params = self.params.copy()
        if number > 1:
            params["page"] = str(number)
        return self.url(params)

    def pages(self, results):
        """Numbered pagination: first, previous, nearby pages with gaps, next, last."""
        current, count = results.query.page, results.page_count
        if count <= 1:
            return None
        nearby = {1, count, *range(current - PAGES_AROUND, current + PAGES_AROUND + 1)}
        numbers = sorted(n for n in nearby if 1 <= n <= count)
        items, previous = [], 0
        for number in numbers:
            if number > previous + 1:
                items.append({"gap": True})
            items.append(
                {"number": number, "url": self.page_url(number), "current": number == current}
            )
            previous = number
        return {
            "items": items,
            "previous": self.page_url(current - 1) if 1 < current <= count + 1 else None,
            "next": self.page_url(current + 1) if current < count else None,
            "current": current,
            "count": count,
        }

    def suggestions(self, results):
        """When nothing matches: remove each filter; search without the words,
        or with one term fewer."""
        suggestions = [
            {"text": _("Remove “%(filter)s”") % {"filter": chip.label}, "url": chip.url}
            for chip in self.active_filters(results)
        ]
        terms = search_terms(self.params.get("q", ""))
        if terms and (results.query.filters or results.query.year_from or results.query.year_to):
            suggestions.append(
                {"text": _("Search without the words"), "url": self.url(self._without("q"))}
            )
        if len(terms) > 1:
            for position in range(min(len(terms), MAX_FEWER_WORDS)):
                fewer = " ".join(terms[:position] + terms[position + 1 :])
                params = self.params.copy()
                params["q"] = fewer
                suggestions.append(
                    {
                        "text": _("Search for “%(words)s”") % {"words": fewer},
                        "url": self.url(params),
                    }
                )
        return suggestions

    def exports(self):
        """Download links for these results, once the export route exists."""
        links = []
        for fmt, (label, media_type) in EXPORT_FORMATS.items():
            try:
                path = reverse("search_export", kwargs={"fmt": fmt})
            except NoReverseMatch:
                return []
            query_string = self.query_string
            url = f"{path}?{query_string}" if query_string else path
            links.append({"label": label, "type": media_type, "url": url})
        return links


_TERM = re.compile(r'"[^"]*"|[^\s"]+')


def search_terms(text):
    """The visitor's text as terms in the order typed: words, and "quoted
    phrases" kept whole."""
    text = text.translate(QUOTES)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return [term for term in _TERM.findall(text) if term.strip('" ')]
