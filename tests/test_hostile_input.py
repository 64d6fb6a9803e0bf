"""Hostile input on every public parameter (issue #8).

Hypothesis throws arbitrary and malicious values at the search page, its
theme and country landing pages, the JSON endpoint, the exports, the Atom
feed and the "Propose a practice" form, and checks three properties of every
answer:

- the status is 2xx, 3xx or 4xx, never 5xx;
- a 4xx says why: an HTML page with a heading or an alert, a JSON body with
  `errors`, or a plain-text message;
- nothing is reflected unescaped: no payload marker appears verbatim in an
  HTML page, no element carries an event-handler attribute, a `javascript:`
  link or an inline script, and JSON answers parse as JSON.

The values: any Unicode text (NUL included; lone surrogates cannot travel in
a URL, so arbitrary bytes are sent percent-encoded instead), very long
values, page numbers negative, huge or not numbers at all, HTML and
JavaScript payloads, SQL, SQLite FTS5, PostgreSQL tsquery and Elasticsearch
query syntax, repeated and unknown parameters.

Runs are derandomized (the same examples on every machine) and each test
prints how many examples it tried (run with `-s` to see them).
"""

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import HOST
from test_proposals import contributor, valid_data  # noqa: F401 (contributor: a fixture)

from practices.models import PracticePage
from search.forms import MAX_PAGE, SearchForm
from search.query import FACETS

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr"]

# Payloads, each carrying a marker that the site's own HTML never contains.
MARKER = "xss7f3a"
HTML_PAYLOADS = [
    f"<script>alert('{MARKER}')</script>",
    f'"><svg onload=alert("{MARKER}")>',
    f"'><img src=x onerror=alert('{MARKER}')>",
    f"</textarea><script>{MARKER}()</script>",
    f"<a href=\"javascript:alert('{MARKER}')\">x</a>",
    f'<iframe srcdoc="<script>{MARKER}</script>">',
    f"<!--{MARKER}--><b onmouseover={MARKER}>",
]
OTHER_PAYLOADS = [
    # Template syntax: harmless as long as nothing renders visitors' text as a template.
    f"{{{{ {MARKER} }}}}{{% debug %}}",
    f"javascript:alert('{MARKER}')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    # SQL
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "%' AND 1=1 --",
    "\\",
    "%",
    "_",
    # SQLite FTS5
    '"',
    '""',
    '"unclosed phrase',
    "*",
    "mem*",
    "NEAR(a b)",
    'NEAR("home support" seniors, 2)',
    "AND OR NOT",
    "a AND OR NOT b",
    "^title",
    "title:memory",
    "{title summary}: memory",
    "-memory",
    "+memory",
    "(a OR b",
    # PostgreSQL tsquery
    "a & b | !c",
    "a <-> b",
    "a:*",
    "!!!",
    "&|",
    # Elasticsearch query string and Lucene syntax
    "title:(memory OR foster)",
    "memory~2",
    "foster^10",
    "*:*",
    "[a TO z]",
    "{a TO z}",
    "/reg.*ex/",
    "a && b || c",
    'q="\\"',
    '{"query": {"match_all": {}}}',
    "_all",
    # Oddities
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "ﬁ ß İ ǅ",
    "\U0001f600" * 5,
    "é" * 300,
]
PAYLOADS = HTML_PAYLOADS + OTHER_PAYLOADS

# Text that can travel in a URL or a form: any code point but the surrogates.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
huge_text = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["a", "é ", "<script>", '"', "NEAR( ", "\x00", "memory "]),
    st.integers(min_value=201, max_value=20_000),
)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(PAYLOADS),
    st.builds(lambda a, p, b: a + p + b, any_text, st.sampled_from(PAYLOADS), any_text),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=6).map(" ".join),
    huge_text,
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=-2, max_value=MAX_PAGE + 2).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-0",
            "1.0",
            "1.5",
            "1e3",
            "NaN",
            "inf",
            "-inf",
            "0x10",
            "١٢",
            "²",
            " 2 ",
            "2\x00",
            "9" * 5000,
            "1" + "0" * 400,
            "null",
            "[]",
            "{}",
            "true",
        ]
    ),  # fmt: skip
    hostile_text,
)
FACET_VALUES = ["ageing", "child-protection", "fr", "it", "lt", "FR", " it ", "en", "1"]
facet_values = st.one_of(st.sampled_from(FACET_VALUES), hostile_text)
KNOWN_PARAMETERS = ["q", "sort", "lang", *FACETS, *SearchForm.base_fields]
parameter_names = st.one_of(
    st.sampled_from(KNOWN_PARAMETERS),
    st.sampled_from(["q[]", "page[0]", "__proto__", "", "csrfmiddlewaretoken", "format"]),
    any_text,
)


def parameter_value(name):
    if name in SearchForm.base_fields:
        return numbers
    if name in FACETS:
        return facet_values
    if name == "sort":
        return st.one_of(st.sampled_from(["relevance", "newest", "title", "TITLE", ""]), any_text)
    if name == "lang":
        return st.one_of(st.sampled_from(["en", "fr", "it", "xx", "EN", ""]), any_text)
    return hostile_text


parameter = parameter_names.flatmap(lambda name: st.tuples(st.just(name), parameter_value(name)))
# Several parameters, repeated ones included (theme=a&theme=b&page=1&page=2).
parameters = st.one_of(
    st.lists(parameter, max_size=12),
    st.builds(
        lambda name, values: [(name, value) for value in values],
        st.sampled_from(KNOWN_PARAMETERS),
        st.lists(facet_values, min_size=2, max_size=80),
    ),
)


def percent_encoded(data):
    return "".join(f"%{byte:02X}" for byte in data)


# Query strings of arbitrary bytes: invalid UTF-8, NUL, stray & and =.
raw_query_strings = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(KNOWN_PARAMETERS), st.binary(max_size=8).map(percent_encoded)),
        st.one_of(
            st.binary(max_size=200).map(percent_encoded),
            st.sampled_from(["%", "%zz", "%C3", "%FF%FE", "%00", "=", "&&", "%E2%80%AE"]),
        ),
    ),
    max_size=8,
).map(lambda pairs: "&".join(f"{name}={value}" for name, value in pairs))


def query_string(pairs):
    return urlencode([(str(name), str(value)) for name, value in pairs])


# The properties ---------------------------------------------------------------


class Tried:
    """How many examples each test tried (printed at its end; docs/security.md)."""

    def __init__(self, name):
        self.name, self.count, self.statuses = name, 0, {}

    def __call__(self, response):
        self.count += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1

    def report(self):
        print(
            f"\n{self.name}: {self.count} requests, statuses {dict(sorted(self.statuses.items()))}"
        )


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def assert_safe_html(body):
    """No payload reflected as markup: markers only ever appear escaped."""
    for payload in HTML_PAYLOADS:
        assert payload not in body, f"reflected unescaped: {payload!r}"
    for raw in (f"<script>alert('{MARKER}", f'<svg onload=alert("{MARKER}', "<img src=x onerror"):
        assert raw not in body, f"reflected unescaped: {raw!r}"
    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"event handler on <{tag.name}>"
            if attribute in ("href", "src", "action", "formaction", "srcdoc"):
                value = value if isinstance(value, str) else " ".join(value)
                assert not value.strip().lower().startswith(("javascript:", "data:")), (
                    f"<{tag.name} {attribute}={value!r}>"
                )
        if tag.name == "script" and not tag.get("src"):
            assert tag.get("type") == "application/ld+json", f"inline script: {tag}"
            json.loads(tag.string or "null")
        assert tag.name not in ("iframe", "svg") or MARKER not in str(tag), str(tag)


def assert_handled(response, tried=None):
    """2xx, 3xx or 4xx with a message, and nothing reflected unescaped."""
    if tried is not None:
        tried(response)
    status = response.status_code
    body = body_of(response)
    assert status < 500, f"server error {status}: {body[:500]}"
    content_type = response.get("Content-Type", "")
    if 300 <= status < 400:
        location = response["Location"]
        parts = urlsplit(location)
        assert parts.scheme in ("", "http", "https") and parts.netloc in ("", HOST), location
        return
    if status >= 400:
        assert body.strip(), f"{status} without a message"
    if content_type.startswith("text/html"):
        assert_safe_html(body)
        if status >= 400:
            soup = BeautifulSoup(body, "html.parser")
            messages = soup.select('h1, [role="alert"]')
            assert messages and all(m.get_text().strip() for m in messages), body[:500]
    elif content_type.startswith("application/json"):
        data = json.loads(body)
        if status >= 400:
            assert data["errors"] and all(isinstance(e, str) and e for e in data["errors"])
    elif content_type.startswith(("text/plain", "text/csv")):
        # Not rendered as HTML by a browser, which must not guess otherwise.
        assert response["X-Content-Type-Options"] == "nosniff"
    elif content_type.startswith("application/atom+xml"):
        ET.fromstring(response.content)  # noqa: S314 (our own response)
    else:
        pytest.fail(f"unexpected content type {content_type!r}")


def fuzz(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# The search page, its landing pages, the API, the exports, the feed ----------


def test_search_page_handles_any_text(client, catalogue):
    tried = Tried("search page, q")

    @fuzz(250)
    @given(text=hostile_text, language=st.sampled_from(LANGUAGES), fragment=st.booleans())
    def check(text, language, fragment):
        headers = {"X-Search-Fragment": "1"} if fragment else {}
        response = client.get(f"/{language}/search/", {"q": text}, HTTP_HOST=HOST, headers=headers)
        assert_handled(response, tried)

    check()
    tried.report()


def test_search_page_handles_any_parameters(client, catalogue):
    tried = Tried("search page, every parameter")

    @fuzz(200)
    @given(pairs=parameters, language=st.sampled_from(LANGUAGES), fragment=st.booleans())
    def check(pairs, language, fragment):
        headers = {"X-Search-Fragment": "1"} if fragment else {}
        url = f"/{language}/search/?{query_string(pairs)}"
        assert_handled(client.get(url, HTTP_HOST=HOST, headers=headers), tried)

    check()
    tried.report()


def test_search_page_handles_any_bytes(client, catalogue):
    tried = Tried("search page, raw bytes")

    @fuzz(100)
    @given(raw=raw_query_strings)
    def check(raw):
        assert_handled(client.get(f"/en/search/?{raw}", HTTP_HOST=HOST), tried)

    check()
    tried.report()


def test_landing_pages_handle_any_path_value(client, catalogue):
    tried = Tried("theme and country landing pages")
    values = st.one_of(
        hostile_text.filter(bool),
        st.sampled_from(["ageing", "AGEING", "fr", "FR", "Fr", "xx", "..", ".", "%00", "%2F"]),
        st.binary(min_size=1, max_size=30).map(percent_encoded),
    )

    @fuzz(150)
    @given(
        kind=st.sampled_from(["themes", "countries"]),
        value=values,
        encoded=st.booleans(),
        pairs=st.lists(parameter, max_size=4),
        language=st.sampled_from(LANGUAGES),
    )
    def check(kind, value, encoded, pairs, language):
        segment = quote(value, safe="") if encoded else quote(value, safe="%")
        url = f"/{language}/{kind}/{segment}/?{query_string(pairs)}"
        response = client.get(url, HTTP_HOST=HOST)
        assert_handled(response, tried)

    check()
    tried.report()


def test_api_handles_any_parameters(client, catalogue):
    tried = Tried("JSON API")

    @fuzz(200)
    @given(pairs=parameters, raw=st.one_of(st.just(""), raw_query_strings))
    def check(pairs, raw):
        url = f"/api/v1/search/?{query_string(pairs)}&{raw}"
        response = client.get(url, HTTP_HOST=HOST)
        assert_handled(response, tried)
        assert response["Content-Type"].startswith("application/json")

    check()
    tried.report()


def test_exports_handle_any_parameters(client, catalogue):
    tried = Tried("exports (CSV and JSON)")

    @fuzz(150)
    @given(
        pairs=parameters,
        fmt=st.sampled_from(["csv", "json"]),
        language=st.sampled_from(LANGUAGES),
    )
    def check(pairs, fmt, language):
        url = f"/{language}/search/export.{fmt}?{query_string(pairs)}"
        response = client.get(url, HTTP_HOST=HOST)
        assert_handled(response, tried)
        if response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment;")

    check()
    tried.report()


def test_feed_handles_any_parameters(client, catalogue):
    tried = Tried("Atom feed")

    @fuzz(100)
    @given(
        pairs=st.lists(parameter, max_size=6),
        raw=st.one_of(st.just(""), raw_query_strings),
        language=st.sampled_from([*LANGUAGES, "it", "lt"]),
    )
    def check(pairs, raw, language):
        response = client.get(f"/{language}/feed/?{query_string(pairs)}&{raw}", HTTP_HOST=HOST)
        assert_handled(response, tried)

    check()
    tried.report()


# The "Propose a practice" form -------------------------------------------------

PROPOSAL_FIELDS = [
    "title", "summary", "context", "method_text", "outcomes", "transferability", "themes",
    "countries", "target_groups", "professions", "practice_types", "region", "start_year",
    "end_year", "organisations", "name", "email", "contact_consent", "website",
]  # fmt: skip
MULTIPLE = {"themes", "countries", "target_groups", "professions", "practice_types"}
EMAILS = ["ada@example.org", "a@b", "@", "a" * 300 + "@example.org", "é@ü.example", "<a>@x.org"]


def proposal_value(name):
    if name in MULTIPLE:
        return st.lists(st.one_of(numbers, st.sampled_from(["1", "2", "3"])), max_size=5)
    if name in ("start_year", "end_year"):
        return numbers
    if name == "email":
        return st.one_of(st.sampled_from(EMAILS), hostile_text)
    return hostile_text


def hostile_file():
    names = st.one_of(
        st.sampled_from(["report.pdf", "photo.png", "x.exe", "x.svg", "x.html", ".pdf", "a" * 300]),
        st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1,
                max_size=40),
    )  # fmt: skip
    contents = st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [b"%PDF-1.4\n%%EOF\n", b"<svg onload=alert(1)>", b"<html><script>1</script>"]
        ),
    )
    return st.builds(SimpleUploadedFile, names, contents)


@st.composite
def proposals(draw, themes, countries):
    """A valid proposal with some fields replaced by hostile values, or
    hostile values alone, unknown fields and files included."""
    data = valid_data(themes, countries) if draw(st.booleans()) else {}
    for name in draw(st.lists(st.sampled_from(PROPOSAL_FIELDS), max_size=8, unique=True)):
        if name == "website" and draw(st.integers(0, 3)):
            continue  # the honeypot would stop most proposals before the form
        data[name] = draw(proposal_value(name))
    for name, value in draw(st.lists(st.tuples(any_text, hostile_text), max_size=3)):
        data.setdefault(name or "_", value)
    files = draw(st.lists(hostile_file(), max_size=3))
    if files:
        data["attachments"] = files
    return data


def post_proposals(client, themes, countries, tried, max_examples):
    @fuzz(max_examples)
    @given(data=proposals(themes, countries), language=st.sampled_from(LANGUAGES))
    def check(data, language):
        cache.clear()  # the rate limit
        for upload in data.get("attachments", ()):
            upload.seek(0)
        response = client.post(f"/{language}/propose/", data, HTTP_HOST=HOST)
        assert_handled(response, tried)

    check()


def test_proposal_form_handles_any_post_from_a_contributor(client, contributor, themes, countries):  # noqa: F811
    client.force_login(contributor)
    tried = Tried("proposal form, contributor")
    post_proposals(client, themes, countries, tried, 100)
    tried.report()
    # Some examples went through (the creation path was exercised too).
    assert tried.statuses.get(302) and PracticePage.objects.filter(live=False).exists()


@override_settings(PROPOSALS_ALLOW_ANONYMOUS=True)
def test_proposal_form_handles_any_post_from_an_anonymous_visitor(client, site_tree, themes, countries):  # fmt: skip
    tried = Tried("proposal form, anonymous")
    post_proposals(client, themes, countries, tried, 80)
    tried.report()
    assert tried.statuses.get(302) and tried.statuses.get(400)


def test_proposal_form_refusal_handles_any_post(client, site_tree, themes, countries):
    """Anonymous proposals closed: every POST gets the sign-in page (403)."""
    tried = Tried("proposal form, anonymous refused")
    post_proposals(client, themes, countries, tried, 30)
    tried.report()
    assert set(tried.statuses) == {403}


def test_proposal_form_handles_raw_bodies(client, contributor, site_tree):  # noqa: F811
    client.force_login(contributor)
    tried = Tried("proposal form, raw bodies")

    @fuzz(60)
    @given(raw=raw_query_strings, multipart=st.booleans())
    def check(raw, multipart):
        cache.clear()
        content_type = (
            "multipart/form-data; boundary=BoUnDaRy"
            if multipart
            else "application/x-www-form-urlencoded"
        )
        body = f"--BoUnDaRy\r\n{raw}\r\n--BoUnDaRy--" if multipart else raw
        response = client.post("/en/propose/", body, content_type=content_type, HTTP_HOST=HOST)
        assert_handled(response, tried)

    check()
    tried.report()


# Regressions: what the properties above found ---------------------------------


def notices_of(response):
    return [
        p.get_text(" ", strip=True)
        for p in BeautifulSoup(response.content, "html.parser").select(".notice")
    ]


def test_unknown_filter_values_are_named_up_to_three_then_counted_in_one_notice(client, catalogue):
    """1 000 unknown themes used to give 1 000 notices (a page of megabytes from
    one URL); now more than 50 values of a filter are refused, and of the
    unknown ones the first three are named, the rest counted."""
    unknown = [("theme", f"nothing-{i}") for i in range(48)]
    pairs = [*unknown, ("theme", "nothing-1"), ("theme", "ageing"), ("country", "zz")]
    data = client.get(f"/api/v1/search/?{query_string(pairs)}", HTTP_HOST=HOST).json()
    assert data["notices"] == [
        "Theme: there is no “nothing-0”; it was ignored.",
        "Theme: there is no “nothing-1”; it was ignored.",
        "Theme: there is no “nothing-2”; it was ignored.",
        "Theme: 45 other values name nothing; they were ignored.",
        "Country: there is no “zz”; it was ignored.",
    ]
    assert data["query"]["filters"] == {"theme": ["ageing"]}
    pairs = [("theme", f"nothing-{i}") for i in range(1000)]
    response = client.get(f"/api/v1/search/?{query_string(pairs)}", HTTP_HOST=HOST)
    assert response.status_code == 400
    assert response.json() == {"errors": ["Theme: at most 50 values."]}
    pairs = [("theme", f"nothing-{i}") for i in range(4)]
    response = client.get(f"/en/search/?{query_string(pairs)}", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert notices_of(response)[-1] == "Theme: 1 other value names nothing; it was ignored."


@override_settings(PROPOSALS_ALLOW_ANONYMOUS=True)
def test_a_request_too_large_to_read_gets_a_clear_page_in_the_visitors_language(client, site_tree):
    """Django's bare English "Bad Request (400)" before site/templates/400.html."""
    response = client.post("/fr/propose/", {"title": "x" * 3_000_000}, HTTP_HOST=HOST)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    with translation.override("fr"):
        heading = gettext("The request could not be read")
    assert soup.h1.get_text(strip=True) == heading
    assert soup.select_one('a.button[href="/fr/"]')
    assert_handled(response)


@override_settings(PROPOSALS_ALLOW_ANONYMOUS=True)
def test_a_form_sent_without_its_csrf_token_gets_a_clear_page_in_the_visitors_language(
    site_tree, themes, countries
):
    """Django's bare English "Forbidden (403)" before site/templates/403_csrf.html
    (the test client skips the CSRF check unless told not to)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/propose/", valid_data(themes, countries), HTTP_HOST=HOST)
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    with translation.override("fr"):
        heading = gettext("The form could not be sent")
    assert soup.h1.get_text(strip=True) == heading
    assert_handled(response)
    assert not PracticePage.objects.filter(title="Neighbourhood kitchens").exists()
