"""The home page as visitors see it: its purpose, the search box, themes and
countries with counts, the map of Europe and its text alternative, and a
number of queries that does not grow with the content."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext, ngettext
from site_helpers import HOST, get_ok
from translator_helpers import practice_values
from wagtail.models import PageViewRestriction

from home.europe_map import legend, outlines, shade_of
from practices.localize.po_translation import translate
from practices.models import Country, Theme

DEFAULT_PURPOSE = (
    "Social services from across Europe share here the good practices they exchange, "
    "so that others can learn from them and adapt them."
)
MAP_LIMIT = 80 * 1024


def soup_of(client, url):
    return BeautifulSoup(get_ok(client, url).content, "html.parser")


def text_of(node):
    return " ".join(node.get_text(" ").split())


def count_list(node):
    """{name: count} of a list of links followed by a count."""
    return {text_of(li.a): int(text_of(li.select_one(".count"))) for li in node.select("li")}


def map_links(soup):
    """{ISO code: <a>} of the countries that are links on the map."""
    return {a["data-country"]: a for a in soup.select("figure.europe-map svg a")}


def expected_label(language, country, count):
    with translation.override(language):
        return ngettext(
            "%(country)s: %(count)s practice", "%(country)s: %(count)s practices", count
        ) % {"country": country, "count": count}


# Purpose and search box -----------------------------------------------------


@pytest.mark.django_db
def test_purpose_is_the_introduction_or_a_translated_default_sentence(client, site_tree):
    purpose = soup_of(client, "/en/").select_one(".home-hero .home-hero__purpose")
    assert text_of(purpose) == DEFAULT_PURPOSE
    with translation.override("fr"):
        french_default = gettext(DEFAULT_PURPOSE)
    assert text_of(soup_of(client, "/fr/").select_one(".home-hero__purpose")) == french_default

    home = site_tree["home"]
    home.introduction = "<p>Where <b>partners</b> share what works.</p>"
    home.save_revision().publish()
    purpose = soup_of(client, "/en/").select_one(".home-hero__purpose")
    assert text_of(purpose) == "Where partners share what works."
    assert text_of(purpose.b) == "partners"
    assert DEFAULT_PURPOSE not in text_of(purpose)


@pytest.mark.django_db
def test_search_box_sends_the_words_to_the_search_page_of_the_language(client, site_tree):
    for language in ("en", "fr"):
        soup = soup_of(client, f"/{language}/")
        # Prominent: in the introduction, before any section of the page.
        form = soup.select_one('.home-hero form[role="search"]')
        assert form is not None
        assert form["action"] == f"/{language}/search/"
        assert form["method"] == "get"
        field = form.select_one('input[type="search"][name="q"]')
        label = form.find("label", attrs={"for": field["id"]})
        with translation.override(language):
            assert text_of(label) == gettext("Search the practices")
        assert form.select_one('button[type="submit"]') is not None
        assert soup.find("h1").find_next("form") is form


@pytest.mark.django_db
def test_description_and_open_graph(client, site_tree):
    soup = soup_of(client, "/en/")
    assert soup.select_one('meta[name="description"]')["content"] == DEFAULT_PURPOSE
    assert soup.select_one('meta[property="og:title"]')["content"] == "Good practices"
    assert soup.select_one('meta[property="og:url"]')["content"] == "http://localhost/en/"
    assert soup.select_one('meta[property="og:type"]')["content"] == "website"

    home = site_tree["home"]
    home.introduction = (
        '<p>Partners &amp; "friends" share <a href="https://example.org">this</a>.</p>'
    )
    home.save_revision().publish()
    soup = soup_of(client, "/en/")
    assert soup.select_one('meta[name="description"]')["content"] == (
        'Partners & "friends" share this.'
    )


# Counts ---------------------------------------------------------------------


@pytest.fixture
def counted(make_practice, themes, countries, locales):
    """Two live practices (one in English translated into French, one French
    only) and a draft with a theme and a country of its own."""
    both = make_practice(
        "Family mediation",
        slug="family-mediation",
        themes_=[themes["child-protection"]],
        countries_=[countries["FR"], countries["IT"]],
    )
    translate(
        both, locales["fr"], practice_values("Médiation familiale", "mediation-familiale", both)
    )
    make_practice(
        "Aide à domicile",
        locale="fr",
        slug="aide-a-domicile",
        themes_=[themes["ageing"], themes["child-protection"]],
        countries_=[countries["FR"]],
    )
    draft_theme = Theme.objects.create(name="Draft theme", slug="draft", locale=locales["en"])
    make_practice(
        "Draft practice",
        slug="draft-practice",
        publish=False,
        themes_=[draft_theme],
        countries_=[countries["LT"]],
    )


@pytest.mark.django_db
def test_a_practice_counts_once_whatever_its_translations_and_drafts_never(client, counted):
    english = soup_of(client, "/en/")
    assert count_list(english.select_one('[aria-labelledby="themes-title"] .count-list')) == {
        "Ageing and loss of autonomy": 1,
        "Child protection": 2,
    }
    assert count_list(english.select_one("#country-list")) == {"France": 2, "Italy": 1}
    assert [text_of(span) for span in english.select(".home-hero__figures span")] == [
        "2 practices",
        "2 countries",
    ]

    french = soup_of(client, "/fr/")
    assert count_list(french.select_one('[aria-labelledby="themes-title"] .count-list')) == {
        "Protection de l'enfance": 2,
        "Vieillissement et perte d'autonomie": 1,
    }
    assert count_list(french.select_one("#country-list")) == {"France": 2, "Italie": 1}
    with translation.override("fr"):
        figures = [
            ngettext("%(counter)s practice", "%(counter)s practices", 2) % {"counter": 2},
            ngettext("%(counter)s country", "%(counter)s countries", 2) % {"counter": 2},
        ]
    assert [text_of(span) for span in french.select(".home-hero__figures span")] == figures

    for soup in (english, french):
        assert "Draft theme" not in soup.get_text()
        assert "Lithuania" not in soup.get_text() and "Lituanie" not in soup.get_text()


@pytest.mark.django_db
def test_themes_and_countries_link_into_the_search(client, counted):
    soup = soup_of(client, "/fr/")
    themes = soup.select_one('[aria-labelledby="themes-title"]')
    assert themes.find("a", string="Protection de l'enfance")["href"] == (
        "/fr/themes/child-protection/"
    )
    countries = soup.select_one("#country-list")
    assert countries.find("a", string="Italie")["href"] == "/fr/countries/it/"
    # The landing pages exist and list the practices counted.
    for href in ("/fr/themes/child-protection/", "/fr/countries/it/", "/en/countries/fr/"):
        assert client.get(href, HTTP_HOST=HOST).status_code == 200, href


# The map --------------------------------------------------------------------


@pytest.mark.django_db
def test_map_links_countries_with_practices_under_accessible_names(client, counted):
    soup = soup_of(client, "/en/")
    section = soup.select_one('section[aria-labelledby="countries-title"]')
    svg = section.select_one("figure.europe-map svg")
    assert len(str(svg).encode()) < MAP_LIMIT

    links = map_links(soup)
    assert set(links) == {"FR", "IT"}
    listed = {a["href"]: text_of(a) for a in soup.select("#country-list a")}
    for code, name, count in (("FR", "France", 2), ("IT", "Italy", 1)):
        link = links[code]
        assert link["aria-label"] == expected_label("en", name, count)
        assert text_of(link.title) == link["aria-label"]
        # A link with an address is in the keyboard order, and leads where
        # the list leads.
        assert listed[link["href"]] == name
        assert link.path["d"]
    assert links["FR"]["aria-label"] == "France: 2 practices"
    assert links["IT"]["aria-label"] == "Italy: 1 practice"
    # Darker for more practices; the legend says which shade means how many.
    assert "europe-map__country--shade-2" in links["FR"]["class"]
    assert "europe-map__country--shade-1" in links["IT"]["class"]
    legend_items = [text_of(li) for li in section.select(".europe-map__legend li")]
    assert legend_items == ["1", "2", "none yet"]

    # Countries without practices are drawn grey, hidden from assistive
    # technologies and not links.
    for code in ("LT", "DE", "ES"):
        shape = svg.select_one(f'path[data-country="{code}"]')
        assert shape is not None, code
        assert shape.find_parent("a") is None
        assert shape.find_parent("g")["aria-hidden"] == "true"

    # The text alternative: the list of countries, which describes the map.
    assert svg["role"] == "group"
    assert svg["aria-describedby"] == "country-list"
    assert soup.find(id="country-list") is not None
    assert text_of(soup.find(id=svg["aria-labelledby"]))


@pytest.mark.django_db
def test_map_names_countries_in_the_visitors_language(client, counted):
    links = map_links(soup_of(client, "/fr/"))
    assert links["IT"]["aria-label"] == expected_label("fr", "Italie", 1)
    assert links["IT"]["href"] == "/fr/countries/it/"


@pytest.mark.django_db
def test_small_countries_are_on_the_map_with_a_marker(client, make_practice):
    malta, luxembourg, cyprus = (Country.objects.create(code=c) for c in ("MT", "LU", "CY"))
    make_practice("Island practice", countries_=[malta, luxembourg, cyprus])
    links = map_links(soup_of(client, "/en/"))
    assert {"MT", "LU", "CY"} <= set(links)
    # Malta is a few units wide: a marker makes it visible and clickable.
    assert links["MT"].circle is not None
    assert links["MT"]["aria-label"] == "Malta: 1 practice"


@pytest.mark.django_db
def test_no_map_without_countries(client, site_tree):
    soup = soup_of(client, "/en/")
    assert soup.select_one("figure.europe-map") is None
    assert soup.select_one(".home-hero__figures") is None


def test_map_data_covers_the_eu_eea_and_candidate_countries():
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    others = "IS LI NO CH GB AL BA ME MK RS TR UA MD GE XK"
    assert set((eu + " " + others).split()) <= set(outlines()["countries"])


def test_legend_ranges_cover_every_count_once():
    assert [(e.low, e.high) for e in legend(12)] == [(1, 3), (4, 6), (7, 9), (10, 12)]
    assert [(e.low, e.high) for e in legend(2)] == [(1, 1), (2, 2)]
    for highest in range(1, 40):
        entries = legend(highest)
        shades = len(entries)
        for count in range(1, highest + 1):
            entry = entries[shade_of(count, highest, shades) - 1]
            assert entry.low <= count <= entry.high, (highest, count)
        assert entries[-1].high == highest


# Queries --------------------------------------------------------------------


def grow(make_practice, themes, countries, locales, size):
    """`size` more practices, themes (translated) and countries, with French
    translations and featured practices."""
    for number in range(size):
        theme = Theme.objects.create(
            name=f"Theme {size}-{number}", slug=f"theme-{size}-{number}", locale=locales["en"]
        )
        translate(theme, locales["fr"], {"name": f"Thème {size}-{number}"})
        country, _ = Country.objects.get_or_create(
            code=("DE", "ES", "NL", "PT", "BE", "DK")[number]
        )
        practice = make_practice(
            f"Practice {size}-{number}",
            slug=f"practice-{size}-{number}",
            featured=number % 2 == 0,
            themes_=[theme, themes["ageing"]],
            countries_=[country, countries["FR"]],
        )
        if number % 2:
            translate(
                practice,
                locales["fr"],
                practice_values(f"Pratique {size}-{number}", f"pratique-{size}-{number}", practice),
            )


def queries_of(client, url):
    get_ok(client, url)  # warm the caches a visitor's first request fills
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


def context_queries(page, language):
    page = type(page).objects.get(pk=page.pk)  # nothing cached from earlier calls
    request = RequestFactory().get(page.url, HTTP_HOST=HOST)
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        context = page.get_context(request)
        # Evaluate everything the template reads.
        [list(p.countries.all()) for p in context["latest_practices"]]
        [list(p.countries.all()) for p in context["featured_practices"]]
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_practices_themes_countries_and_translations(
    client, make_practice, themes, countries, locales, site_tree
):
    grow(make_practice, themes, countries, locales, 1)
    small = {lang: queries_of(client, f"/{lang}/") for lang in ("en", "fr")}
    small_context = [
        context_queries(site_tree["home"], "en"),
        context_queries(site_tree["home_fr"], "fr"),
    ]
    grow(make_practice, themes, countries, locales, 6)
    large = {lang: queries_of(client, f"/{lang}/") for lang in ("en", "fr")}
    large_context = [
        context_queries(site_tree["home"], "en"),
        context_queries(site_tree["home_fr"], "fr"),
    ]
    assert len(map_links(soup_of(client, "/fr/"))) == 7
    assert small == large
    assert small_context == large_context
    # The home page's own work: at most 12 queries (the page's locale,
    # latest and featured cards with their
    # countries, the total, themes and their translations, countries, and the
    # header's navigation, which gives the index and is read once per request).
    assert max(large_context) <= 12


@pytest.mark.django_db
def test_whole_home_page_in_at_most_15_queries(client, make_practice, themes, countries, locales):
    """The whole page through the full stack (routing, view restrictions,
    header, language switcher, alternates, figures, cards, themes, countries),
    in English and in French, at two sizes."""
    grow(make_practice, themes, countries, locales, 1)
    small = {language: queries_of(client, f"/{language}/") for language in ("en", "fr")}
    grow(make_practice, themes, countries, locales, 6)
    large = {language: queries_of(client, f"/{language}/") for language in ("en", "fr")}
    assert max(small.values()) <= 15, small
    assert large == small


@pytest.mark.django_db
def test_home_and_related_practices_follow_unpublishing_and_privacy(
    client, make_practice, themes, countries
):
    """The home page's figures, cards and counts and a practice's related
    practices change as soon as a practice is unpublished, republished or
    put behind a login."""
    ageing, france = themes["ageing"], countries["FR"]
    alpha = make_practice("Alpha", themes_=[ageing], countries_=[france])
    beta = make_practice("Beta", themes_=[ageing], countries_=[france])

    def shown():
        home = soup_of(client, "/en/")
        related = soup_of(client, alpha.url).select("section.related-practices .card__title")
        return {
            "figures": [text_of(span) for span in home.select(".home-hero__figures span")],
            "cards": sorted({text_of(title) for title in home.select(".card__title")}),
            "themes": count_list(home.select_one(".home-themes__list")),
            "related": [text_of(title) for title in related],
        }

    both = {
        "figures": ["2 practices", "1 country"],
        "cards": ["Alpha", "Beta"],
        "themes": {"Ageing and loss of autonomy": 2},
        "related": ["Beta"],
    }
    alone = {
        "figures": ["1 practice", "1 country"],
        "cards": ["Alpha"],
        "themes": {"Ageing and loss of autonomy": 1},
        "related": [],
    }
    assert shown() == both
    beta.unpublish()
    assert shown() == alone
    beta.save_revision().publish()
    assert shown() == both
    PageViewRestriction.objects.create(page=beta, restriction_type=PageViewRestriction.LOGIN)
    assert shown() == alone
