"""The search page and its theme and country landing pages, as rendered for
visitors: facets, chips, suggestions when nothing matches, numbered pages,
the fragment search.js swaps in, and the number of SQL queries."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation.template import templatize
from site_helpers import get, soup_of

from practices.models import Country, TargetGroup, Theme
from search.query import FACETS

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_X_SEARCH_FRAGMENT": "1"}
MAX_QUERIES = 12


def text_of(node):
    return " ".join(node.get_text(" ").split())


def titles(soup):
    return [text_of(a) for a in soup.select(".results .card__title a")]


def params_of(href):
    """The query of a link, as {name: [values]} (the page's links are relative
    on /search/ and absolute on landing pages)."""
    return parse_qs(urlsplit(href).query)


def path_of(href, base="/en/search/"):
    return urlsplit(href).path or base


def checkbox(soup, facet, value):
    return soup.select_one(f'input[type="checkbox"][name="{facet}"][value="{value}"]')


# Landing pages ----------------------------------------------------------------


def test_routes_are_named_for_other_pages_to_link_to():
    with translation.override("fr"):
        assert reverse("search_theme", kwargs={"slug": "ageing"}) == "/fr/themes/ageing/"
        assert reverse("search_country", kwargs={"code": "it"}) == "/fr/countries/it/"


def test_theme_landing_page(client, catalogue):
    response = get(client, "/en/themes/ageing/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert [text_of(h1) for h1 in soup.select("h1")] == ["Ageing and loss of autonomy"]
    assert text_of(soup.select_one(".search-heading__context")) == "2 practices on this theme"
    assert text_of(soup.title).startswith("Ageing and loss of autonomy ·")
    assert "Ageing and loss of autonomy" in soup.select_one('meta[name="description"]')["content"]
    assert sorted(titles(soup)) == ["Home support for seniors", "Memory workshops"]
    # The same form as /search/, with the theme ticked: any change is a search URL.
    form = soup.select_one('form[role="search"]')
    assert form["action"] == "/en/search/"
    assert form["method"] == "get"
    assert checkbox(soup, "theme", "ageing").has_attr("checked")
    assert not checkbox(soup, "theme", "child-protection").has_attr("checked")
    # Its chip leads to the unfiltered search page.
    chip = soup.select_one(".active-filters .chip")
    assert "Ageing and loss of autonomy" in text_of(chip)
    assert chip["href"] == "/en/search/"


def test_theme_landing_page_in_the_visitors_language(client, catalogue):
    soup = soup_of(get(client, "/fr/themes/ageing/"))
    assert soup.html["lang"] == "fr"
    assert text_of(soup.h1) == "Vieillissement et perte d'autonomie"
    assert soup.select_one('form[role="search"]')["action"] == "/fr/search/"
    assert checkbox(soup, "theme", "ageing").has_attr("checked")
    with translation.override("fr"):
        expected = str(FACETS["theme"])
    assert expected != "Theme"
    assert text_of(soup.select_one('fieldset[data-facet="theme"] legend')) == expected
    # A theme not translated into Italian keeps its default-language name.
    soup = soup_of(get(client, "/it/themes/ageing/"))
    assert text_of(soup.h1) == "Ageing and loss of autonomy"


def test_country_landing_page(client, catalogue):
    response = get(client, "/en/countries/it/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.h1) == "Italy"
    assert text_of(soup.select_one(".search-heading__context")) == "2 practices from Italy"
    assert sorted(titles(soup)) == ["Foster family network", "Memory workshops"]
    assert soup.select_one('form[role="search"]')["action"] == "/en/search/"
    assert checkbox(soup, "country", "it").has_attr("checked")
    assert not checkbox(soup, "country", "fr").has_attr("checked")

    assert text_of(soup_of(get(client, "/fr/countries/it/")).h1) == "Italie"
    # Upper-case codes lead to the one canonical address.
    response = get(client, "/en/countries/IT/")
    assert response.status_code == 301
    assert response["Location"] == "/en/countries/it/"
    response = get(client, "/en/countries/IT/?sort=title")
    assert response["Location"] == "/en/countries/it/?sort=title"


def test_landing_pages_combine_with_other_parameters(client, catalogue):
    soup = soup_of(get(client, "/en/countries/it/?theme=ageing&sort=title"))
    assert titles(soup) == ["Memory workshops"]
    assert checkbox(soup, "country", "it").has_attr("checked")
    assert checkbox(soup, "theme", "ageing").has_attr("checked")
    hrefs = {text_of(a).split(" (")[0]: a["href"] for a in soup.select(".active-filters .chip")}
    assert params_of(hrefs["Italy"]) == {"theme": ["ageing"], "sort": ["title"]}
    assert path_of(hrefs["Italy"]) == "/en/search/"


def test_unknown_theme_or_country_is_the_sites_404(client, catalogue):
    for url, language in (
        ("/en/themes/no-such-theme/", "en"),
        ("/fr/themes/no-such-theme/", "fr"),
        ("/en/countries/zz/", "en"),
        ("/en/countries/de/", "en"),  # a real country, but no practice comes from it
        ("/en/countries/%22%3E/", "en"),
    ):
        response = get(client, url)
        assert response.status_code == 404, url
        soup = soup_of(response)
        assert soup.html["lang"] == language
        with translation.override(language):
            assert text_of(soup.h1) == gettext("Page not found")
        assert soup.select_one("header.site-header") is not None


def test_bad_input_on_a_landing_page_is_a_400_with_its_heading(client, catalogue):
    response = get(client, "/en/themes/ageing/?page=abc")
    assert response.status_code == 400
    soup = soup_of(response)
    assert text_of(soup.h1) == "Ageing and loss of autonomy"
    assert soup.select('[role="alert"]')


# Facets, chips and sort -----------------------------------------------------------


def test_facet_groups_have_legends_labels_counts_and_checked_state(client, catalogue):
    soup = soup_of(get(client, "/en/search/?country=it"))
    fieldsets = soup.select("#search-filters fieldset.facet")
    legends = [text_of(fieldset.legend) for fieldset in fieldsets]
    # Facets with values, in FACETS order, then the years.
    assert legends == [str(FACETS["theme"]), str(FACETS["country"]), "Language", "Years"]
    for box in soup.select('#search-filters input[type="checkbox"]'):
        label = soup.select_one(f'label[for="{box["id"]}"]')
        assert label is not None and text_of(label), box

    def counts(facet):
        found = {}
        for box in soup.select(f'input[type="checkbox"][name="{facet}"]'):
            label = soup.select_one(f'label[for="{box["id"]}"]')
            found[box["value"]] = (
                int(text_of(label.select_one(".count"))),
                box.has_attr("checked"),
            )
        return found

    # Counts apply the other facets' filters, not their own (disjunctive).
    assert counts("theme") == {"ageing": (1, False), "child-protection": (1, False)}
    assert counts("country") == {"it": (2, True), "fr": (1, False)}
    assert text_of(soup.select_one(".result-count")) == "2 practices found"
    assert text_of(soup.select_one("#search-filters summary")) == "Filters (1 active)"
    # Rendered closed, as a phone shows it: search.css shows it on wide screens.
    assert not soup.select_one("#search-filters").has_attr("open")
    # Without JavaScript the filters apply with a button.
    assert soup.select_one('#search-filters button[type="submit"]') is not None


def test_long_facets_show_eight_values_and_the_rest_behind_show_all(client, make_practice, locales):
    many = [
        Theme.objects.create(name=f"Theme {n:02}", slug=f"theme-{n:02}", locale=locales["en"])
        for n in range(11)
    ]
    make_practice("Everything at once", themes_=many)
    make_practice("Two themes", themes_=many[:2])

    soup = soup_of(get(client, "/en/search/"))
    theme = soup.select_one('fieldset[data-facet="theme"]')
    top = theme.select(":scope > ul > li input")
    assert [box["value"] for box in top] == [
        "theme-00",
        "theme-01",
        *[f"theme-{n:02}" for n in range(2, 8)],
    ]
    more = theme.select_one("details.facet__more")
    assert text_of(more.summary).startswith("Show all 11")
    assert [box["value"] for box in more.select("input")] == ["theme-08", "theme-09", "theme-10"]
    assert not more.has_attr("open")
    # A ticked value among the rest keeps the list open.
    soup = soup_of(get(client, "/en/search/?theme=theme-10"))
    more = soup.select_one('fieldset[data-facet="theme"] details.facet__more')
    assert more.has_attr("open")
    assert more.select_one('input[value="theme-10"]').has_attr("checked")
    # Short facets have no "show all".
    assert soup.select_one('fieldset[data-facet="country"] details') is None


def test_active_filters_are_chips_that_remove_one_filter(client, catalogue):
    url = "/en/search/?q=pensioners&theme=ageing&country=it&country=fr&year_from=2015&sort=title"
    soup = soup_of(get(client, url))
    chips = {text_of(a).split(" (")[0]: a["href"] for a in soup.select(".active-filters .chip")}
    assert sorted(chips) == ["Ageing and loss of autonomy", "France", "From 2015", "Italy"]
    base = {"q": ["pensioners"], "sort": ["title"]}
    assert params_of(chips["Italy"]) == {
        **base,
        "theme": ["ageing"],
        "country": ["fr"],
        "year_from": ["2015"],
    }
    assert params_of(chips["France"]) == {
        **base,
        "theme": ["ageing"],
        "country": ["it"],
        "year_from": ["2015"],
    }
    assert params_of(chips["Ageing and loss of autonomy"]) == {
        **base,
        "country": ["it", "fr"],
        "year_from": ["2015"],
    }
    assert params_of(chips["From 2015"]) == {**base, "theme": ["ageing"], "country": ["it", "fr"]}
    # Each chip says, to screen readers, which filter it removes.
    italy = next(a for a in soup.select(".active-filters .chip") if "Italy" in text_of(a))
    assert "(remove this Country filter)" in text_of(italy.select_one(".visually-hidden"))
    clear = soup.select_one(".active-filters__clear")
    assert params_of(clear["href"]) == base
    # Following a chip removes that filter.
    soup = soup_of(get(client, "/en/search/" + chips["France"]))
    assert titles(soup) == ["Memory workshops"]


def test_sort_label_and_button_are_distinct_messages_for_translators():
    """The noun (the select's label) and the verb (the button) share the
    English word "Sort" but not the msgid: each has its own context."""
    template = Path(get_template("search/includes/results.html").origin.name)
    extracted = templatize(template.read_text())
    contexts = {
        line.split("pgettext(")[1].split(",")[0].strip(" '\"")
        for line in extracted.splitlines()
        if "pgettext(" in line and "'Sort'" in line.split(",")[1]
    }
    assert len(contexts) == 2, extracted
    assert " gettext('Sort')" not in extracted


def test_sort_select_and_button_render(client, catalogue):
    soup = soup_of(get(client, "/en/search/?sort=title"))
    select = soup.select_one("select#search-sort")
    assert text_of(soup.select_one('label[for="search-sort"]')) == "Sort"
    assert select.select_one("option[selected]")["value"] == "title"
    assert titles(soup) == ["Foster family network", "Home support for seniors", "Memory workshops"]
    assert text_of(soup.select_one(".search__sort button")) == "Sort"


# When nothing matches ---------------------------------------------------------------


def test_empty_state_suggests_removing_each_filter_and_words(client, catalogue):
    response = get(client, "/en/search/?q=pensioners+respite&theme=child-protection&country=fr")
    soup = soup_of(response)
    assert titles(soup) == []
    assert text_of(soup.select_one(".result-count")) == "0 practices found"
    suggestions = {text_of(a): a["href"] for a in soup.select(".empty-state .suggestions a")}
    assert list(suggestions) == [
        "Remove “Child protection”",
        "Remove “France”",
        "Search without the words",
        "Search for “respite”",
        "Search for “pensioners”",
    ]
    assert params_of(suggestions["Remove “France”"]) == {
        "q": ["pensioners respite"],
        "theme": ["child-protection"],
    }
    assert params_of(suggestions["Search without the words"]) == {
        "theme": ["child-protection"],
        "country": ["fr"],
    }
    assert params_of(suggestions["Search for “respite”"]) == {
        "q": ["respite"],
        "theme": ["child-protection"],
        "country": ["fr"],
    }
    # The suggestions lead to results.
    soup = soup_of(get(client, "/en/search/" + suggestions["Search for “respite”"]))
    assert text_of(soup.select_one(".result-count")) == "0 practices found"
    soup = soup_of(get(client, "/en/search/?q=respite&theme=child-protection"))
    assert titles(soup) == ["Foster family network"]

    # A quoted phrase is one term.
    soup = soup_of(get(client, "/en/search/?q=%22foster+carers%22+unicorns"))
    suggestions = [text_of(a) for a in soup.select(".empty-state .suggestions a")]
    assert suggestions == ["Search for “unicorns”", 'Search for “"foster carers"”']


def test_empty_state_without_filters_or_words(client, catalogue, site_tree):
    soup = soup_of(get(client, "/en/search/?q=unicorns"))
    assert [text_of(a) for a in soup.select(".empty-state a")] == []
    assert "Try other words." in text_of(soup.select_one(".empty-state"))


def test_empty_site(client, site_tree):
    soup = soup_of(get(client, "/en/search/"))
    assert text_of(soup.select_one(".empty-state")) == "No practice has been published yet."


# Pagination ---------------------------------------------------------------------------


def test_numbered_pagination(client, make_practice, settings):
    settings.PRACTICES_PER_PAGE = 1
    for number in range(7):
        make_practice(f"Practice {number}", slug=f"practice-{number}", summary="Shared words.")

    def pagination(query):
        soup = soup_of(get(client, f"/en/search/?{query}"))
        nav = soup.select_one("nav.pagination")
        items = []
        for li in nav.select("li"):
            link = li.select_one("a")
            if link is None:
                items.append(text_of(li))
            else:
                page = params_of(link["href"]).get("page", ["1"])[0]
                marker = "*" if link.get("aria-current") == "page" else ""
                items.append(f"{text_of(link)}{marker}={page}")
        return items, soup

    items, soup = pagination("q=shared&sort=title")
    assert items == ["1*=1", "2=2", "3=3", "…", "7=7", "Next=2"]
    assert soup.select_one('a[rel="next"]')["href"] == "?q=shared&sort=title&page=2"
    assert soup.select_one('.pagination a[aria-current="page"]')["aria-label"] == "Page 1"

    items, _ = pagination("q=shared&sort=title&page=5")
    assert items == ["Previous=4", "1=1", "…", "3=3", "4=4", "5*=5", "6=6", "7=7", "Next=6"]
    items, soup = pagination("q=shared&sort=title&page=7")
    assert items == ["Previous=6", "1=1", "…", "5=5", "6=6", "7*=7"]
    assert titles(soup) == ["Practice 6"]
    # Page 1's link has no page parameter: one URL per state.
    items, soup = pagination("q=shared&sort=title&page=2")
    assert soup.select_one('a[rel="prev"]')["href"] == "?q=shared&sort=title"
    # The list numbering follows the page.
    assert soup.select_one("ol.results")["start"] == "2"

    # Landing pages link to the search page.
    soup = soup_of(get(client, "/en/themes/ageing/?page=2"))
    assert soup.select_one('a[rel="next"]')["href"] == "/en/search/?theme=ageing&page=3"


# Progressive enhancement -----------------------------------------------------------


def test_the_page_loads_its_script_and_styles_and_has_stable_hooks(client, catalogue):
    soup = soup_of(get(client, "/en/search/"))
    script = soup.select_one('script[src="/static/js/search.js"]')
    assert script is not None and script.has_attr("defer")
    assert soup.select_one('link[rel="stylesheet"][href="/static/css/search.css"]')
    assert finders.find("js/search.js") and finders.find("css/search.css")
    announcer = soup.select_one("#search-announcer")
    assert announcer["aria-live"] == "polite"
    assert soup.select_one("#search-results .result-count") is not None
    assert soup.select_one("form[data-search-form] #search-results") is not None


def test_fragment_is_the_full_pages_regions(client, catalogue):
    for url in (
        "/en/search/?q=pensioners&sort=title",
        "/en/search/?country=it&theme=ageing",
        "/fr/themes/ageing/",
        "/en/search/?q=unicorns&country=fr",
    ):
        full = get(client, url)
        fragment = get(client, url, **FRAGMENT)
        assert full.status_code == fragment.status_code == 200, url
        assert "X-Search-Fragment" in full["Vary"] and "X-Search-Fragment" in fragment["Vary"]
        full_soup, fragment_soup = soup_of(full), soup_of(fragment)
        assert fragment_soup.select_one("header.site-header") is None
        assert fragment_soup.select_one("form") is None
        for region in ("#search-heading", "#search-results"):
            assert str(fragment_soup.select_one(region)) == str(full_soup.select_one(region)), url
    heading = soup_of(get(client, "/en/search/?q=pensioners", **FRAGMENT)).select_one(
        "#search-heading"
    )
    assert heading["data-title"] == "Search: pensioners · Social Work Good Practices"
    # Refused input answers 400 to the script too (it then navigates to the URL).
    assert get(client, "/en/search/?page=abc", **FRAGMENT).status_code == 400


def test_export_links_carry_the_query(client, catalogue):
    try:
        csv = reverse("search_export", kwargs={"fmt": "csv"})
    except NoReverseMatch:
        pytest.skip("the export route (search_export) is not there yet")
    soup = soup_of(get(client, "/en/search/?q=pensioners&country=it&page=1"))
    links = {text_of(a): a["href"] for a in soup.select(".search__exports a")}
    assert list(links) == ["CSV", "JSON"]
    assert urlsplit(links["CSV"]).path == csv
    assert params_of(links["CSV"]) == {"q": ["pensioners"], "country": ["it"]}
    assert get(client, links["JSON"]).status_code == 200


# Query count ---------------------------------------------------------------------------

PAGES = (
    "/en/search/?q=pensioners+carers&theme=ageing&country=it&sort=title",
    "/en/search/",
    "/fr/search/?theme=ageing&theme=child-protection&target_group=group-1",
    "/en/themes/ageing/",
    "/fr/countries/it/",
    "/en/search/?q=nothing+matches+this&country=fr&year_from=2000",
)


def query_counts(client):
    counts = {}
    for url in PAGES:
        for extra in ({}, FRAGMENT):
            with CaptureQueriesContext(connection) as captured:
                response = get(client, url, **extra)
            assert response.status_code == 200, url
            counts[url, bool(extra)] = len(captured.captured_queries)
    return counts


def test_query_count_is_small_and_constant(client, make_practice, themes, countries, locales):
    # Every page has results in both sizes but the last (which has none in both):
    # the engine reads the page of hits only when there is one.
    make_practice(
        "Home support",
        summary="Pensioners and carers.",
        themes_=[themes["ageing"]],
        countries_=[countries["IT"]],
    )
    TargetGroup.objects.create(name="Group 1", slug="group-1", locale=locales["en"])
    query_counts(client)  # warm caches that are per process, not per request
    small = query_counts(client)
    assert max(small.values()) <= MAX_QUERIES, small

    # More practices than a page holds, more themes (with translations) than
    # a facet shows, more countries, target groups and languages.
    more_themes = []
    for n in range(12):
        theme = Theme.objects.create(name=f"Theme {n}", slug=f"theme-{n}", locale=locales["en"])
        Theme.objects.create(
            name=f"Thème {n}",
            slug=f"theme-{n}",
            locale=locales["fr"],
            translation_key=theme.translation_key,
        )
        more_themes.append(theme)
    more_countries = [Country.objects.create(code=code) for code in ("DE", "BE", "PT", "NL", "FI")]
    groups = [
        TargetGroup.objects.create(name=f"Group {n}", slug=f"group-{n}x", locale=locales["en"])
        for n in range(5)
    ]
    for n in range(15):
        page = make_practice(
            f"Practice {n}",
            locale="fr" if n % 3 == 0 else "en",
            summary="Pensioners and carers together.",
            themes_=[themes["ageing"], *more_themes[n % 12 : n % 12 + 4]],
            countries_=[countries["IT"], more_countries[n % 5]],
        )
        page.target_groups = groups[: n % 5 + 1]
        page.save_revision().publish()
    # The new terms and countries made every process read the labels again, once.
    query_counts(client)
    large = query_counts(client)
    assert large == small
    soup = soup_of(get(client, "/en/search/?q=pensioners"))
    assert len(titles(soup)) == 12  # a full page of results was rendered
    assert soup.select_one('fieldset[data-facet="theme"] details.facet__more') is not None


def test_a_renamed_theme_is_shown_at_the_next_search(client, make_practice, themes):
    """The labels are kept between searches, and let go when a term changes."""
    make_practice("Home support", summary="Pensioners and carers.", themes_=[themes["ageing"]])
    assert "Ageing and loss of autonomy" in get(client, "/en/search/?q=pensioners").content.decode()
    theme = Theme.objects.get(pk=themes["ageing"].pk)
    theme.name = "Older people at home"
    theme.save()
    page = get(client, "/en/search/?q=pensioners").content.decode()
    assert "Older people at home" in page
    assert "Ageing and loss of autonomy" not in page
