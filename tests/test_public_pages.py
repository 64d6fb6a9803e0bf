"""The public site as visitors see it, rendered by the test client."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from site_helpers import get, soup_of

from practices.localize.po_translation import translate

FRENCH_VALUES = {
    "title": "Aide à domicile pour les aînés",
    "slug": "aide-a-domicile",
    "summary": "Un court résumé de la pratique.",
    "context": "<p>Le contexte de la pratique.</p>",
    "method_text": "<ol><li>Première étape.</li><li>Deuxième étape.</li></ol>",
    "outcomes": "<p>Ce qui a changé.</p>",
    "transferability": "<p>Ce qu'un autre pays doit adapter.</p>",
}


def text_of(node):
    return " ".join(node.get_text(" ").split())


def card_titles(node):
    return [text_of(title) for title in node.select(".card__title")]


def count_list(section):
    """{name: count} of a "browse by" list of the home page."""
    items = {}
    for item in section.select(".count-list li"):
        items[text_of(item.a)] = int(text_of(item.select_one(".count")))
    return items


def translate_practice(page, locale, **values):
    return translate(page, locale, {**FRENCH_VALUES, **values}).specific


# Home -----------------------------------------------------------------------


@pytest.mark.django_db
def test_home_title_search_form_and_empty_states(client, site_tree):
    for url, title, search_url in (
        ("/en/", "Good practices", "/en/search/"),
        ("/fr/", "Bonnes pratiques", "/fr/search/"),
    ):
        response = get(client, url)
        assert response.status_code == 200
        soup = soup_of(response)
        assert text_of(soup.h1) == title
        form = soup.select_one('form[role="search"]')
        assert form["action"] == search_url
        assert form["method"] == "get"
        field = form.select_one('input[name="q"]')
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None
        assert text_of(label)

    # No practice yet: no featured section, and an explanation instead of each list.
    soup = soup_of(get(client, "/en/"))
    assert soup.select_one('[aria-labelledby="featured-title"]') is None
    assert soup.select(".card") == []
    empty = [text_of(p) for p in soup.select(".empty-state")]
    assert empty == [
        "No theme has practices yet.",
        "No country has practices yet.",
        "No practice has been published in this language yet.",
    ]
    soup = soup_of(get(client, "/en/practices/"))
    assert soup.select(".card") == []
    assert text_of(soup.select_one(".empty-state")) == (
        "No practice has been published in this language yet."
    )


@pytest.mark.django_db
def test_root_redirects_by_accept_language(client, db):
    for accept_language, location in (
        ("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("it", "/it/"),
        # An unsupported language falls back to the default, English.
        ("ja", "/en/"),
    ):
        response = get(client, "/", HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 302, accept_language
        assert response["Location"] == location, accept_language


@pytest.mark.django_db
def test_home_featured_and_latest_practices(client, make_practice):
    make_practice("Day centre for carers", featured=True)
    for number in range(1, 8):
        make_practice(f"Practice number {number}")
    make_practice("Unpublished draft", publish=False, featured=True)

    soup = soup_of(get(client, "/en/"))
    featured = soup.select_one('[aria-labelledby="featured-title"]')
    assert card_titles(featured) == ["Day centre for carers"]
    latest = soup.select_one('[aria-labelledby="latest-title"]')
    # The six most recently published, newest first.
    assert card_titles(latest) == [f"Practice number {n}" for n in range(7, 1, -1)]
    assert "Unpublished draft" not in soup.get_text()
    assert latest.select_one("a.button")["href"] == "/en/practices/"
    assert not soup.select(".empty-state")


@pytest.mark.django_db
def test_every_live_practice_appears_once_in_every_language(client, make_practice, locales):
    """In its visitor's language where translated, otherwise in its original
    language, labelled with that language."""
    translated = make_practice("English practice")
    translate_practice(translated, locales["fr"])
    make_practice("Draft practice", slug="draft-practice", publish=False, featured=True)
    make_practice("Pratique française", locale="fr", slug="pratique-francaise")

    english_index = soup_of(get(client, "/en/practices/"))
    assert sorted(card_titles(english_index)) == ["English practice", "Pratique française"]
    assert text_of(english_index.select_one(".result-count")) == "2 practices"
    french_card = english_index.find("a", string="Pratique française").find_parent("article")
    assert text_of(french_card.select_one(".card__language")) == "Available in French"
    assert french_card.select_one(".card__title")["lang"] == "fr"
    english_card = english_index.find("a", string="English practice").find_parent("article")
    assert english_card.select_one(".card__language") is None

    french_index = soup_of(get(client, "/fr/pratiques/"))
    assert sorted(card_titles(french_index)) == [FRENCH_VALUES["title"], "Pratique française"]
    assert not french_index.select(".card__language")

    english_home = soup_of(get(client, "/en/"))
    assert sorted(card_titles(english_home)) == ["English practice", "Pratique française"]
    assert "Draft practice" not in english_home.get_text()

    # The draft is nowhere, not even at its own address.
    assert get(client, "/en/practices/draft-practice/").status_code == 404


@pytest.mark.django_db
def test_home_theme_and_country_counts(client, make_practice, themes, countries, locales):
    translated = make_practice(
        themes_=[themes["child-protection"]], countries_=[countries["FR"], countries["IT"]]
    )
    translate_practice(translated, locales["fr"])
    make_practice(
        "Second practice",
        themes_=[themes["child-protection"], themes["ageing"]],
        countries_=[countries["FR"]],
    )

    english = soup_of(get(client, "/en/"))
    themes_en = count_list(english.select_one('[aria-labelledby="themes-title"]'))
    assert themes_en == {"Ageing and loss of autonomy": 1, "Child protection": 2}
    countries_en = count_list(english.select_one('[aria-labelledby="countries-title"]'))
    assert countries_en == {"France": 2, "Italy": 1}
    theme_link = english.find("a", string="Child protection")
    assert theme_link["href"] == "/en/themes/child-protection/"
    assert english.find("a", string="France")["href"] == "/en/countries/fr/"

    french = soup_of(get(client, "/fr/"))
    themes_fr = count_list(french.select_one('[aria-labelledby="themes-title"]'))
    # The translated practice counts once, under the French names of the themes.
    assert themes_fr == {"Protection de l'enfance": 2, "Vieillissement et perte d'autonomie": 1}
    countries_fr = count_list(french.select_one('[aria-labelledby="countries-title"]'))
    assert countries_fr == {"France": 2, "Italie": 1}
    assert french.find("a", string="Protection de l'enfance")["href"] == (
        "/fr/themes/child-protection/"
    )


# Practice index -------------------------------------------------------------


@pytest.mark.django_db
def test_practice_index_and_search_pagination(client, make_practice):
    for number in range(1, 14):
        make_practice(f"Practice {number:02d}", summary="Shared summary about mediation.")

    first = soup_of(get(client, "/en/practices/"))
    assert len(first.select(".card")) == 12
    assert text_of(first.select_one(".result-count")) == "13 practices"
    assert "Page 1 of 2" in text_of(first.select_one(".pagination"))
    assert first.select_one('.pagination a[rel="next"]')["href"] == "?page=2"

    second = soup_of(get(client, "/en/practices/?page=2"))
    assert card_titles(second) == ["Practice 01"]
    assert "Page 2 of 2" in text_of(second.select_one(".pagination"))

    for bad_page, expected_cards in (("abc", 12), ("-1", 1), ("999", 1), ("0", 1), ("", 12)):
        response = get(client, f"/en/practices/?page={bad_page}")
        assert response.status_code == 200, bad_page
        assert len(soup_of(response).select(".card")) == expected_cards, bad_page

    titles, response = search_titles(client, "q=mediation")
    assert len(titles) == 12
    next_link = soup_of(response).select_one('.pagination a[rel="next"]')
    assert next_link["href"] == "?q=mediation&page=2"
    assert len(search_titles(client, "q=mediation&page=2")[0]) == 1
    # The search refuses a malformed page number, and says so.
    for bad_page, status, message in (
        ("-1", 400, "Page: Ensure this value is greater than or equal to 1."),
        ("abc", 400, "Page: Enter a whole number."),
        ("3", 404, "This page of results does not exist."),
    ):
        response = get(client, f"/en/search/?q=mediation&page={bad_page}")
        assert response.status_code == status, bad_page
        assert text_of(soup_of(response).select_one('[role="alert"]')) == message


# Practice page --------------------------------------------------------------


@pytest.fixture
def practice_pair(make_practice, themes, countries, locales):
    english = make_practice(
        themes_=[themes["child-protection"]],
        countries_=[countries["IT"], countries["FR"]],
        region="Saint-Nazaire",
        indicators=[
            ("indicator", {"label": "Households supported", "value": "1 200", "unit": "a year"})
        ],
        licence="cc-by-sa-4.0",
    )
    french = translate_practice(
        english,
        locales["fr"],
        region="Saint-Nazaire (Loire-Atlantique)",
        indicators=[{"label": "Foyers aidés", "value": "1 200", "unit": "par an"}],
    )
    return english, french


def key_facts(soup):
    """{term: <dd>} of the key facts panel."""
    facts = soup.select_one(".key-facts")
    return {text_of(dt): dd for dt, dd in zip(facts.select("dt"), facts.select("dd"), strict=True)}


@pytest.mark.django_db
def test_practice_page_sections_licence_and_review_date(client, practice_pair):
    english, _french = practice_pair
    response = get(client, english.url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.h1) == "Home support for seniors"
    assert text_of(soup.select_one(".lead")) == "A short summary of the practice."
    sections = {
        "context": ("Context", "The context of the practice."),
        "method": ("Method", "First step. Second step."),
        "outcomes": ("Outcomes", "What changed."),
        "transferability": ("Transferability", "What another country must adapt."),
    }
    toc = soup.select_one("nav.toc")
    assert [a["href"] for a in toc.select("a")] == [f"#{name}" for name in sections]
    for name, (heading, text) in sections.items():
        section = soup.find("section", id=name)
        assert section is not None, name
        assert text_of(section.h2) == heading
        assert text in text_of(section)
        assert text_of(toc.find("a", href=f"#{name}")) == heading
    # The method keeps its structure (an ordered list).
    assert len(soup.find("section", id="method").select("ol li")) == 2

    licence = soup.select_one(".licence a")
    assert licence["href"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert "license" in licence["rel"]
    assert "CC BY-SA 4.0" in text_of(licence)
    reviewed = key_facts(soup)["Last reviewed"].time
    assert reviewed["datetime"] == "2026-01-15"
    assert "2026" in text_of(reviewed)


@pytest.mark.django_db
def test_practice_page_key_facts_and_indicators_in_the_page_language(client, practice_pair):
    english, french = practice_pair

    soup = soup_of(get(client, english.url))
    facts = key_facts(soup)
    # Countries and themes are links to their landing pages.
    assert [text_of(a) for a in facts["Countries"].select("a")] == ["France", "Italy"]
    assert facts["Countries"].a["href"] == "/en/countries/fr/"
    assert [text_of(a) for a in facts["Themes"].select("a")] == ["Child protection"]
    assert text_of(facts["Region or city"]) == "Saint-Nazaire"
    assert text_of(facts["Years"]) == "since 2019"
    assert text_of(facts["Status"]) == "Ongoing"
    indicator = soup.select_one("#outcomes .indicators .indicator")
    assert text_of(indicator.select_one(".indicator__label")) == "Households supported"
    # Typed "1 200", read in the page's language.
    assert text_of(indicator.select_one(".indicator__value")) == "1,200"
    assert text_of(indicator.select_one(".indicator__unit")) == "a year"

    soup = soup_of(get(client, french.url))
    text = text_of(soup)
    facts = text_of(soup.select_one(".key-facts"))
    assert "Protection de l'enfance" in facts
    assert "France, Italie" in " ".join(soup.select_one(".key-facts").get_text().split())
    assert "Saint-Nazaire (Loire-Atlantique)" in facts
    assert text_of(soup.select_one(".practice__kicker")) == "Protection de l'enfance"
    assert "Child protection" not in text
    assert "Italy" not in text
    indicator = soup.select_one("#outcomes .indicators .indicator")
    assert text_of(indicator.select_one(".indicator__label")) == "Foyers aidés"
    assert indicator.select_one(".indicator__value").get_text() == "1\u202f200"
    assert text_of(indicator.select_one(".indicator__unit")) == "par an"


@pytest.mark.django_db
def test_practice_page_language_alternates_and_switcher(client, practice_pair):
    english, french = practice_pair
    assert english.url == "/en/practices/home-support-for-seniors/"
    assert french.url == "/fr/pratiques/aide-a-domicile/"

    soup = soup_of(get(client, english.url))
    assert soup.html["lang"] == "en"
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates["fr"] == "http://localhost/fr/pratiques/aide-a-domicile/"
    switcher = soup.select_one("nav.language-switcher")
    assert text_of(switcher.select_one('[aria-current="true"]')) == "English"
    french_link = switcher.find("a", hreflang="fr")
    assert french_link["href"] == french.url
    assert not french_link.has_attr("title")
    # No Italian translation: the link leads to the Italian home, flagged as such.
    italian_link = switcher.find("a", hreflang="it")
    # Not translated into Italian: the link leads to the Italian home, which
    # says why the visitor landed there.
    assert italian_link["href"] == "/it/?untranslated=1"
    assert italian_link.has_attr("title")
    with translation.override("it"):
        notice = gettext(
            "The page you were reading has not been translated into this language yet: "
            "here is the home page in this language."
        )
    italian_home = soup_of(get(client, italian_link["href"]))
    assert text_of(italian_home.select_one("main .notice")) == notice
    assert notice not in get(client, "/it/").content.decode()
    assert alternates["x-default"] == alternates["en"]

    soup = soup_of(get(client, french.url))
    assert soup.html["lang"] == "fr"
    assert text_of(soup.h1) == "Aide à domicile pour les aînés"
    assert text_of(soup.select_one(".lead")) == "Un court résumé de la pratique."
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates["en"] == "http://localhost/en/practices/home-support-for-seniors/"
    switcher = soup.select_one("nav.language-switcher")
    assert text_of(switcher.select_one('[aria-current="true"]')) == "Français"
    assert switcher.find("a", hreflang="en")["href"] == english.url


@pytest.mark.django_db
def test_contact_shown_only_with_consent(client, make_practice):
    contact = {
        "contact_name": "Marie Durand",
        "contact_role": "Project lead",
        "contact_email": "marie.durand@example.org",
    }
    hidden = make_practice(
        "Without consent", contact_consent=False, licence="all-rights-reserved", **contact
    )
    shown = make_practice("With consent", contact_consent=True, **contact)

    response = get(client, hidden.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert soup_of(response).find(id="contact") is None
    assert "Marie Durand" not in html
    assert "marie.durand@example.org" not in html
    # All rights reserved: named, without a licence link.
    licence = soup_of(response).select_one(".licence")
    assert "All rights reserved" in text_of(licence)
    assert licence.a is None

    soup = soup_of(get(client, shown.url))
    section = soup.find(id="contact")
    assert "Marie Durand, Project lead" in text_of(section)
    assert section.find("a", href="mailto:marie.durand@example.org") is not None


# Search ---------------------------------------------------------------------


@pytest.fixture
def searchable(make_practice, themes, countries):
    return {
        "seniors": make_practice(
            "Home support for seniors",
            summary="Volunteers visit isolated pensioners every week.",
            themes_=[themes["ageing"]],
            countries_=[countries["FR"]],
        ),
        "children": make_practice(
            "Foster family network",
            summary="Foster carers share training and respite.",
            themes_=[themes["child-protection"]],
            countries_=[countries["IT"]],
        ),
    }


def search_titles(client, query_string, prefix="/en"):
    response = get(client, f"{prefix}/search/?{query_string}")
    assert response.status_code == 200
    return card_titles(soup_of(response)), response


@pytest.mark.django_db
def test_search_by_words_and_filters(client, searchable):
    titles, response = search_titles(client, "q=pensioners")
    assert titles == ["Home support for seniors"]
    soup = soup_of(response)
    assert soup.select_one('input[name="q"]')["value"] == "pensioners"
    assert text_of(soup.select_one(".result-count")) == "1 practice found"
    assert search_titles(client, "q=foster+respite")[0] == ["Foster family network"]
    # Every word must match.
    assert search_titles(client, "q=foster+pensioners")[0] == []
    assert search_titles(client, "q=unicorns")[0] == []
    # Without words: every practice of the language.
    assert sorted(search_titles(client, "")[0]) == [
        "Foster family network",
        "Home support for seniors",
    ]

    titles, response = search_titles(client, "theme=child-protection")
    assert titles == ["Foster family network"]
    assert "Child protection" in text_of(soup_of(response).select_one(".active-filters"))
    assert search_titles(client, "country=fr")[0] == ["Home support for seniors"]
    assert search_titles(client, "country=IT")[0] == ["Foster family network"]
    assert search_titles(client, "country=FR&theme=child-protection")[0] == []
    assert search_titles(client, "q=pensioners&theme=ageing")[0] == ["Home support for seniors"]
    assert search_titles(client, "q=pensioners&theme=child-protection")[0] == []

    # Unknown filters are reported and ignored.
    titles, response = search_titles(client, "theme=no-such-theme")
    notices = [text_of(p) for p in soup_of(response).select(".notice")]
    assert notices == ["Theme: there is no “no-such-theme”; it was ignored."]
    assert len(titles) == 2

    titles, response = search_titles(client, "country=zz")
    notices = [text_of(p) for p in soup_of(response).select(".notice")]
    assert notices == ["Country: there is no “zz”; it was ignored."]
    assert len(titles) == 2

    _, response = search_titles(client, "country=france")
    assert "Country: there is no" in text_of(soup_of(response).select_one(".notice"))


@pytest.mark.django_db
def test_search_filter_names_in_the_page_language(client, searchable, locales):
    translate_practice(
        searchable["children"],
        locales["fr"],
        title="Réseau de familles d'accueil",
        slug="reseau-familles",
        summary="Les familles d'accueil partagent formation et répit.",
    )
    titles, response = search_titles(client, "theme=child-protection", prefix="/fr")
    assert titles == ["Réseau de familles d'accueil"]
    filters = text_of(soup_of(response).select_one(".active-filters"))
    assert "Protection de l'enfance" in filters
    assert "Child protection" not in filters
    assert search_titles(client, "q=répit", prefix="/fr")[0] == ["Réseau de familles d'accueil"]


HOSTILE_QUERIES = [
    "q=" + "a" * 10_000,
    "q=" + "pensioners%20" * 1000,
    "q=%22",
    "q=%22%22%22",
    "q=%5C",
    "q=%5C%5C%5C",
    "q=pensioners%5C",
    "q=%00",
    "q=%01%02%1B%7F",
    "q=%C2%85%E2%80%A8",
    "q=%FF%FE",
    "q=%2A",
    "q=NOT",
    "q=-",
    "q=(",
    "q=pensioners+OR",
    "q=%27",
    "q=NEAR(a+b)",
    "q=a:b",
    "q=^a",
    "theme=%00&country=%00",
    "theme=" + "x" * 5000,
    "country=%22",
]


@pytest.mark.django_db
def test_search_survives_hostile_input(client, searchable):
    failures = []
    for query_string in HOSTILE_QUERIES:
        response = get(client, f"/en/search/?{query_string}")
        if response.status_code != 200 or b'class="result-count"' not in response.content:
            failures.append((query_string[:40], response.status_code))
    assert failures == []

    # Malformed numbers get a 400 and a message, a page past the end a 404.
    for query_string, status in (
        ("page=-1", 400),
        ("page=abc", 400),
        ("page=1e9", 400),
        ("page=%00", 400),
        ("q=pensioners&page=-1", 400),
        ("year_from=abc", 400),
        ("year_from=2020&year_to=2010", 400),
        ("sort=%27", 400),
        ("page=999", 404),
    ):
        response = get(client, f"/en/search/?{query_string}")
        assert response.status_code == status, query_string
        assert soup_of(response).select('[role="alert"]'), query_string

    # Quotes and control characters are ignored rather than breaking the search.
    assert search_titles(client, "q=%22pensioners%22")[0] == ["Home support for seniors"]
    assert search_titles(client, "q=%22pensioners")[0] == ["Home support for seniors"]
    assert search_titles(client, "q=%00pensioners%1B")[0] == ["Home support for seniors"]

    # A very long query is shortened, and the visitor is told.
    _, response = search_titles(client, "q=" + "a" * 10_000)
    soup = soup_of(response)
    assert [text_of(p) for p in soup.select(".notice")] == [
        "Your search was shortened to 200 characters."
    ]
    assert len(soup.select_one('input[name="q"]')["value"]) == 200


# Errors ---------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_url_renders_the_site_404(client, site_tree):
    for url, language in (
        ("/en/no-such-page/", "en"),
        ("/en/practices/nope/", "en"),
        ("/fr/pratiques/inconnue/", "fr"),
    ):
        response = get(client, url)
        assert response.status_code == 404, url
        soup = soup_of(response)
        assert soup.html["lang"] == language
        with translation.override(language):
            assert text_of(soup.h1) == gettext("Page not found")
            assert gettext("The page you asked for does not exist, or has moved.") in text_of(
                soup.main
            )
        # In the site's style: its stylesheet, header and navigation.
        assert soup.select_one('link[rel="stylesheet"][href="/static/css/site.css"]')
        assert soup.select_one("header.site-header") is not None
        assert soup.select_one("nav.language-switcher") is not None
        assert soup.select_one('main form[role="search"]')["action"] == f"/{language}/search/"


def test_home_neither_counts_nor_lists_practices_restricted_to_logged_in_users(
    client, make_practice, themes, countries
):
    from wagtail.models import PageViewRestriction

    make_practice("Open practice", themes_=[themes["ageing"]], countries_=[countries["FR"]])
    private = make_practice(
        "Members-only practice", themes_=[themes["child-protection"]], countries_=[countries["IT"]]
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    home = soup_of(get(client, "/en/"))
    assert count_list(home.select_one('[aria-labelledby="themes-title"]')) == {
        "Ageing and loss of autonomy": 1
    }
    assert count_list(home.select_one('[aria-labelledby="countries-title"]')) == {"France": 1}
    assert "Members-only practice" not in home.get_text()
