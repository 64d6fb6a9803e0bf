"""Reading a search from a request's query string, for the search page and the JSON endpoint.

The parameters, and which values are refused and which dropped with a notice, are in
docs/search.md.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from search import text
from search.query import FACETS, MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, SORTS, SearchQuery

MAX_PAGE = 10_000
MAX_PER_PAGE = 100
# Unknown filter values named in a notice each, per facet; the rest are counted.
MAX_NAMED_UNKNOWN = 3


class InvalidSearch(Exception):
    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


class SearchForm(forms.Form):
    """The structural parameters. (Text and facets need no form: see below.)"""

    sort = forms.ChoiceField(
        label=gettext_lazy("Sort"), choices=list(SORTS.items()), required=False
    )
    page = forms.IntegerField(
        label=gettext_lazy("Page"), min_value=1, max_value=MAX_PAGE, required=False
    )
    per_page = forms.IntegerField(
        label=gettext_lazy("Results per page"),
        min_value=1,
        max_value=MAX_PER_PAGE,
        required=False,
    )
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"), min_value=1900, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"), min_value=1900, max_value=2100, required=False
    )

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            raise forms.ValidationError(_("The first year must not come after the last year."))
        return cleaned


def parse_search(params, language, labels, *, per_page=None):
    """A SearchQuery and the notices for the visitor, from a QueryDict.

    `labels` ({facet: {value: label}}, from search.labels) tells which facet
    values exist. Raises InvalidSearch with readable messages.
    """
    form = SearchForm({name: params.get(name, "").strip() for name in SearchForm.base_fields})
    messages = []
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                if name == forms.forms.NON_FIELD_ERRORS:
                    messages.append(error)
                else:
                    messages.append(
                        _("%(field)s: %(error)s")
                        % {"field": form.fields[name].label, "error": error}
                    )
    for facet, facet_label in FACETS.items():
        # Counted as sent, repeats and empty values included (the API's maxItems).
        if len(params.getlist(facet)) > MAX_VALUES_PER_FACET:
            messages.append(
                _("%(facet)s: at most %(count)s values.")
                % {"facet": facet_label, "count": MAX_VALUES_PER_FACET}
            )
    if messages:
        raise InvalidSearch(messages)
    notices = []
    raw_text = params.get("q", "")
    query_text = text.clean(raw_text, MAX_QUERY_LENGTH)
    if len(" ".join(raw_text.split())) > MAX_QUERY_LENGTH:
        notices.append(
            _("Your search was shortened to %(count)s characters.") % {"count": MAX_QUERY_LENGTH}
        )
    filters = {}
    for facet, facet_label in FACETS.items():
        values, unknown = [], []
        for raw in params.getlist(facet):
            value = raw.strip().lower()
            if not value:
                continue
            if value in labels.get(facet, {}):
                values.append(value)
            else:
                unknown.append(text.clean(raw, 60))
        unknown = list(dict.fromkeys(unknown))
        for value in unknown[:MAX_NAMED_UNKNOWN]:
            notices.append(
                _("%(facet)s: there is no “%(value)s”; it was ignored.")
                % {"facet": facet_label, "value": value}
            )
        if len(unknown) > MAX_NAMED_UNKNOWN:
            # One notice for the rest, however many a link or a robot sends.
            others = len(unknown) - MAX_NAMED_UNKNOWN
            notices.append(
                ngettext(
                    "%(facet)s: %(count)s other value names nothing; it was ignored.",
                    "%(facet)s: %(count)s other values name nothing; they were ignored.",
                    others,
                )
                % {"facet": facet_label, "count": others}
            )
        values = list(dict.fromkeys(values))
        if values:
            filters[facet] = tuple(values)
    data = form.cleaned_data
    query = SearchQuery(
        text=query_text,
        language=language,
        filters=filters,
        year_from=data["year_from"],
        year_to=data["year_to"],
        sort=data["sort"] or "relevance",
        page=data["page"] or 1,
        **({"per_page": data["per_page"] or per_page} if (data["per_page"] or per_page) else {}),
    )
    return query, notices
