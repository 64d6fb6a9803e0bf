"""The JSON search endpoint and its OpenAPI description, checked against
each other and against the HTML search page."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from corpora import classify, english_terms, tjsw_project
from django.conf import settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from site_helpers import HOST

from search.forms import SearchForm
from search.query import FACETS

pytestmark = pytest.mark.django_db

API = "/api/v1/search/"
SCHEMA_URI = "urn:search-api:openapi"


# Helpers ------------------------------------------------------------------------


def openapi_schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def validator(schema, name):
    """A JSON Schema validator for one of the document's components."""
    registry = Registry().with_resource(
        SCHEMA_URI, Resource.from_contents(schema, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"{SCHEMA_URI}#/components/schemas/{name}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_valid(schema, name, data):
    errors = [error.message for error in validator(schema, name).iter_errors(data)]
    assert errors == [], (name, errors)


def assert_absolute(url):
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "localhost", url


def assert_documented(schema, data):
    """Every field of a Results answer is described in the schema."""
    components = schema["components"]["schemas"]
    assert set(data) <= set(components["Results"]["properties"])
    for hit in data["results"]:
        assert set(hit) <= set(components["Hit"]["properties"])
    for found in data["facets"]:
        assert set(found) <= set(components["Facet"]["properties"])
        items = components["Facet"]["properties"]["values"]["items"]["properties"]
        for value in found["values"]:
            assert set(value) <= set(items)


def search(client, **params):
    response = client.get(API, {"lang": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def titles(data):
    return [hit["title"] for hit in data["results"]]


def counts(data, name):
    return {
        value["value"]: value["count"]
        for found in data["facets"]
        if found["name"] == name
        for value in found["values"]
    }


def html_results(client, language, params):
    response = client.get(f"/{language}/search/", params, HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = [" ".join(node.get_text(" ").split()) for node in soup.select(".result .card__title")]
    total = int(re.match(r"\d+", soup.select_one(".result-count").get_text().strip()).group())
    return found, total


@pytest.fixture
def corpus(make_practice, themes, countries, locales):
    """Five practices for English visitors: four English, one French only."""
    terms = english_terms(locales)
    project = tjsw_project()
    gardening = make_practice(
        "Intergenerational gardening",
        slug="gardening",
        summary="Pensioners and pupils grow vegetables together.",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
        start_year=2015,
        end_year=2018,
        project=project,
    )
    classify(gardening, terms)
    make_practice(
        "Foster family network",
        slug="foster",
        summary="Foster carers share training and respite for children.",
        themes_=[themes["child-protection"]],
        countries_=[countries["IT"]],
        start_year=2020,
    )
    make_practice(
        "Universal social reception desks",
        slug="reception",
        summary="Every desk gives the same first information to seniors and children.",
        themes_=[themes["ageing"], themes["child-protection"]],
        countries_=[countries["FR"], countries["LT"]],
        start_year=2021,
    )
    make_practice(
        "Job shadowing between institutions",
        slug="shadowing",
        summary="Professionals working with children spend five days in a partner institution.",
        themes_=[themes["child-protection"]],
        countries_=[countries["LT"]],
        start_year=2017,
        end_year=2019,
    )
    make_practice(
        "Ateliers de mémoire",
        locale="fr",
        slug="ateliers-memoire",
        summary="Des ateliers pour les personnes âgées et leurs aidants.",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
        start_year=2022,
    )
    return {
        "theme": "ageing",
        "country": "fr",
        "target_group": "older-people",
        "profession": "social-workers",
        "practice_type": "training",
        "language": "fr",
        "project": str(project.pk),
    }


# The OpenAPI document -------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3_1(client):
    schema = openapi_schema(client)

    validate_openapi(schema)
    assert schema["openapi"].startswith("3.1.")
    assert schema["servers"] == [{"url": "http://localhost"}]
    operation = schema["paths"][API]["get"]
    assert set(operation["responses"]) == {"200", "400", "404"}


def test_real_answers_validate_against_the_results_schema(client, corpus):
    schema = openapi_schema(client)

    for params in (
        {},
        {"q": "children"},
        {"q": '"grow vegetables"'},
        {"theme": "ageing", "country": "fr"},
        {"per_page": "2", "page": "2", "sort": "title"},
        {"lang": "fr", "q": "ateliers"},
        {"lang": "it", "year_from": "2016", "year_to": "2020"},
        {"theme": "no-such-theme"},
    ):
        data = search(client, **params)
        assert_valid(schema, "Results", data)
        assert_documented(schema, data)
        assert data["results"] or params.get("theme") == "no-such-theme", params
        for hit in data["results"]:
            assert_absolute(hit["url"])


def test_error_answers_validate_against_the_errors_schema(client, corpus):
    schema = openapi_schema(client)

    for params, status in (
        ({"page": "abc"}, 400),
        ({"per_page": "101"}, 400),
        ({"sort": "popularity"}, 400),
        ({"year_from": "2020", "year_to": "2010"}, 400),
        ({"lang": "xx"}, 400),
        ({"page": "0"}, 400),
    ):
        response = client.get(API, {"lang": "en", **params})
        assert response.status_code == status, params
        data = response.json()
        assert_valid(schema, "Errors", data)
        assert data["errors"] and all(data["errors"]), params


def test_a_page_past_the_end_answers_404_with_errors(client, corpus):
    schema = openapi_schema(client)

    for params in ({"page": "2"}, {"q": "no-such-word", "page": "2"}, {"page": "10000"}):
        response = client.get(API, {"lang": "en", **params})
        assert response.status_code == 404, params
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        assert_valid(schema, "Errors", data)
        assert data["errors"], params


def test_every_accepted_parameter_is_documented_and_every_documented_one_accepted(client):
    documented = {
        parameter["name"] for parameter in openapi_schema(client)["paths"][API]["get"]["parameters"]
    }

    accepted = {"lang", "q", *FACETS, *SearchForm.base_fields}
    assert documented == accepted


def test_documented_parameters_are_honoured_within_their_documented_limits(client, corpus):
    parameters = openapi_schema(client)["paths"][API]["get"]["parameters"]
    defaults = search(client, lang=settings.LANGUAGE_CODE)["query"]

    for parameter in parameters:
        name, schema = parameter["name"], parameter["schema"]
        assert parameter["in"] == "query" and parameter["description"], name
        if name in FACETS:
            data = search(client, **{name: corpus[name]})
            assert data["query"]["filters"] == {name: [corpus[name]]}, name
            assert data["total"] >= 1 and not data["notices"], name
            continue
        if name == "q":
            assert search(client, q="vegetables")["query"]["q"] == "vegetables"
            continue
        echoed = "lang" if name == "lang" else name
        if "default" in schema:
            assert defaults[echoed] == schema["default"], name
        for value in schema.get("enum", []):
            assert search(client, **{name: value})["query"][echoed] == value, (name, value)
        if "enum" in schema:
            response = client.get(API, {"lang": "en", name: "zzz"})
            assert response.status_code == 400, name
            assert response.json()["errors"], name
        if schema.get("type") == "integer":
            low, high = schema["minimum"], schema["maximum"]
            for value in (low, high):
                response = client.get(API, {"lang": "en", name: str(value)})
                if name == "page" and value > 1:
                    # Accepted, but past the end of these results (see the 404 test).
                    assert response.status_code != 400
                    continue
                assert response.status_code == 200, (name, value)
                assert response.json()["query"][name] == value, name
            for value in (low - 1, high + 1, "x"):
                response = client.get(API, {"lang": "en", name: str(value)})
                assert response.status_code == 400, (name, value)
                assert response.json()["errors"], (name, value)


def test_an_unknown_language_is_refused_with_a_message(client, corpus):
    for value in ("xx", "", "EN", "en-gb"):
        response = client.get(API, {"lang": value})
        assert response.status_code == 400, value
        [message] = response.json()["errors"]
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        assert message == f"lang: choose one of {codes}.", message


# Results ----------------------------------------------------------------------------


def test_results_are_those_of_the_html_page(client, corpus):
    for language, params in (
        ("en", {}),
        ("en", {"q": "children"}),
        ("en", {"q": "children", "sort": "title"}),
        ("en", {"theme": "ageing", "sort": "newest"}),
        ("en", {"country": ["fr", "lt"], "sort": "title"}),
        ("en", {"per_page": "2", "page": "2", "sort": "title"}),
        ("en", {"year_from": "2018"}),
        ("fr", {"q": "ateliers"}),
        ("fr", {}),
        ("it", {"theme": "child-protection", "sort": "title"}),
    ):
        data = search(client, lang=language, **params)
        assert html_results(client, language, params) == (titles(data), data["total"]), params


def test_facets_are_disjunctive(client, corpus):
    everything = search(client)
    assert counts(everything, "theme") == {"ageing": 3, "child-protection": 3}
    assert counts(everything, "country") == {"fr": 3, "it": 1, "lt": 2}

    child = search(client, theme="child-protection")
    assert child["total"] == 3
    # Selecting a theme leaves the theme counts as they were, ageing included.
    assert counts(child, "theme") == counts(everything, "theme")
    [selected] = [
        value
        for found in child["facets"]
        if found["name"] == "theme"
        for value in found["values"]
        if value["selected"]
    ]
    assert selected["value"] == "child-protection"
    # The other facets count the practices the theme filter keeps.
    assert counts(child, "country") == {"fr": 1, "it": 1, "lt": 2}

    both = search(client, theme=["child-protection", "ageing"])
    assert both["total"] == 5  # OR within a facet

    child_in_france = search(client, theme="child-protection", country="fr")
    assert titles(child_in_france) == ["Universal social reception desks"]  # AND across
    assert counts(child_in_france, "theme") == {"ageing": 3, "child-protection": 1}
    assert counts(child_in_france, "country") == {"fr": 1, "it": 1, "lt": 2}


def test_per_page_and_absolute_next_and_previous_links(client, corpus):
    first = search(client, per_page="2", sort="title")
    assert first["page_count"] == 3
    assert first["previous"] is None
    assert len(first["results"]) == 2

    seen, page, data = [], 1, first
    while True:
        seen += titles(data)
        if data["next"] is None:
            break
        assert_absolute(data["next"])
        query = parse_qs(urlsplit(data["next"]).query)
        assert query == {
            "lang": ["en"],
            "per_page": ["2"],
            "sort": ["title"],
            "page": [str(page + 1)],
        }
        response = client.get(data["next"])
        assert response.status_code == 200
        data, page = response.json(), page + 1
        assert_absolute(data["previous"])
        assert parse_qs(urlsplit(data["previous"]).query)["page"] == [str(page - 1)]
    assert page == 3
    assert seen == sorted(titles(search(client, per_page="100")), key=str.casefold)
    assert len(seen) == len(set(seen)) == 5

    back = client.get(data["previous"]).json()
    assert titles(back) == seen[2:4]
    assert len(search(client, per_page="1")["results"]) == 1


def test_a_practice_shown_in_its_original_language_is_marked(client, corpus):
    hits = {hit["title"]: hit for hit in search(client, per_page="100")["results"]}

    french = hits["Ateliers de mémoire"]
    assert french["language"] == "fr"
    assert french["in_requested_language"] is False
    assert french["url"] == "http://localhost/fr/pratiques/ateliers-memoire/"
    english = hits["Intergenerational gardening"]
    assert english["language"] == "en"
    assert english["in_requested_language"] is True
    assert english["themes"] == [{"slug": "ageing", "name": "Ageing and loss of autonomy"}]
    assert english["countries"] == [{"code": "fr", "name": "France"}]

    in_french = {hit["title"]: hit for hit in search(client, lang="fr")["results"]}
    assert in_french["Ateliers de mémoire"]["in_requested_language"] is True
    assert in_french["Intergenerational gardening"]["in_requested_language"] is False
    assert in_french["Intergenerational gardening"]["themes"] == [
        {"slug": "ageing", "name": "Vieillissement et perte d'autonomie"}
    ]


def test_snippets_escape_the_practice_text(client, make_practice):
    make_practice(
        "Markup in a summary",
        summary='Pupils write <script>alert("x")</script> & grow vegetables.',
    )

    [hit] = search(client, q="vegetables")["results"]

    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert "<mark>vegetables</mark>" in hit["snippet"]
    assert hit["summary"] == 'Pupils write <script>alert("x")</script> & grow vegetables.'


def test_cors_header_on_every_answer(client, corpus):
    for url, params, status in (
        (API, {"lang": "en"}, 200),
        (API, {"lang": "xx"}, 400),
        (API, {"lang": "en", "page": "abc"}, 400),
        ("/api/v1/openapi.json", {}, 200),
    ):
        response = client.get(url, params)
        assert response.status_code == status, params
        assert response["Access-Control-Allow-Origin"] == "*", params


# Hostile input ---------------------------------------------------------------------------

HOSTILE_WORDS = [
    '"',
    '""',
    '"unbalanced phrase',
    '"grow vegetables" "',
    "\\",
    '\\"\\\\',
    "*",
    "child*",
    "AND",
    "OR NOT NEAR",
    "NEAR(children desk)",
    "title:children",
    "-children +desk",
    "(",
    ")",
    "children'); DROP TABLE search_document; --",
    '{"$ne": 1}',
    "x" * 10_000,
    "children " * 2_000,
    "\x00",
    "children\x00desk",
    "\x1b[31mred",
    "детска защита enfant",
    "兒童保護",
    "ﾞ ͺ ⑴ ½",
    "🙂 👨‍👩‍👧",
    "%",
    "_",
    "\u202eevil",
    "\ufeff",
]
HOSTILE_QUERY_STRINGS = [
    "page=-1",
    "page=abc",
    "page=0",
    "page=1.5",
    "per_page=1&page=1&page=2",
    "page=99999999999999999999999",
    "page=%00",
    "per_page=0",
    "per_page=abc",
    "per_page=-5",
    "per_page=1000000",
    "year_from=abc",
    "year_from=2020&year_to=2010",
    "year_to=-1",
    "sort=",
    "sort=relevance%00",
    "sort=title&sort=popularity",
    "theme=<script>alert(1)</script>",
    "theme=%00",
    "theme=" + "&theme=".join(["ageing"] * 60),
    "country=../../etc/passwd",
    "country=FR",
    "project=1%20OR%201=1",
    "q=%00",
    "q=%1B",
    "q=%FF%FE",
    "q=%zz",
    "q=%",
    "q=a&q=b",
    "lang=%00",
    "lang=<script>",
    "unknown=parameter",
]


HOSTILE_REQUESTS = [{"q": words} for words in HOSTILE_WORDS] + HOSTILE_QUERY_STRINGS


def test_hostile_input_never_breaks_the_search(client, corpus):
    schema = openapi_schema(client)
    statuses = set()

    for request in HOSTILE_REQUESTS:
        if isinstance(request, dict):
            api = client.get(API, {"lang": "en", **request})
            page = client.get("/en/search/", request, HTTP_HOST=HOST)
        else:
            prefix = "" if request.startswith("lang=") else "lang=en&"
            api = client.get(f"{API}?{prefix}{request}")
            page = client.get(f"/en/search/?{request}", HTTP_HOST=HOST)
        statuses.add(api.status_code)
        assert api.status_code in (200, 400, 404), request
        assert page.status_code in (200, 400, 404), request
        assert api["Content-Type"].startswith("application/json"), request
        data = api.json()
        if api.status_code == 200:
            assert_valid(schema, "Results", data)
        else:
            assert_valid(schema, "Errors", data)
            assert data["errors"] and all(message.strip() for message in data["errors"]), request
            if page.status_code != 200:
                soup = BeautifulSoup(page.content, "html.parser")
                assert soup.select('[role="alert"]'), request

    assert statuses == {200, 400}


def test_a_long_query_is_shortened_with_a_notice(client, corpus):
    data = search(client, q="children " * 2_000)

    assert len(data["query"]["q"]) <= 200
    assert any("200" in notice for notice in data["notices"])
    assert data["total"] == 3


def test_script_in_a_theme_value_is_only_ever_escaped(client, corpus):
    attack = "<script>alert(1)</script>"

    data = search(client, theme=attack)
    assert data["query"]["filters"] == {}
    assert data["total"] == 5
    assert [notice for notice in data["notices"] if attack in notice]  # plain text in JSON
    assert not any(
        attack in value["value"] for found in data["facets"] for value in found["values"]
    )

    response = client.get("/en/search/", {"theme": attack, "q": attack}, HTTP_HOST=HOST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    soup = BeautifulSoup(response.content, "html.parser")
    notices = [node.get_text() for node in soup.select('.notice[role="status"]')]
    assert any(attack in notice for notice in notices)  # shown as text, not as markup
    assert soup.select_one('input[name="q"]')["value"] == attack
    assert not soup.select(f'input[name="theme"][value="{attack}"]')


# Methods ----------------------------------------------------------------------------

ENDPOINTS = (API, "/api/v1/openapi.json")
REFUSED_METHODS = ("POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "PROPFIND")


def send(client, method, url, **headers):
    """A request with any method, through the whole middleware stack (CSRF included)."""
    return client.generic(method, url, "", content_type="application/json", **headers)


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("method", REFUSED_METHODS)
def test_other_methods_get_a_json_405_with_allow(url, method, corpus):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser or a script meets the site
    schema = openapi_schema(client)

    response = send(client, method, f"{url}?lang=en&theme=ageing")

    assert response.status_code == 405, (method, url, response.content[:200])
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert_valid(schema, "Errors", data)
    assert data == {"errors": ["This address answers only GET and HEAD requests."]}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_get_and_head_answer_the_same_headers_and_head_no_body(client, url, corpus):
    got = client.get(url, {"lang": "en"})
    head = client.head(url, {"lang": "en"})

    assert got.status_code == head.status_code == 200
    assert got.content and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] == "application/json"
    assert head["Access-Control-Allow-Origin"] == "*"
    assert head["Content-Length"] == got["Content-Length"] == str(len(got.content))


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("requested", ["GET", "POST"])
def test_a_cors_preflight_gets_204_allowing_get_and_head(client, url, requested):
    response = send(
        client,
        "OPTIONS",
        url,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=requested,
    )

    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert int(response["Access-Control-Max-Age"]) > 0


# What the description says is what the endpoint enforces ----------------------------


def facet_parameters(schema):
    return [p for p in schema["paths"][API]["get"]["parameters"] if p["name"] in FACETS]


def test_the_description_declares_no_security_and_a_licence(client):
    schema = openapi_schema(client)

    assert schema["security"] == []
    assert schema["info"]["license"] == {
        "name": "Practice texts: CC BY 4.0, unless a practice's page states another licence",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "405" in schema["info"]["description"]


def test_the_repeat_limit_of_each_filter_is_enforced_as_documented(client, corpus):
    schema = openapi_schema(client)
    parameters = facet_parameters(schema)
    assert {p["name"] for p in parameters} == set(FACETS)

    for parameter in parameters:
        name, limit = parameter["name"], parameter["schema"]["maxItems"]
        assert str(limit) in parameter["description"], name
        at_limit = client.get(API, {"lang": "en", name: [corpus[name]] * limit})
        assert at_limit.status_code == 200, name
        assert at_limit.json()["query"]["filters"] == {name: [corpus[name]]}, name
        for values in ([corpus[name]] * (limit + 1), [f"v{i}" for i in range(limit + 1)]):
            response = client.get(API, {"lang": "en", name: values})
            assert response.status_code == 400, name
            assert response["Content-Type"] == "application/json"
            data = response.json()
            assert_valid(schema, "Errors", data)
            label = str(FACETS[name])
            assert data["errors"] == [f"{label}: at most {limit} values."], name


def test_the_search_page_refuses_too_many_filter_values_with_the_same_message(client, corpus):
    response = client.get("/en/search/", {"theme": ["ageing"] * 51}, HTTP_HOST=HOST)

    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alerts = " ".join(node.get_text(" ") for node in soup.select('[role="alert"]'))
    assert "Theme: at most 50 values." in alerts


def test_the_year_rule_is_documented_and_enforced(client, corpus):
    schema = openapi_schema(client)
    operation = schema["paths"][API]["get"]
    described = {p["name"]: p["description"] for p in operation["parameters"]}
    assert "year_to" in described["year_from"] and "400" in described["year_from"]
    assert "year_from" in described["year_to"] and "400" in described["year_to"]
    assert "`year_from` is after `year_to`" in operation["responses"]["400"]["description"]

    same_year = client.get(API, {"lang": "en", "year_from": "2018", "year_to": "2018"})
    assert same_year.status_code == 200
    refused = client.get(API, {"lang": "en", "year_from": "2019", "year_to": "2018"})
    assert refused.status_code == 400
    assert refused.json() == {"errors": ["The first year must not come after the last year."]}
