"""Open data and sharing: /sitemap.xml, /robots.txt, the Atom feed of each
language and the exports of search results, as crawlers, feed readers and
spreadsheets receive them."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from corpora import classify, english_terms, tjsw_project
from django.db import connection
from django.test.utils import CaptureQueriesContext
from site_helpers import HOST, get
from translator_helpers import practice_values
from wagtail.models import PageViewRestriction

from practices.localize.po_translation import translate

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def absolute(path):
    return f"http://{HOST}{path}"


# Sitemap ----------------------------------------------------------------------


def sitemap(client):
    """{location: (lastmod, {hreflang: href})} of /sitemap.xml."""
    response = get(client, "/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    urls = {}
    for url in root.findall("s:url", SITEMAP_NS):
        links = url.findall("x:link", SITEMAP_NS)
        assert all(link.get("rel") == "alternate" for link in links)
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert len(alternates) == len(links), "one alternate per language"
        lastmod = url.find("s:lastmod", SITEMAP_NS)
        urls[url.find("s:loc", SITEMAP_NS).text] = (
            lastmod.text if lastmod is not None else None,
            alternates,
        )
    return urls


def wagtail_pages(urls):
    """The entries of Wagtail's pages: without the theme and country landing
    pages (tests/test_seo.py)."""
    return {
        location: entry
        for location, entry in urls.items()
        if "/themes/" not in location and "/countries/" not in location
    }


@pytest.fixture
def multilingual(italian_tree, make_practice, locales):
    """Practices in every state a sitemap and a feed must tell apart."""
    translated = make_practice("Home support for seniors", slug="home-support")
    translate(translated, locales["fr"], practice_values("Aide à domicile", "aide", translated))
    english_only = make_practice("Job shadowing", slug="shadowing")
    unpublished = make_practice("Respite care", slug="respite")
    draft_fr = translate(unpublished, locales["fr"], practice_values("Répit", "repit", unpublished))
    draft_fr.unpublish()
    french_original = make_practice("Ateliers de mémoire", locale="fr", slug="ateliers")
    translate(
        french_original,
        locales["it"],
        practice_values("Laboratori di memoria", "laboratori", french_original),
    )
    make_practice("Draft practice", slug="draft", publish=False)
    private = make_practice("Members-only practice", slug="members")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"translated": translated, "english_only": english_only, "french": french_original}


def test_sitemap_lists_every_public_page_with_its_translations(client, multilingual):
    urls = wagtail_pages(sitemap(client))
    en, fr, it = "/en/practices/", "/fr/pratiques/", "/it/pratiche/"
    expected = {
        "/en/": {"en": "/en/", "fr": "/fr/", "it": "/it/", "x-default": "/en/"},
        en: {"en": en, "fr": fr, "it": it, "x-default": en},
        f"{en}home-support/": {
            "en": f"{en}home-support/",
            "fr": f"{fr}aide/",
            "x-default": f"{en}home-support/",
        },
        f"{en}shadowing/": {"en": f"{en}shadowing/", "x-default": f"{en}shadowing/"},
        f"{en}respite/": {"en": f"{en}respite/", "x-default": f"{en}respite/"},
        # No English version: x-default is the original (French), not Italian.
        f"{fr}ateliers/": {
            "fr": f"{fr}ateliers/",
            "it": f"{it}laboratori/",
            "x-default": f"{fr}ateliers/",
        },
    }
    # Each version of a page has an entry of its own with the same alternates.
    for alternates in list(expected.values()):
        for language, href in alternates.items():
            if language != "x-default":
                expected[href] = alternates
    assert set(urls) == {absolute(location) for location in expected}
    for location, alternates in expected.items():
        lastmod, found = urls[absolute(location)]
        assert found == {language: absolute(href) for language, href in alternates.items()}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod)

    listed = " ".join(urls)
    for hidden in ("draft", "members", "repit"):
        assert hidden not in listed
    assert not any("repit" in href for _lastmod, links in urls.values() for href in links.values())


def test_sitemap_lastmod_is_the_last_publication(client, multilingual):
    page = multilingual["english_only"]
    # Noon UTC: the same day in Paris, whatever time the test runs at (the
    # date of a late-evening publication in UTC is the next day in Paris).
    page.last_published_at = datetime.datetime(2024, 3, 5, 12, tzinfo=datetime.UTC)
    page.save(update_fields=["last_published_at"])
    lastmod, _links = sitemap(client)[absolute("/en/practices/shadowing/")]
    assert lastmod == "2024-03-05"


def test_sitemap_queries_do_not_grow_with_the_pages(
    client, italian_tree, make_practice, locales, django_assert_max_num_queries
):
    def add(count, start):
        for number in range(start, start + count):
            page = make_practice(f"Practice {number}", slug=f"practice-{number}")
            translate(
                page, locales["fr"], practice_values(f"Pratique {number}", f"p-{number}", page)
            )

    add(2, 0)
    with CaptureQueriesContext(connection) as small:
        assert len(wagtail_pages(sitemap(client))) == 6 + 4
    add(8, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(wagtail_pages(sitemap(client))) == 6 + 20


def test_sitemap_pages_past_the_end_are_not_found(client, site_tree):
    assert get(client, "/sitemap.xml", {"p": "2"}, follow=True).status_code == 404
    assert get(client, "/sitemap.xml", {"p": "x"}, follow=True).status_code == 404


# robots.txt -------------------------------------------------------------------


def test_robots_txt_allows_the_site_and_points_at_the_sitemap(client, site_tree):
    response = get(client, "/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = [line.strip() for line in response.content.decode().splitlines() if line.strip()]
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
    assert "Disallow: /en/search/export." in lines
    assert "Disallow: /fr/search/export." in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


# Atom feeds -------------------------------------------------------------------


def feed(client, language):
    response = get(client, f"/{language}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        found.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": entry.find(f"{ATOM}link").get("href"),
                "id": entry.findtext(f"{ATOM}id"),
                "lang": entry.get(XML_LANG),
                "summary": entry.findtext(f"{ATOM}summary"),
                "published": entry.findtext(f"{ATOM}published"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            }
        )
    return found


def test_feed_follows_the_language_rule_and_hides_drafts(client, multilingual):
    english = feed(client, "en")
    assert english.get(XML_LANG) == "en"
    assert [entry["title"] for entry in entries(english)] == [
        "Ateliers de mémoire",
        "Respite care",
        "Job shadowing",
        "Home support for seniors",
    ]
    french = entries(feed(client, "fr"))
    assert [(entry["title"], entry["lang"]) for entry in french] == [
        ("Ateliers de mémoire", None),
        ("Respite care", "en"),  # its French translation is unpublished
        ("Job shadowing", "en"),
        ("Aide à domicile", None),
    ]
    assert french[3]["link"] == absolute("/fr/pratiques/aide/")
    assert french[3]["summary"] == "Aide à domicile: summary."
    assert french[2]["link"] == absolute("/en/practices/shadowing/")
    italian = entries(feed(client, "it"))
    assert italian[0]["title"] == "Laboratori di memoria"
    assert italian[0]["lang"] is None
    assert {entry["lang"] for entry in italian[1:]} == {"en"}


def test_feed_entries_have_ids_dates_and_themes_in_the_visitors_language(client, multilingual):
    page = multilingual["english_only"]
    (english,) = [e for e in entries(feed(client, "en")) if e["title"] == "Job shadowing"]
    assert english["id"].startswith("tag:localhost,")
    assert english["id"].endswith(f":practice/{page.translation_key}/en")
    assert english["published"] and english["updated"]
    assert english["categories"] == ["Ageing and loss of autonomy"]
    (in_french,) = [e for e in entries(feed(client, "fr")) if e["title"] == "Job shadowing"]
    assert in_french["categories"] == ["Vieillissement et perte d'autonomie"]

    # The id survives edits of the title and the slug; `updated` follows them.
    page.title, page.slug = "Job shadowing between institutions", "job-shadowing"
    page.save_revision().publish()
    (edited,) = [e for e in entries(feed(client, "en")) if e["title"].startswith("Job shadowing")]
    assert edited["id"] == english["id"]
    assert edited["link"] == absolute("/en/practices/job-shadowing/")
    assert edited["published"] == english["published"]
    assert edited["updated"] > english["updated"]


def test_feed_title_and_subtitle_are_in_the_visitors_language(client, multilingual):
    french = feed(client, "fr")
    assert "Bonnes pratiques en travail social" in french.findtext(f"{ATOM}title")
    assert french.findtext(f"{ATOM}subtitle")
    assert french.find(f"{ATOM}link[@rel='self']").get("href") == absolute("/fr/feed/")
    assert french.find(f"{ATOM}link[@rel='alternate']").get("href") == absolute("/fr/pratiques/")
    english = feed(client, "en")
    assert "Social Work Good Practices" in english.findtext(f"{ATOM}title")


def test_feed_keeps_the_latest_practices_only(client, multilingual, monkeypatch):
    monkeypatch.setattr("practices.feeds.FEED_SIZE", 2)
    assert [e["title"] for e in entries(feed(client, "en"))] == [
        "Ateliers de mémoire",
        "Respite care",
    ]


def test_feed_of_an_unknown_language_is_not_found(client, multilingual):
    assert get(client, "/xx/feed/", follow=True).status_code == 404
    # A language of the site without any content (no locale yet).
    assert get(client, "/lt/feed/", follow=True).status_code == 404


def test_pages_announce_the_feed_of_their_language(client, multilingual):
    for language in ("en", "fr"):
        soup = BeautifulSoup(get(client, f"/{language}/").content, "html.parser")
        link = soup.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert link["href"] == f"/{language}/feed/"
        assert link["title"]


# Exports of search results ------------------------------------------------------


@pytest.fixture
def corpus(make_practice, themes, countries, locales):
    """Five practices for English visitors (four English, one French only),
    one of them with every facet."""
    project = tjsw_project()
    gardening = make_practice(
        "Intergenerational gardening",
        slug="gardening",
        summary="Pensioners and pupils grow vegetables together.",
        themes_=[themes["ageing"], themes["child-protection"]],
        countries_=[countries["FR"], countries["IT"]],
        start_year=2015,
        end_year=2018,
        project=project,
    )
    classify(gardening, english_terms(locales))
    make_practice(
        "Foster family network",
        slug="foster",
        summary="Foster carers share training and respite for children.",
        themes_=[themes["child-protection"]],
        countries_=[countries["IT"]],
        start_year=2020,
    )
    make_practice(
        '=HYPERLINK("http://evil.example")',
        slug="formula",
        summary="-2+3 children",
        themes_=[themes["child-protection"]],
        countries_=[countries["LT"]],
        start_year=2021,
    )
    make_practice(
        "Job shadowing between institutions",
        slug="shadowing",
        summary="@SUM(A1) professionals working with children.",
        themes_=[themes["child-protection"]],
        countries_=[countries["LT"]],
        start_year=2017,
    )
    make_practice(
        "Ateliers de mémoire",
        locale="fr",
        slug="ateliers-memoire",
        summary="Des ateliers pour les personnes âgées.",
        themes_=[themes["ageing"]],
        countries_=[countries["FR"]],
        start_year=2022,
    )
    return {"gardening": gardening, "project": project}


def html_results(client, language, params):
    """(titles, total) of every page of the search page."""
    titles, page = [], 1
    while True:
        response = get(client, f"/{language}/search/", {**params, "page": str(page)})
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        titles += [" ".join(n.get_text(" ").split()) for n in soup.select(".result .card__title")]
        total = int(re.match(r"\d+", soup.select_one(".result-count").get_text().strip()).group())
        if len(titles) >= total:
            return titles, total
        page += 1


def export_json(client, language, params):
    response = get(client, f"/{language}/search/export.json", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def export_csv(client, language, params):
    response = get(client, f"/{language}/search/export.csv", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    assert re.fullmatch(
        rf'attachment; filename="practices-{language}-\d{{8}}\.csv"',
        response["Content-Disposition"],
    )
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return response, list(reader)


def unquoted(cell):
    return cell[1:] if cell[:1] == "'" else cell


SEARCHES = (
    ("en", {}),
    ("en", {"q": "children"}),
    ("en", {"q": "children", "sort": "title"}),
    ("en", {"theme": "ageing", "sort": "newest"}),
    ("en", {"country": ["fr", "lt"], "sort": "title"}),
    ("en", {"year_from": "2018"}),
    ("fr", {"q": "ateliers"}),
    ("fr", {"sort": "title"}),
    ("it", {"theme": "child-protection", "sort": "title"}),
)


def test_exports_hold_every_result_of_the_search_page_across_its_pages(client, corpus, settings):
    settings.PRACTICES_PER_PAGE = 2  # the search page shows several pages
    for language, params in SEARCHES:
        titles, total = html_results(client, language, params)
        data = export_json(client, language, params)
        assert [unquoted(hit["title"]) for hit in data["results"]] == titles, params
        assert data["total"] == total
        assert data["truncated"] is False
        _response, rows = export_csv(client, language, params)
        assert [unquoted(row["title"]) for row in rows] == titles, params


def test_exports_read_the_service_page_after_page(client, corpus, monkeypatch):
    monkeypatch.setattr("search.exports.EXPORT_BATCH", 2)
    data = export_json(client, "en", {"sort": "title"})
    assert len(data["results"]) == data["total"] == 5
    assert len({hit["page_id"] for hit in data["results"]}) == 5


def test_exports_past_the_maximum_say_they_are_cut(client, corpus, monkeypatch):
    monkeypatch.setattr("search.exports.EXPORT_BATCH", 2)
    monkeypatch.setattr("search.exports.MAX_EXPORT_ROWS", 3)
    response = get(client, "/en/search/export.json")
    data = response.json()
    assert (data["total"], data["truncated"], data["max_results"]) == (5, True, 3)
    assert len(data["results"]) == 3
    assert response["X-Export-Truncated"] == "true"
    response, rows = export_csv(client, "en", {})
    assert len(rows) == 3
    assert (response["X-Export-Truncated"], response["X-Total-Count"]) == ("true", "5")


def test_json_export_rows_carry_identifiers_and_labels_in_the_visitors_language(client, corpus):
    gardening, project = corpus["gardening"], corpus["project"]
    data = export_json(client, "fr", {"q": "gardening", "theme": "ageing"})
    assert data["query"] == {
        "q": "gardening",
        "lang": "fr",
        "filters": {"theme": ["ageing"]},
        "year_from": None,
        "year_to": None,
        "sort": "relevance",
    }
    assert data["total"] == 1
    (row,) = data["results"]
    assert row == {
        "practice_id": str(gardening.translation_key),
        "page_id": gardening.pk,
        "language": "en",
        "title": "Intergenerational gardening",
        "url": "http://localhost/en/practices/gardening/",
        "summary": "Pensioners and pupils grow vegetables together.",
        "countries": [{"code": "FR", "name": "France"}, {"code": "IT", "name": "Italie"}],
        "themes": [
            {"slug": "ageing", "name": "Vieillissement et perte d'autonomie"},
            {"slug": "child-protection", "name": "Protection de l'enfance"},
        ],
        "target_groups": [{"slug": "older-people", "name": "Older people"}],
        "professions": [{"slug": "social-workers", "name": "Social workers"}],
        "practice_types": [{"slug": "training", "name": "Training"}],
        "project": {"id": project.pk, "name": "TJSW"},
        "start_year": 2015,
        "end_year": 2018,
        "first_published_at": gardening.first_published_at.isoformat(),
    }


def test_practice_id_is_the_same_in_every_language(client, corpus, locales):
    gardening = corpus["gardening"]
    french = translate(
        gardening, locales["fr"], practice_values("Jardinage", "jardinage", gardening)
    )
    (english,) = export_json(client, "en", {"q": "gardening"})["results"]
    (in_french,) = export_json(client, "fr", {"q": "jardinage"})["results"]
    assert english["practice_id"] == in_french["practice_id"] == str(gardening.translation_key)
    assert (in_french["page_id"], in_french["language"]) == (french.pk, "fr")
    assert english["page_id"] != in_french["page_id"]


def test_csv_export_columns_and_formula_injection(client, corpus):
    response, rows = export_csv(client, "fr", {"sort": "title"})
    assert list(rows[0]) == [
        "practice_id", "page_id", "language", "title", "url", "summary", "country_codes",
        "countries", "themes", "target_groups", "professions", "practice_types", "project",
        "start_year", "end_year", "first_published_at",
    ]  # fmt: skip
    by_slug = {row["url"].rstrip("/").rsplit("/", 1)[1]: row for row in rows}
    formula = by_slug["formula"]
    assert formula["title"] == '\'=HYPERLINK("http://evil.example")'
    assert formula["summary"] == "'-2+3 children"
    assert by_slug["shadowing"]["summary"] == "'@SUM(A1) professionals working with children."
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    gardening = by_slug["gardening"]
    assert gardening["country_codes"] == "FR; IT"
    assert gardening["countries"] == "France; Italie"
    assert gardening["themes"] == "Vieillissement et perte d'autonomie; Protection de l'enfance"
    assert gardening["project"] == "TJSW"
    assert (gardening["start_year"], gardening["end_year"]) == ("2015", "2018")
    assert by_slug["ateliers-memoire"]["title"] == "Ateliers de mémoire"  # UTF-8 intact
    assert response["X-Total-Count"] == "5"


def test_invalid_parameters_are_refused_like_the_search_page(client, corpus):
    for params in ({"sort": "foo"}, {"year_from": "x"}, {"year_from": "2020", "year_to": "2010"}):
        page = get(client, "/en/search/", params)
        assert page.status_code == 400
        soup = BeautifulSoup(page.content, "html.parser")
        messages = [" ".join(n.get_text().split()) for n in soup.select(".notice--error")]
        assert messages
        response = get(client, "/en/search/export.json", params)
        assert response.status_code == 400
        assert response.json() == {"errors": messages}
        response = get(client, "/en/search/export.csv", params)
        assert response.status_code == 400
        assert response.content.decode().splitlines() == messages


def test_unknown_filter_values_are_dropped_with_a_notice(client, corpus):
    data = export_json(client, "en", {"theme": ["ageing", "nonexistent"]})
    assert data["query"]["filters"] == {"theme": ["ageing"]}
    assert any("nonexistent" in notice for notice in data["notices"])
    assert data["total"] == 2


def test_export_formats_other_than_csv_and_json_do_not_exist(client, corpus):
    assert get(client, "/en/search/export.xml").status_code == 404


def test_feed_and_export_queries_do_not_grow_with_the_practices(
    client, corpus, make_practice, django_assert_max_num_queries
):
    urls = ("/fr/feed/", "/fr/search/export.json", "/fr/search/export.csv")
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert get(client, url).status_code == 200
        small[url] = len(captured.captured_queries)
    for number in range(6):
        make_practice(f"Practice {number}", slug=f"practice-{number}")
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            assert get(client, url).status_code == 200
    assert len(export_json(client, "fr", {})["results"]) == 11
