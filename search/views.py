"""The public search page, its theme and country landing pages, and its JSON twin.

They read the same parameters (search/forms.py) and call the same service
(search/service.py); none knows which engine answers. The links the page
shows (chips, pagination, suggestions) are built in search/search_links.py.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from practices.site_address import absolute_url
from search import landing as landing_pages
from search import search_links, service
from search.forms import InvalidSearch, parse_search
from search.labels import facet_labels
from search.openapi import openapi_schema
from search.query import SORTS, SearchQuery
from search.serializers import results_json

# Requests carrying this header get only the regions search.js replaces
# (search/includes/regions.html), rendered by the same template the full page
# includes. A fragment rather than parsing the full page in the browser: the
# answer is a few kilobytes instead of the whole page, and the server skips
# the header's and footer's navigation queries. The response varies on it.
FRAGMENT_HEADER = "X-Search-Fragment"


def search(request):
    """/<lang>/search/: the HTML page (the form works without JavaScript)."""
    return _search_page(request, request.GET)


def search_theme(request, slug):
    """/<lang>/themes/<slug>/: the search page filtered on one theme."""
    return _landing_page(request, "theme", slug)


def search_country(request, code):
    """/<lang>/countries/<code>/: the search page filtered on one country."""
    if code != code.lower():
        url = reverse("search_country", kwargs={"code": code.lower()})
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    return _landing_page(request, "country", code)


def _landing_page(request, facet, value):
    labels = facet_labels(translation.get_language())
    if value not in labels.get(facet, {}):
        raise Http404(f"No {facet} {value!r}.")
    params = request.GET.copy()
    if value not in (v.strip().lower() for v in params.getlist(facet)):
        params.appendlist(facet, value)
    landing = {"facet": facet, "value": value, "name": labels[facet][value]}
    return _search_page(request, params, labels=labels, landing=landing)


def _search_page(request, params, *, labels=None, landing=None):
    language = translation.get_language()
    labels = labels if labels is not None else facet_labels(language)
    context = {
        "sorts": SORTS.items(),
        "search_query": params.get("q", "")[:200],
        "landing": landing,
        # Only pages that answer 200 and show the bare page or landing page
        # (or one of its pages) are indexed: see _indexable.
        "canonical_url": "",
        "robots": "noindex, follow",
    }
    try:
        query, notices = parse_search(params, language, labels)
    except InvalidSearch as error:
        context["errors"] = error.messages
        return _render(request, context, status=400)
    results = service.search(query, labels)
    results.notices[:0] = notices
    status = 200
    if results.query.page > results.page_count:
        status = 404
        context["errors"] = [_("This page of results does not exist.")]
    links = search_links.SearchLinks(reverse("search"), params, relative=landing is None)
    context.update(
        results=results,
        search_query=results.query.text,
        active_filters=links.active_filters(results),
        remove_all_url=links.remove_all_filters_url(),
        pages=links.pages(results),
        suggestions=links.suggestions(results) if not results.total else [],
        exports=links.exports(),
        facets=search_links.facet_columns(results.facets),
    )
    if status == 200 and _indexable(results.query, landing):
        if landing is None:
            path = reverse("search")
            alternates = _search_alternates()
        else:
            facet, value = landing["facet"], landing["value"]
            path = reverse(landing_pages.URL_NAMES[facet], args=(value,))
            languages = landing_pages.landing_languages(facet, value)
            alternates = landing_pages.alternates(facet, value, languages)
        page = f"?page={results.query.page}" if results.query.page > 1 else ""
        context.update(canonical_url=absolute_url(path + page), robots="", alternates=alternates)
    return _render(request, context, status=status)


def _indexable(query, landing):
    """The bare search page or landing page, or one of its pages: no words,
    no other filter, no years, the default sort. Any other combination is
    `noindex, follow` without a canonical link (a canonical pointing at
    another page would contradict the noindex; its links are followed)."""
    bare = {landing["facet"]: (landing["value"],)} if landing else {}
    return (
        not query.has_text
        and query.filters == bare
        and query.year_from is None
        and query.year_to is None
        and query.sort == SearchQuery.sort
        and query.per_page == settings.PRACTICES_PER_PAGE
    )


def _search_alternates():
    """hreflang alternates of the bare search page: every language, x-default."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            links.append({"hreflang": code, "url": absolute_url(reverse("search"))})
    default = next((li for li in links if li["hreflang"] == settings.LANGUAGE_CODE), links[0])
    return [*links, {"hreflang": "x-default", "url": default["url"]}]


def _render(request, context, status):
    fragment = bool(request.headers.get(FRAGMENT_HEADER))
    template = "search/includes/regions.html" if fragment else "search/search.html"
    response = TemplateResponse(request, template, context, status=status)
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


# The API answers GET and HEAD, and the CORS preflight of a cross-origin GET
# (OPTIONS with Access-Control-Request-Method). Any other method, a plain
# OPTIONS included, gets a JSON 405: the API offers no other operation.
API_METHODS = ("GET", "HEAD")
PREFLIGHT_MAX_AGE = 86_400


def api_view(view):
    """Only the API's methods reach `view`. CSRF-exempt: the API changes
    nothing, and a POST must get the API's 405, not the HTML CSRF page."""

    @csrf_exempt
    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method in API_METHODS:
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join(API_METHODS)
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            return response
        language = request.GET.get("lang")
        if language not in {code for code, _name in settings.LANGUAGES}:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            message = _("This address answers only GET and HEAD requests.")
        response = _json_error(405, [message])
        response["Allow"] = ", ".join(API_METHODS)
        return response

    return answer


@api_view
def search_api(request):
    """/api/v1/search/: the same search as JSON, for partners' sites."""
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        return _json_error(400, [_("lang: choose one of %(codes)s.") % {"codes": ", ".join(codes)}])
    with translation.override(language):
        try:
            results = service.run(request.GET, language)
        except InvalidSearch as error:
            return _json_error(400, error.messages)
        if results.query.page > results.page_count:
            return _json_error(404, [_("This page of results does not exist.")])
        return _json(results_json(results, request))


@api_view
def openapi(request):
    """/api/v1/openapi.json: the JSON endpoint's OpenAPI 3.1 description."""
    return _json(openapi_schema(absolute_url(reverse("search_api"))))


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_error(status, messages):
    return _json({"errors": messages}, status=status)
