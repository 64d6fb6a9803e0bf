"""The OpenAPI 3.1 description of the JSON search endpoint.

Built from the same definitions the endpoint uses (facets, sorts, limits), so
the two cannot drift apart; tests validate it and check real responses
against it.
"""

from django.conf import settings

from practices.models import PracticePage
from search.forms import MAX_PAGE, MAX_PER_PAGE
from search.query import FACETS, MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, SORTS

FACET_DESCRIPTIONS = {
    "theme": "Theme slugs, for example `child-protection`.",
    "country": "Lower-case ISO 3166-1 alpha-2 country codes, for example `fr`.",
    "target_group": "Target group slugs.",
    "profession": "Profession slugs.",
    "practice_type": "Practice type slugs.",
    "language": "Language codes: practices available in one of these languages.",
    "project": "Erasmus+ project ids.",
}


def _parameter(name, schema, description, **extra):
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **extra}  # fmt: skip


def _parameters():
    languages = [code for code, _name in settings.LANGUAGES]
    parameters = [
        _parameter(
            "lang",
            {"type": "string", "enum": languages, "default": settings.LANGUAGE_CODE},
            "The visitor's language: each practice appears once, in this language where it "
            "is translated, otherwise in its original language.",
        ),
        _parameter(
            "q",
            {"type": "string"},
            'Words to search for; "quoted words" form a phrase. Other search syntax is '
            f"ignored, and the text is cut to {MAX_QUERY_LENGTH} characters.",
        ),
    ]
    for facet in FACETS:
        parameters.append(
            _parameter(
                facet,
                {"type": "array", "items": {"type": "string"}, "maxItems": MAX_VALUES_PER_FACET},
                FACET_DESCRIPTIONS[facet]
                + " Repeat the parameter to select several (they combine with OR; different "
                f"facets combine with AND), at most {MAX_VALUES_PER_FACET} times (more: 400). "
                "Unknown values are ignored with a notice.",
                style="form",
                explode=True,
            )
        )
    parameters += [
        _parameter(
            "year_from",
            {"type": "integer", "minimum": 1900, "maximum": 2100},
            "Practices running in or after this year. Must not be after `year_to` (400 otherwise).",
        ),
        _parameter(
            "year_to",
            {"type": "integer", "minimum": 1900, "maximum": 2100},
            "Practices that started in or before this year. Must not be before `year_from` "
            "(400 otherwise).",
        ),
        _parameter(
            "sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."
        ),
        _parameter(
            "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page."
        ),
        _parameter(
            "per_page",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": settings.PRACTICES_PER_PAGE,
            },
            "Results per page.",
        ),  # fmt: skip
    ]
    return parameters


NULLABLE_INT = {"type": ["integer", "null"]}
LABELLED = {
    "type": "object",
    "required": ["name"],
    "properties": {"code": {"type": "string"}, "slug": {"type": "string"},
                   "name": {"type": "string"}},
}  # fmt: skip
SCHEMAS = {
    "Results": {
        "type": "object",
        "required": ["query", "total", "page_count", "next", "previous", "results", "facets",
                     "notices"],
        "properties": {
            "query": {"type": "object"},
            "total": {"type": "integer", "minimum": 0},
            "page_count": {"type": "integer", "minimum": 1},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
            "notices": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Hit": {
        "type": "object",
        "required": ["id", "translation_key", "title", "url", "language",
                     "in_requested_language", "summary", "snippet", "countries", "themes"],
        "properties": {
            "id": {"type": "integer", "description": "The page id of this language version."},
            "translation_key": {"type": "string", "format": "uuid",
                                "description": "Stable identifier shared by every language "
                                               "version of the practice."},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "language": {"type": "string"},
            "in_requested_language": {"type": "boolean"},
            "summary": {"type": "string"},
            "snippet": {"type": "string",
                        "description": "Escaped HTML: matched words are in <mark>."},
            "countries": {"type": "array", "items": LABELLED},
            "themes": {"type": "array", "items": LABELLED},
            "start_year": NULLABLE_INT,
            "end_year": NULLABLE_INT,
            "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "Facet": {
        "type": "object",
        "required": ["name", "label", "values"],
        "properties": {
            "name": {"type": "string", "enum": list(FACETS)},
            "label": {"type": "string"},
            "values": {"type": "array", "items": {
                "type": "object",
                "required": ["value", "label", "count", "selected"],
                "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                               "count": {"type": "integer", "minimum": 0},
                               "selected": {"type": "boolean"}},
            }},
        },
    },
    "Errors": {
        "type": "object",
        "required": ["errors"],
        "properties": {"errors": {"type": "array", "items": {"type": "string"}}},
    },
}  # fmt: skip


def openapi_schema(endpoint_url):
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME}: search API",
            "version": "1.0.0",
            "description": "Full-text and faceted search of the published good practices, "
            "with the same parameters and results as the public search page. Read-only and "
            "open: no authentication, `Access-Control-Allow-Origin: *`. The endpoints answer "
            "GET and HEAD (and the CORS preflight of a GET); any other method gets 405 with "
            "an `Allow` header and an Errors body.",
            # The software has no licence file; what a client reuses is the practices' text.
            "license": {
                "name": "Practice texts: CC BY 4.0, unless a practice's page states "
                "another licence",
                "url": PracticePage.LICENCE_URLS[PracticePage.Licence.CC_BY],
            },
        },
        "security": [],
        "servers": [{"url": endpoint_url.rsplit("/api/", 1)[0]}],
        "paths": {
            "/api/v1/search/": {
                "get": {
                    "operationId": "searchPractices",
                    "summary": "Search the practices",
                    "parameters": _parameters(),
                    "responses": {
                        "200": {
                            "description": "A page of results, the total and every facet.",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Results"}}},
                        },
                        "400": {
                            "description": "A parameter is malformed or out of range, a "
                            f"filter is repeated more than {MAX_VALUES_PER_FACET} times, or "
                            "`year_from` is after `year_to`.",
                            **error,
                        },
                        "404": {"description": "The page is beyond the last one.", **error},
                    },
                }
            }
        },
        "components": {"schemas": SCHEMAS},
    }  # fmt: skip
