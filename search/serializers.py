"""SearchResults as the JSON the API returns (described in search/openapi.py)."""

from urllib.parse import urlencode

from django.urls import reverse

from practices.site_address import absolute_url


def query_json(query):
    """What was searched for, as the API and the exports both report it."""
    return {
        "q": query.text,
        "lang": query.language,
        "filters": {name: list(values) for name, values in query.filters.items()},
        "year_from": query.year_from,
        "year_to": query.year_to,
        "sort": query.sort,
    }


def results_json(results, request):
    query = results.query
    return {
        "query": {**query_json(query), "page": query.page, "per_page": query.per_page},
        "total": results.total,
        "page_count": results.page_count,
        "next": _page_url(request, query.page + 1) if results.has_next else None,
        "previous": _page_url(request, query.page - 1) if results.has_previous else None,
        "results": [_hit(hit, results, request) for hit in results.hits],
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "values": [
                    {
                        "value": value.value,
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                    }
                    for value in facet.values
                ],
            }
            for facet in results.facets
        ],
        "notices": [str(notice) for notice in results.notices],
    }


def _hit(hit, results, request):
    return {
        "id": hit.page_id,
        "translation_key": hit.translation_key,
        "title": hit.title,
        "url": absolute_url(hit.url),
        "language": hit.language,
        "in_requested_language": hit.language == results.query.language,
        "summary": hit.summary,
        "snippet": str(hit.snippet),
        "countries": [
            {"code": code, "name": results.label("country", code)} for code in hit.countries
        ],
        "themes": [{"slug": slug, "name": results.label("theme", slug)} for slug in hit.themes],
        "start_year": hit.start_year,
        "end_year": hit.end_year,
        "first_published_at": (
            hit.first_published_at.isoformat() if hit.first_published_at else None
        ),
    }


def _page_url(request, page):
    params = request.GET.copy()
    params["page"] = str(page)
    return absolute_url(reverse("search_api") + "?" + urlencode(params, doseq=True))
