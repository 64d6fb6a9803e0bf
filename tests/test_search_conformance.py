"""One behaviour, every engine: the conformance suite of the search service.

Each test runs on the database engine and, when ELASTICSEARCH_URL is set, on
Elasticsearch (tests/search_engines.py). The corpus is built through the
real publishing path, then the index is rebuilt with the engine under test,
and the service is asked exactly as the views ask it.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from corpora import tjsw_project
from search_engines import ENGINES, configure
from wagtail.models import Page

from practices.localize.po_translation import translate
from practices.models import Country, Theme
from search import indexing, service
from search.query import FACETS, SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    configure(request.param, settings)
    return request.param


@pytest.fixture
def corpus(engine, make_practice, themes, countries, locales):
    """Five practices, one translated into French, with themes, countries,
    years and a project; then a full rebuild on the engine under test."""
    project = tjsw_project()
    seniors = make_practice(
        "Home support for seniors",
        summary="Volunteers visit isolated pensioners every week.",
        context="<p>Older people living alone in rural villages.</p>",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
        start_year=2015,
        end_year=2018,
        project=project,
    )
    foster = make_practice(
        "Foster family network",
        summary="Foster carers share training and respite for children.",
        themes_=[themes["child-protection"]],
        countries_=[countries["IT"]],
        start_year=2020,
    )
    reception = make_practice(
        "Universal social reception desks",
        summary="Every desk gives the same first-level information about rights.",
        method_text="<p>Reception agents learn to welcome seniors and families alike.</p>",
        themes_=[themes["ageing"], themes["child-protection"]],
        countries_=[countries["FR"], countries["LT"]],
        start_year=2021,
    )
    shadowing = make_practice(
        "Job shadowing between institutions",
        summary="Professionals spend five days in a partner institution.",
        context="<p>Home support workers compare their methods.</p>",
        themes_=[themes["child-protection"]],
        countries_=[countries["LT"]],
        start_year=2017,
        end_year=2019,
    )
    translate(
        foster,
        locales["fr"],
        {
            "title": "Réseau de familles d'accueil",
            "slug": "reseau-familles-accueil",
            "summary": "Les assistants familiaux partagent formation et répit pour les enfants.",
            "context": "<p>Des enfants confiés à l'aide sociale.</p>",
        },
    )
    french_only = make_practice(
        "Personnes âgées : un démonstrateur du maintien à domicile",
        locale="fr",
        summary="Un appartement témoin pour que les personnes âgées restent chez elles.",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
        start_year=2019,
    )
    indexing.rebuild()
    return {
        "seniors": seniors,
        "foster": foster,
        "reception": reception,
        "shadowing": shadowing,
        "french_only": french_only,
        "project": project,
    }


def ask(language="en", **kwargs):
    return service.search(SearchQuery(language=language, **kwargs))


def titles(results):
    return [hit.title for hit in results.hits]


def counts(results, facet):
    return {
        value.value: value.count
        for value in next(f for f in results.facets if f.name == facet).values
    }


def _the_configured_engine_answers(corpus, engine):
    assert ask().engine == engine


def _every_word_must_match(corpus):
    assert titles(ask(text="pensioners")) == ["Home support for seniors"]
    assert titles(ask(text="isolated pensioners")) == ["Home support for seniors"]
    assert titles(ask(text="pensioners respite")) == []
    assert titles(ask(text="unicorns")) == []


def _inflections_and_accents_match(corpus):
    # English: "volunteer" finds "Volunteers"; French: "enfant" finds "enfants",
    # "personnes agees" finds "personnes âgées".
    assert titles(ask(text="volunteer")) == ["Home support for seniors"]
    assert "Réseau de familles d'accueil" in titles(ask("fr", text="enfant"))
    assert titles(ask("fr", text="personnes agees")) == [
        "Personnes âgées : un démonstrateur du maintien à domicile"
    ]
    assert titles(ask("fr", text="PERSONNES ÂGÉES")) == titles(ask("fr", text="personnes agees"))


def _each_practice_once_in_the_visitors_language_or_its_original(corpus):
    english = ask("en")
    assert english.total == 5
    by_title = {hit.title: hit.language for hit in english.hits}
    assert by_title["Foster family network"] == "en"
    # Written in French and never translated: shown to English visitors in French.
    assert by_title["Personnes âgées : un démonstrateur du maintien à domicile"] == "fr"

    french = ask("fr")
    assert french.total == 5
    assert "Réseau de familles d'accueil" in titles(french)
    assert "Foster family network" not in titles(french)

    italian = ask("it")  # nothing translated into Italian: every original
    assert italian.total == 5
    assert {hit.language for hit in italian.hits} == {"en", "fr"}


def _a_french_visitor_finds_an_english_only_practice_by_its_english_words(corpus):
    results = ask("fr", text="pensioners")
    assert [(hit.title, hit.language) for hit in results.hits] == [
        ("Home support for seniors", "en")
    ]


def _facets_are_disjunctive(corpus):
    everything = ask()
    assert counts(everything, "theme") == {"ageing": 3, "child-protection": 3}
    assert counts(everything, "country") == {"fr": 3, "it": 1, "lt": 2}

    ageing = ask(filters={"theme": ["ageing"]})
    assert ageing.total == 3
    # A facet's counts ignore its own selection...
    assert counts(ageing, "theme") == {"ageing": 3, "child-protection": 3}
    # ... and follow the others.
    assert counts(ageing, "country") == {"fr": 3, "lt": 1}

    # Values of one facet combine with OR, facets with AND.
    both = ask(filters={"theme": ["ageing", "child-protection"]})
    assert both.total == 5
    narrowed = ask(filters={"theme": ["ageing", "child-protection"], "country": ["lt"]})
    assert sorted(titles(narrowed)) == [
        "Job shadowing between institutions",
        "Universal social reception desks",
    ]
    assert counts(narrowed, "country") == {"fr": 3, "it": 1, "lt": 2}
    assert counts(narrowed, "theme") == {"ageing": 1, "child-protection": 2}


def _facets_follow_the_words(corpus):
    results = ask(text="seniors")
    assert sorted(titles(results)) == [
        "Home support for seniors",
        "Universal social reception desks",
    ]
    assert counts(results, "country") == {"fr": 2, "lt": 1}


def _selected_values_are_listed_even_without_results(corpus):
    results = ask(text="pensioners", filters={"country": ["it"]})
    assert results.total == 0
    country = next(f for f in results.facets if f.name == "country")
    assert [(v.value, v.count, v.selected) for v in country.values if v.selected] == [
        ("it", 0, True)
    ]


def test_every_facet_value_is_counted_not_only_the_top_ten(corpus, make_practice, themes, engine):
    codes = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "HR"]
    for code in codes:
        make_practice(
            f"Practice from {code}",
            countries_=[Country.objects.create(code=code)],
            themes_=[themes["ageing"]],
        )
    indexing.rebuild()
    country_counts = counts(ask(), "country")
    assert len(country_counts) == 15
    assert all(country_counts[code.lower()] == 1 for code in codes)


def _every_facet_is_returned_with_labels_in_the_visitors_language(corpus):
    results = ask("fr")
    assert [facet.name for facet in results.facets] == list(FACETS)
    labels = {
        (facet.name, value.value): value.label for facet in results.facets for value in facet.values
    }
    assert labels["theme", "child-protection"] == "Protection de l'enfance"
    assert labels["country", "it"] == "Italie"
    assert labels["country", "fr"] == "France"
    assert labels["project", str(corpus["project"].pk)] == "TJSW"
    language = next(f for f in results.facets if f.name == "language")
    assert {v.value: (v.label, v.count) for v in language.values} == {
        "en": ("Anglais", 4),
        "fr": ("Français", 2),
    }


def _language_and_project_filters(corpus):
    assert sorted(titles(ask("en", filters={"language": ["fr"]}))) == [
        "Foster family network",
        "Personnes âgées : un démonstrateur du maintien à domicile",
    ]
    project = str(corpus["project"].pk)
    assert titles(ask(filters={"project": [project]})) == ["Home support for seniors"]


def _year_range_keeps_practices_running_in_it(corpus):
    # 2015–2018, 2020–, 2021–, 2017–2019, 2019–
    assert sorted(titles(ask(year_from=2018, year_to=2018))) == [
        "Home support for seniors",
        "Job shadowing between institutions",
    ]
    assert sorted(titles(ask(year_from=2021))) == [
        "Foster family network",
        "Personnes âgées : un démonstrateur du maintien à domicile",
        "Universal social reception desks",
    ]
    assert titles(ask(year_to=2014)) == []


def _sorts(corpus):
    newest = titles(ask(sort="newest"))
    assert newest[0] == "Personnes âgées : un démonstrateur du maintien à domicile"
    assert newest[-1] == "Home support for seniors"
    # Without words, relevance means newest.
    assert titles(ask()) == newest
    assert titles(ask(sort="title")) == sorted(newest, key=str.casefold)


def _a_title_match_ranks_first(corpus):
    # "home support": in one title, and in another practice's context.
    results = titles(ask(text="home support"))
    assert results == ["Home support for seniors", "Job shadowing between institutions"]


def _phrases_match_words_in_order(corpus):
    assert titles(ask(text='"home support"')) == [
        "Home support for seniors",
        "Job shadowing between institutions",
    ]
    assert titles(ask(text='"support home"')) == []


def _pages(corpus):
    first = ask(per_page=2, sort="title")
    second = ask(per_page=2, sort="title", page=2)
    third = ask(per_page=2, sort="title", page=3)
    assert first.total == second.total == third.total == 5
    assert first.page_count == 3
    assert len(titles(first) + titles(second) + titles(third)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    beyond = ask(per_page=2, page=9)
    assert beyond.hits == [] and beyond.total == 5


def test_snippets_mark_the_words_and_escape_the_text(corpus, make_practice, themes):
    make_practice(
        "Escaping check",
        summary="Tags like <script>alert(1)</script> stay text near the word zebra.",
        themes_=[themes["ageing"]],
    )
    indexing.rebuild()
    [hit] = ask(text="zebra").hits
    # Read as HTML, as a browser would: any correct escaping of the text passes.
    snippet = BeautifulSoup(hit.snippet, "html.parser")
    assert snippet.find("script") is None
    assert "alert(1)</script> stay text" in snippet.get_text()
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["zebra"]
    [french] = ask("fr", text="enfants").hits
    assert "<mark>enfants</mark>" in french.snippet
    # A phrase is marked as one, and only where its words follow each other.
    [phrased] = ask(text='"stay text" tags').hits
    marks = [m.get_text() for m in BeautifulSoup(phrased.snippet, "html.parser").find_all("mark")]
    assert marks == ["Tags", "stay text"]


def _hits_carry_what_a_result_shows(corpus):
    [hit] = ask(text="pensioners").hits
    seniors = corpus["seniors"]
    assert hit.page_id == seniors.pk
    assert hit.translation_key == str(seniors.translation_key)
    assert hit.url == seniors.get_url()
    assert hit.countries == ["fr"]
    assert hit.themes == ["ageing"]
    assert (hit.start_year, hit.end_year) == (2015, 2018)
    assert isinstance(hit.first_published_at, datetime.datetime)


def test_words_stems_accents_phrases_and_ranking(corpus, engine):
    _every_word_must_match(corpus)
    _inflections_and_accents_match(corpus)
    _a_french_visitor_finds_an_english_only_practice_by_its_english_words(corpus)
    _a_title_match_ranks_first(corpus)
    _phrases_match_words_in_order(corpus)
    _theme_names_are_searchable_in_the_practices_language(corpus)


def test_each_practice_once_and_facets(corpus, engine):
    _the_configured_engine_answers(corpus, engine)
    _each_practice_once_in_the_visitors_language_or_its_original(corpus)
    _facets_are_disjunctive(corpus)
    _facets_follow_the_words(corpus)
    _selected_values_are_listed_even_without_results(corpus)
    _every_facet_is_returned_with_labels_in_the_visitors_language(corpus)
    _language_and_project_filters(corpus)


def test_years_sorts_pages_and_hits(corpus, engine):
    _year_range_keeps_practices_running_in_it(corpus)
    _sorts(corpus)
    _pages(corpus)
    _hits_carry_what_a_result_shows(corpus)


HOSTILE = [
    '"', '""', "\\", "*", "a*", "(", ")", "AND", "OR NOT", "NEAR(a b)", "a:b", "title:x", "^2",
    "-", "+pensioners", "pensioners~2", "' OR 1=1 --", "%", "_", "{}", "[]", "<>",
    "детска защита enfant", "日本語", "x" * 200, "pensioners " * 20,
]  # fmt: skip


def test_any_text_gets_an_answer(corpus):
    for words in HOSTILE:
        results = ask(text=words)
        assert results.total >= 0, words
        filtered = ask("fr", text=words, filters={"theme": ["ageing"], "country": ["fr"]})
        assert filtered.total <= ask("fr", text=words).total, words


def test_drafts_and_private_pages_are_never_found(corpus, make_practice, themes):
    make_practice("Draft practice about zebras", publish=False, themes_=[themes["ageing"]])
    private = make_practice("Private practice about zebras", themes_=[themes["ageing"]])
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=private.pk), restriction_type="password", password="x"
    )
    indexing.rebuild()
    assert titles(ask(text="zebras")) == []


def _theme_names_are_searchable_in_the_practices_language(corpus):
    # "Vieillissement et perte d'autonomie" is the French name of the theme
    # of the French-only practice; its text does not say it.
    assert titles(ask("fr", text="vieillissement")) == [
        "Personnes âgées : un démonstrateur du maintien à domicile"
    ]
    theme = Theme.objects.get(slug="ageing", locale__language_code="fr")
    assert theme.name.startswith("Vieillissement")
