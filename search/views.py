"""The public search page and its JSON twin.

Both read the same parameters (search/forms.py) and call the same service
(search/service.py); neither knows which engine answers.
"""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from search import service
from search.forms import InvalidSearch
from search.openapi import openapi_schema
from search.query import SORTS
from search.serializers import results_json


def search(request):
    """/<lang>/search/: the HTML page (the form works without JavaScript)."""
    language = translation.get_language()
    context = {"sorts": SORTS.items(), "search_query": request.GET.get("q", "")[:200]}
    try:
        results = service.run(request.GET, language)
    except InvalidSearch as error:
        context["errors"] = error.messages
        return TemplateResponse(request, "search/search.html", context, status=400)
    status = 200
    if results.query.page > results.page_count:
        status = 404
        context["errors"] = [_("This page of results does not exist.")]
    context.update(
        results=results,
        search_query=results.query.text,
        query_string=_query_string(request, without=("page",)),
        active_filters=_active_filters(request, results),
    )
    return TemplateResponse(request, "search/search.html", context, status=status)


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


def openapi(request):
    """/api/v1/openapi.json: the JSON endpoint's OpenAPI 3.1 description."""
    return _json(openapi_schema(request.build_absolute_uri(reverse("search_api"))))


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_error(status, messages):
    return _json({"errors": messages}, status=status)


def _query_string(request, without=()):
    params = request.GET.copy()
    for name in without:
        params.pop(name, None)
    return params.urlencode()


def _active_filters(request, results):
    """Each selected facet value, with the link that removes it."""
    chips = []
    for facet in results.facets:
        for value in facet.selected:
            params = request.GET.copy()
            params.setlist(
                facet.name,
                [v for v in params.getlist(facet.name) if v.strip().lower() != value.value],
            )
            params.pop("page", None)
            chips.append({"facet": facet, "value": value, "remove_query": params.urlencode()})
    return chips
