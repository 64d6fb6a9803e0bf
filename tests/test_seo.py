"""What search engines read: canonical links at the site's public address,
noindex on search combinations, the theme and country landing pages
(description, hreflang, sitemap), meta descriptions in the page's
language, an unbroken heading outline, and the 404 page's way to each
language's home."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from site_helpers import HOST, get, soup_of

from practices.models import Country, Theme
from practices.site_address import sync_default_site

pytestmark = pytest.mark.django_db

BASE = "https://practices.example.eu"
FORGED = "forged.example.net"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
CODES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def public_address(settings, site_tree):
    """The site at BASE; any Host header accepted (the forged one included)."""
    settings.SITE_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["*"]
    sync_default_site()
    return BASE


def forged(client, url, params=None):
    response = client.get(url, params or {}, HTTP_HOST=FORGED)
    assert response.status_code == 200, (url, response.status_code)
    return soup_of(response)


def canonical(soup):
    links = soup.select('link[rel="canonical"]')
    assert len(links) <= 1
    return links[0]["href"] if links else None


def robots(soup):
    tag = soup.select_one('meta[name="robots"]')
    return tag["content"] if tag else None


def description(soup):
    tags = soup.select('meta[name="description"]')
    assert len(tags) == 1, tags
    return tags[0]["content"]


def hreflangs(soup):
    return {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }


def in_language(language, message, **values):
    with translation.override(language):
        return gettext(message) % values if values else gettext(message)


# Canonical links and robots ---------------------------------------------------


def test_canonical_links_at_the_public_address_whatever_the_host(client, public_address, catalogue):
    for path in (
        "/en/",
        "/fr/",
        "/en/practices/",
        "/fr/pratiques/",
        "/en/practices/seniors/",
        "/en/search/",
        "/fr/search/",
        "/en/themes/ageing/",
        "/fr/countries/it/",
    ):
        soup = forged(client, path)
        assert canonical(soup) == BASE + path, path
        assert robots(soup) is None, path
        assert FORGED not in str(soup.head)

    # A query string of its own never becomes part of a page's canonical URL.
    soup = forged(client, "/en/practices/seniors/", {"utm_source": "x", "page": "2"})
    assert canonical(soup) == f"{BASE}/en/practices/seniors/"
    assert canonical(forged(client, "/en/", {"untranslated": "1"})) == f"{BASE}/en/"


def test_listing_pages_are_their_own_canonical(client, public_address, catalogue, settings):
    settings.PRACTICES_PER_PAGE = 2
    assert canonical(forged(client, "/en/practices/", {"page": "2"})) == (
        f"{BASE}/en/practices/?page=2"
    )
    assert canonical(forged(client, "/en/practices/", {"page": "1"})) == f"{BASE}/en/practices/"
    soup = forged(client, "/en/search/", {"page": "2"})
    assert canonical(soup) == f"{BASE}/en/search/?page=2"
    assert robots(soup) is None


@pytest.mark.parametrize(
    "path, params",
    [
        ("/en/search/", {"q": "seniors"}),
        ("/fr/search/", {"q": "aide", "theme": "ageing"}),
        ("/en/search/", {"theme": "ageing"}),
        ("/en/search/", {"country": "it", "page": "1"}),
        ("/en/search/", {"year_from": "2018"}),
        ("/en/search/", {"sort": "title"}),
        ("/en/themes/ageing/", {"q": "memory"}),
        ("/en/themes/ageing/", {"country": "it"}),
        ("/fr/countries/it/", {"theme": "ageing"}),
    ],
)
def test_searches_with_words_or_filters_are_noindex_follow(
    client, public_address, catalogue, path, params
):
    soup = forged(client, path, params)
    assert robots(soup) == "noindex, follow"
    assert canonical(soup) is None
    assert hreflangs(soup) == {}
    assert description(soup)  # still described


def test_invalid_and_past_the_end_searches_are_not_indexed(client, public_address, catalogue):
    for params, status in (({"year_from": "abc"}, 400), ({"page": "99"}, 404)):
        response = client.get("/en/search/", params, HTTP_HOST=FORGED)
        assert response.status_code == status
        soup = soup_of(response)
        assert robots(soup) == "noindex, follow"
        assert canonical(soup) is None


def test_forms_and_error_pages_have_no_canonical(client, public_address):
    response = client.get("/en/nothing-here/", HTTP_HOST=FORGED)
    assert response.status_code == 404
    assert canonical(soup_of(response)) is None


# Landing pages ------------------------------------------------------------------


def test_landing_pages_description_and_hreflang_in_every_language(
    client, public_address, catalogue
):
    theme = forged(client, "/fr/themes/ageing/")
    assert description(theme) == in_language(
        "fr",
        "Good practices in social work on the theme %(theme)s.",
        theme="Vieillissement et perte d'autonomie",
    )
    assert hreflangs(theme) == {
        **{code: f"{BASE}/{code}/themes/ageing/" for code in CODES},
        "x-default": f"{BASE}/{settings.LANGUAGE_CODE}/themes/ageing/",
    }
    country = forged(client, "/it/countries/fr/")
    assert description(country) == in_language(
        "it", "Good practices in social work from %(country)s.", country="Francia"
    )
    assert hreflangs(country)["x-default"] == f"{BASE}/{settings.LANGUAGE_CODE}/countries/fr/"
    assert set(hreflangs(country)) == {*CODES, "x-default"}
    # Every alternate is a page that exists.
    for url in hreflangs(country).values():
        assert client.get(urlsplit(url).path, HTTP_HOST=FORGED).status_code == 200


def test_theme_landing_page_only_in_the_languages_it_exists_in(
    client, public_address, catalogue, locales
):
    Theme.objects.create(name="Accueil", slug="accueil", locale=locales["fr"])
    soup = forged(client, "/fr/themes/accueil/")
    assert hreflangs(soup) == {
        "fr": f"{BASE}/fr/themes/accueil/",
        "x-default": f"{BASE}/fr/themes/accueil/",
    }
    assert client.get("/en/themes/accueil/", HTTP_HOST=FORGED).status_code == 404


def test_search_page_description_in_its_language(client, public_address):
    for code in ("en", "fr"):
        soup = forged(client, f"/{code}/search/")
        assert description(soup) == in_language(
            code,
            "Search the good practices in social work collected across Europe, "
            "by words, theme, country and year.",
        )
        assert hreflangs(soup)[code] == f"{BASE}/{code}/search/"


# Sitemap and robots.txt ----------------------------------------------------------


def sitemap_entries(client):
    response = client.get("/sitemap.xml", HTTP_HOST=FORGED)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_sitemap_lists_the_landing_pages_with_their_alternates(
    client, public_address, catalogue, countries
):
    entries = sitemap_entries(client)
    for code in CODES:
        theme = f"{BASE}/{code}/themes/ageing/"
        assert entries[theme] == {
            **{c: f"{BASE}/{c}/themes/ageing/" for c in CODES},
            "x-default": f"{BASE}/{settings.LANGUAGE_CODE}/themes/ageing/",
        }
        for country in countries:
            assert f"{BASE}/{code}/countries/{country.lower()}/" in entries
    landing = [loc for loc in entries if "/themes/" in loc or "/countries/" in loc]
    assert len(landing) == len(CODES) * (2 + len(countries))
    # What the sitemap lists is what the pages themselves say.
    soup = forged(client, "/fr/countries/lt/")
    assert canonical(soup) in entries
    assert entries[canonical(soup)] == hreflangs(soup)


def disallowed(robots_txt):
    """The Disallow prefixes of the `User-agent: *` group (the only one)."""
    lines = [line.split("#")[0].strip() for line in robots_txt.splitlines()]
    assert "User-agent: *" in lines
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")]


def test_robots_txt_disallows_nothing_the_sitemap_lists(client, public_address, catalogue):
    robots_txt = client.get("/robots.txt", HTTP_HOST=FORGED).content.decode()
    prefixes = [prefix for prefix in disallowed(robots_txt) if prefix]
    assert prefixes  # the admin and the exports are disallowed
    entries = sitemap_entries(client)
    locations = set(entries) | {href for links in entries.values() for href in links.values()}
    assert len(locations) > 20
    for location in locations:
        assert location.startswith(BASE + "/")
        path = location.removeprefix(BASE)
        # Google's rule: the longest matching rule wins, and "Allow: /" is
        # the shortest, so any Disallow prefix would exclude the URL.
        assert not [prefix for prefix in prefixes if path.startswith(prefix)], location
    # And the exports, which are not in the sitemap, stay disallowed.
    assert any("/en/search/export.csv".startswith(prefix) for prefix in prefixes)


# Meta descriptions ----------------------------------------------------------------


def test_practice_index_description_is_its_introduction_else_a_sentence(
    client, site_tree, catalogue
):
    for path, language in (("/en/practices/", "en"), ("/fr/pratiques/", "fr")):
        soup = soup_of(get(client, path))
        assert description(soup) == in_language(
            language,
            "Good practices in social work from across Europe: what was done, where, "
            "and what came of it.",
        )
    index = site_tree["index"]
    index.introduction = "<p>Practices that <b>work</b> &amp; travel.</p>"
    index.save_revision().publish()
    assert description(soup_of(get(client, "/en/practices/"))) == "Practices that work & travel."


def test_home_and_practice_descriptions(client, catalogue):
    assert description(soup_of(get(client, "/en/")))
    assert description(soup_of(get(client, "/en/practices/seniors/"))) == (
        "Volunteers visit isolated pensioners every week."
    )


# Headings ---------------------------------------------------------------------------


def heading_jumps(soup):
    """[(previous level, level, text)] wherever a heading is more than one
    level below the one before it (the first must be an h1)."""
    jumps, previous = [], 0
    for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        level = int(heading.name[1])
        if level > previous + 1:
            jumps.append((previous, level, heading.get_text(" ", strip=True)))
        previous = level
    return jumps


@pytest.mark.parametrize(
    "path, status",
    [
        ("/en/", 200),
        ("/fr/", 200),
        ("/en/practices/", 200),
        ("/fr/pratiques/", 200),
        ("/en/practices/seniors/", 200),
        ("/en/search/", 200),
        ("/fr/search/?q=memory", 200),
        ("/en/search/?q=zzzz", 200),
        ("/en/themes/ageing/", 200),
        ("/fr/countries/it/", 200),
        ("/en/nothing-here/", 404),
        ("/fr/rien/", 404),
    ],
)
def test_headings_never_skip_a_level(client, catalogue, path, status):
    response = get(client, path)
    assert response.status_code == status
    soup = soup_of(response)
    assert soup.find(["h1", "h2", "h3"]) is not None
    assert heading_jumps(soup) == []


def test_practice_index_cards_are_h2_under_the_h1(client, catalogue):
    soup = soup_of(get(client, "/en/practices/"))
    titles = soup.select(".card__title")
    assert len(titles) == 3
    assert {title.name for title in titles} == {"h2"}
    # Elsewhere, under a section's h2, a card's title stays an h3.
    home = soup_of(get(client, "/en/"))
    assert {title.name for title in home.select(".card__title")} == {"h3"}


# The 404 page's language switcher ---------------------------------------------------


@pytest.mark.parametrize("url", ["/en/nothing-here/", "/fr/pratiques/inconnue/", "/it/x/y/"])
def test_404_language_switcher_leads_to_each_languages_home(client, italian_tree, settings, url):
    settings.DEBUG = False  # the production 404 page, not Django's technical one
    response = get(client, url)
    assert response.status_code == 404
    switcher = soup_of(response).select_one("nav.language-switcher")
    links = switcher.select("a[hreflang]")
    assert len(links) == len(CODES) - 1
    homes = {"en": "/en/", "fr": "/fr/", "it": "/it/"}
    for link in links:
        code = link["hreflang"]
        if code in homes:
            assert link["href"] == homes[code]
        else:  # no home in this language: the root's, saying so
            assert link["href"] == f"/{code}/?untranslated=1"
        followed = client.get(link["href"], HTTP_HOST=HOST, follow=True)
        assert followed.status_code == 200, link["href"]
        assert soup_of(followed).html["lang"] == code


def test_landing_pages_in_the_sitemap_in_a_constant_number_of_queries(
    client, public_address, catalogue, locales, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        before = len(sitemap_entries(client))
    for number in range(5):
        Theme.objects.create(name=f"Theme {number}", slug=f"theme-{number}", locale=locales["en"])
    Country.objects.create(code="DE")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(sitemap_entries(client)) == before + 6 * len(CODES)
