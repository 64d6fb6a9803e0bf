"""The practice page as visitors (and machines) read it: key facts, table of
contents, documents, citation, related practices, JSON-LD, Open Graph, print."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from site_helpers import get_ok, soup_of
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from practices.localize.po_translation import translate
from practices.models import (
    Country,
    ErasmusProject,
    Organisation,
    PracticeType,
    Profession,
    TargetGroup,
    Theme,
)

MAX_QUERIES = 15


def text_of(node):
    return " ".join(node.get_text(" ").split())


def key_facts(soup):
    """{term: <dd>} of the key facts panel."""
    facts = soup.select_one("aside.key-facts")
    return {text_of(dt): dd for dt, dd in zip(facts.select("dt"), facts.select("dd"), strict=True)}


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def meta_properties(soup):
    """{property or name: [content, …]} of the page's <meta> elements."""
    values = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            values.setdefault(key, []).append(meta.get("content"))
    return values


def term(model, name, slug, locale):
    return model.objects.create(name=name, slug=slug, locale=locale)


@pytest.fixture
def terms(themes, locales):
    housing = term(Theme, "Housing", "housing", locales["en"])
    return {
        "housing": housing,
        "target_group": term(TargetGroup, "Older people", "older-people", locales["en"]),
        "profession": term(Profession, "Social workers", "social-workers", locales["en"]),
        "practice_type": term(PracticeType, "Home visits", "home-visits", locales["en"]),
    }


@pytest.fixture
def organisations(db):
    return [
        Organisation.objects.create(
            name="Association Domicile Plus",
            country="FR",
            city="Nantes",
            website="https://domicile-plus.example.org/",
        ),
        Organisation.objects.create(name="Cooperativa Sociale Aurora", country="IT"),
    ]


@pytest.fixture
def project(db):
    return ErasmusProject.objects.create(
        title="Social work across borders",
        acronym="SWAB",
        reference="2017-1-FR01-KA202-037403",
        key_action="KA2",
        call_year=2017,
        url="https://erasmus-plus.ec.europa.eu/projects/swab",
    )


@pytest.fixture
def document(db):
    doc = Document(title="Evaluation report")
    doc.file.save("evaluation-report.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2039), save=False)
    doc._set_document_file_metadata()  # as the admin's upload form does
    doc.save()
    return doc


@pytest.fixture
def rich_practice(make_practice, themes, countries, terms, organisations, project, document):
    """A practice with every key fact, every optional section and a consenting contact."""
    page = make_practice(
        "Home support for seniors",
        slug="home-support",
        themes_=[themes["child-protection"], themes["ageing"]],
        countries_=[countries["IT"], countries["FR"]],
        region="Saint-Nazaire",
        start_year=2018,
        end_year=2022,
        status="mainstreamed",
        resources="<p>Two social workers.</p>",
        difficulties="<p>Recruiting volunteers.</p>",
        indicators=[("indicator", {"label": "Households", "value": "1 200", "unit": "a year"})],
        attachments=[("attachment", {"document": document, "title": ""})],
        contact_name="Marie Durand",
        contact_role="Project lead",
        contact_email="marie.durand@example.org",
        contact_consent=True,
        licence="cc-by-sa-4.0",
        project=project,
    )
    page.target_groups = [terms["target_group"]]
    page.professions = [terms["profession"]]
    page.practice_types = [terms["practice_type"]]
    page.organisations = organisations
    page.tags.add("home care", "volunteering")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# Key facts and sections ------------------------------------------------------


@pytest.mark.django_db
def test_every_key_fact_is_shown_and_terms_link_to_their_pages(client, rich_practice):
    soup = soup_of(get_ok(client, rich_practice.url))
    facts = key_facts(soup)
    assert list(facts) == [
        "Countries",
        "Region or city",
        "Themes",
        "Target groups",
        "Professions",
        "Practice type",
        "Organisations",
        "Erasmus+ project",
        "Years",
        "Status",
        "Available in",
        "Last reviewed",
    ]
    countries = {text_of(a): a["href"] for a in facts["Countries"].find_all("a")}
    assert list(countries) == ["France", "Italy"]
    themes = {text_of(a): a["href"] for a in facts["Themes"].find_all("a")}
    assert list(themes) == ["Ageing and loss of autonomy", "Child protection"]
    for href in [*countries.values(), *themes.values()]:
        # Each leads to a page of practices filtered on the term.
        assert get_ok(client, href)
    assert themes["Child protection"] == "/en/themes/child-protection/"
    assert countries["Italy"] == "/en/countries/it/"
    assert text_of(facts["Region or city"]) == "Saint-Nazaire"
    assert text_of(facts["Target groups"]) == "Older people"
    assert text_of(facts["Professions"]) == "Social workers"
    assert text_of(facts["Practice type"]) == "Home visits"
    organisations = [text_of(li) for li in facts["Organisations"].select("li")]
    assert organisations == [
        "Association Domicile Plus (France)",
        "Cooperativa Sociale Aurora (Italy)",
    ]
    assert facts["Organisations"].a["href"] == "https://domicile-plus.example.org/"
    project = facts["Erasmus+ project"]
    assert project.a["href"] == "https://erasmus-plus.ec.europa.eu/projects/swab"
    assert text_of(project.a) == "SWAB — Social work across borders"
    assert "2017-1-FR01-KA202-037403" in text_of(project)
    assert text_of(facts["Years"]) == "2018–2022"
    assert text_of(facts["Status"]) == "Mainstreamed"
    language = facts["Available in"].a
    assert (language["hreflang"], language["lang"], language["aria-current"]) == (
        "en",
        "en",
        "page",
    )
    assert facts["Last reviewed"].time["datetime"] == "2026-01-15"
    # One h1; the panel and the sections are h2s.
    assert len(soup.find_all("h1")) == 1


@pytest.mark.django_db
def test_table_of_contents_lists_the_sections_shown(client, rich_practice, make_practice):
    def toc_and_sections(page):
        soup = soup_of(get_ok(client, page.url))
        links = soup.select("nav.toc a")
        for link in links:
            section = soup.find("section", id=link["href"].removeprefix("#"))
            assert section is not None, link["href"]
            assert text_of(section.h2) == text_of(link)
        return [link["href"] for link in links]

    essentials = ["#context", "#method", "#outcomes", "#transferability"]
    optional = ["#resources", "#difficulties", "#attachments", "#contact"]
    assert toc_and_sections(rich_practice) == essentials + optional
    minimal = make_practice("Minimal practice", contact_name="Someone", contact_consent=False)
    assert toc_and_sections(minimal) == essentials


@pytest.mark.django_db
def test_indicators_and_documents(client, rich_practice, document):
    soup = soup_of(get_ok(client, rich_practice.url))
    figure = soup.select_one("#outcomes figure.indicators-figure")
    assert text_of(figure.figcaption) == "Results in figures"
    indicator = figure.select_one("dl.indicators .indicator")
    assert text_of(indicator.dt) == "Households"
    # Typed "1 200", read in English (tests/test_number_format.py).
    assert text_of(indicator.select_one(".indicator__value")) == "1,200"
    assert text_of(indicator.select_one(".indicator__unit")) == "a year"

    item = soup.select_one("#attachments ul.attachments li")
    assert item.a["href"] == document.url
    assert text_of(item.a) == "Evaluation report"
    assert text_of(item.select_one(".attachment__meta")) == "(PDF, 2.0 KB)"


@pytest.mark.django_db
def test_contact_is_hidden_without_consent(client, make_practice):
    page = make_practice(
        "Without consent",
        contact_name="Marie Durand",
        contact_email="marie.durand@example.org",
        contact_consent=False,
    )
    response = get_ok(client, page.url)
    html = response.content.decode()
    soup = soup_of(response)
    assert soup.find(id="contact") is None
    assert soup.select_one('nav.toc a[href="#contact"]') is None
    assert "Marie Durand" not in html
    assert "marie.durand@example.org" not in html


# Licence and citation ---------------------------------------------------------


@pytest.mark.django_db
def test_licence_and_citation(client, rich_practice):
    soup = soup_of(get_ok(client, rich_practice.url))
    cite = soup.find("section", id="cite")
    assert text_of(cite.h2) == "Cite this practice"
    licence = cite.select_one(".licence a")
    assert licence["href"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert "license" in licence["rel"]
    citation = text_of(cite.select_one("figure.citation blockquote"))
    year = rich_practice.first_published_at.year
    assert citation == (
        f"Association Domicile Plus; Cooperativa Sociale Aurora ({year}). "
        "Home support for seniors. Social Work Good Practices. "
        "http://localhost/en/practices/home-support/ (last reviewed on Jan. 15, 2026)."
    )
    # Without JavaScript the copy button stays hidden; the script reveals it.
    actions = cite.select_one(".citation__actions")
    assert actions.has_attr("hidden")
    assert actions.button["data-copy-target"] == "citation-text"
    # The script is a static file (the Content-Security-Policy forbids inline scripts).
    script = soup.find_all("script")[-1]
    assert script["src"].endswith("/js/citation.js")
    assert not script.string
    assert "navigator.clipboard" in Path(finders.find("js/citation.js")).read_text()


# Related practices ------------------------------------------------------------


@pytest.fixture
def related_setup(make_practice, themes, countries, terms, locales):
    child, ageing, housing = themes["child-protection"], themes["ageing"], terms["housing"]
    fr, it, lt = countries["FR"], countries["IT"], countries["LT"]

    def practice(title, themes_, countries_, days_ago, **fields):
        # Publishing keeps a first publication date already set, as an
        # imported practice's would be.
        published = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) - datetime.timedelta(
            days=days_ago
        )
        page = make_practice(
            title,
            themes_=themes_,
            countries_=countries_,
            first_published_at=published,
            **fields,
        )
        assert page.first_published_at == published
        return page

    main = practice("Main practice", [child, ageing], [fr, it], 50)
    pages = {
        "three": practice("Shares three", [child, ageing], [fr], 40),
        "two": practice("Shares two", [child], [it], 30),
        "one-new": practice("Shares one, newer", [ageing], [lt], 5),
        "one-old": practice("Shares one, older", [child], [lt], 20),
        "one-oldest": practice("Shares one, oldest", [ageing], [lt], 90),
        "none": practice("Shares nothing", [housing], [lt], 1),
        "draft": practice("Draft sharing all", [child, ageing], [fr, it], 1, publish=False),
    }
    main_fr = translate(main, locales["fr"], {"title": "Pratique principale", "slug": "principale"})
    three_fr = translate(pages["three"], locales["fr"], {"title": "Partage trois", "slug": "trois"})
    return {"main": main, "main_fr": main_fr.specific, "three_fr": three_fr.specific, **pages}


def related_cards(soup):
    section = soup.select_one("section.related-practices")
    return [
        (text_of(card.select_one(".card__title")), card.select_one(".card__title").get("lang"))
        for card in section.select(".card")
    ]


@pytest.mark.django_db
def test_related_practices_share_themes_and_countries(client, related_setup):
    soup = soup_of(get_ok(client, related_setup["main"].url))
    assert text_of(soup.select_one("section.related-practices h2")) == "Related practices"
    assert related_cards(soup) == [
        ("Shares three", None),
        ("Shares two", None),
        ("Shares one, newer", None),
        ("Shares one, older", None),
    ]


@pytest.mark.django_db
def test_related_practices_in_the_visitors_language(client, related_setup):
    soup = soup_of(get_ok(client, related_setup["main_fr"].url))
    cards = related_cards(soup)
    # Translated practices in French; the others in their original language,
    # marked as such. Neither the practice nor its English original appear.
    assert cards == [
        ("Partage trois", None),
        ("Shares two", "en"),
        ("Shares one, newer", "en"),
        ("Shares one, older", "en"),
    ]


@pytest.mark.django_db
def test_no_related_section_without_related_practices(client, make_practice):
    page = make_practice("Alone")
    assert soup_of(get_ok(client, page.url)).select_one("section.related-practices") is None


# Structured data and Open Graph -------------------------------------------------


@pytest.mark.django_db
def test_json_ld_describes_the_practice(client, rich_practice, locales):
    french = translate(rich_practice, locales["fr"], {"title": "Aide à domicile", "slug": "aide"})
    data = json_ld(soup_of(get_ok(client, rich_practice.url)))
    url = "http://localhost/en/practices/home-support/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert (data["url"], data["name"], data["inLanguage"]) == (url, rich_practice.title, "en")
    assert data["description"] == "A short summary of the practice."
    assert data["datePublished"].startswith(str(rich_practice.first_published_at.year))
    assert "dateModified" in data
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert sorted(data["keywords"]) == ["home care", "volunteering"]
    assert [t["name"] for t in data["about"]] == ["Ageing and loss of autonomy", "Child protection"]
    assert all(t["url"].startswith("http://localhost/") for t in data["about"])
    countries = [p for p in data["spatialCoverage"] if p["@type"] == "Country"]
    assert [(c["name"], c["identifier"]) for c in countries] == [("France", "FR"), ("Italy", "IT")]
    assert {"@type": "Place", "name": "Saint-Nazaire"} in data["spatialCoverage"]
    assert [a["name"] for a in data["author"]] == [
        "Association Domicile Plus",
        "Cooperativa Sociale Aurora",
    ]
    assert data["author"][0]["address"]["addressCountry"] == "FR"
    assert data["publisher"]["name"] == "Social Work Good Practices"
    assert data["isPartOf"]["identifier"] == "2017-1-FR01-KA202-037403"
    assert data["isPartOf"]["url"] == "https://erasmus-plus.ec.europa.eu/projects/swab"
    assert data["workTranslation"] == [
        {
            "@type": "Article",
            "url": "http://localhost/fr/pratiques/aide/",
            "name": "Aide à domicile",
            "inLanguage": "fr",
        }
    ]
    # The contact is not part of the data.
    assert "marie.durand" not in json.dumps(data)

    data = json_ld(soup_of(get_ok(client, french.url)))
    assert data["inLanguage"] == "fr"
    assert data["translationOfWork"]["url"] == url
    assert "workTranslation" not in data
    assert [t["name"] for t in data["about"]] == [
        "Protection de l'enfance",
        "Vieillissement et perte d'autonomie",
    ]


@pytest.mark.django_db
def test_json_ld_survives_a_hostile_title(client, make_practice):
    title = 'Care </script><script>alert("x")</script> & <!-- more'
    page = make_practice(title, slug="hostile")
    response = get_ok(client, page.url)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<!-- more" not in html
    soup = soup_of(response)
    assert json_ld(soup)["name"] == title
    assert text_of(soup.h1) == " ".join(title.split())


@pytest.mark.django_db
def test_open_graph_tags(client, rich_practice, locales):
    translate(rich_practice, locales["fr"], {"title": "Aide à domicile", "slug": "aide"})
    meta = meta_properties(soup_of(get_ok(client, rich_practice.url)))
    assert meta["og:title"] == ["Home support for seniors"]
    assert meta["og:description"] == ["A short summary of the practice."]
    assert meta["og:type"] == ["article"]
    assert meta["og:url"] == ["http://localhost/en/practices/home-support/"]
    assert meta["og:site_name"] == ["Social Work Good Practices"]
    assert meta["og:locale"] == ["en_GB"]
    assert meta["og:locale:alternate"] == ["fr_FR"]
    # Without an image of its own, the page shares the site's default image.
    assert meta["og:image"] == ["http://localhost/static/img/share-default.png"]
    assert meta["twitter:card"] == ["summary_large_image"]

    image = Image.objects.create(title="Volunteers", file=get_test_image_file())
    rich_practice.image = image
    rich_practice.save_revision().publish()
    soup = soup_of(get_ok(client, rich_practice.url))
    meta = meta_properties(soup)
    (image_url,) = meta["og:image"]
    assert image_url.startswith("http://localhost/")
    assert meta["twitter:card"] == ["summary_large_image"]
    assert json_ld(soup)["image"].startswith("http://localhost/media/images/")
    assert image_url.startswith("http://localhost/media/images/")


@pytest.mark.django_db
def test_json_ld_has_image_publisher_logo_and_main_entity(client, make_practice):
    page = make_practice("Night outreach", slug="night-outreach")
    data = json_ld(soup_of(get_ok(client, page.url)))
    url = "http://localhost/en/practices/night-outreach/"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["image"] == "http://localhost/static/img/share-default.png"
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "http://localhost/static/img/logo.png",
    }
    for path in ("img/share-default.png", "img/logo.png"):
        assert finders.find(path), path


LONG_TITLE = (
    "Un forum ouvert pour que les personnes accompagnées, les travailleurs sociaux "
    "et les élus construisent ensemble une réponse à chaque situation difficile"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Night outreach", "Night outreach"),
        ("x" * 110, "x" * 110),
        (
            LONG_TITLE,
            "Un forum ouvert pour que les personnes accompagnées, les travailleurs sociaux "
            "et les élus construisent…",
        ),
    ],
)
def test_json_ld_headline_is_cut_at_a_word_boundary(client, make_practice, title, expected):
    page = make_practice(title, slug="long-title")
    data = json_ld(soup_of(get_ok(client, page.url)))
    assert data["name"] == title
    assert data["headline"] == expected
    assert len(data["headline"]) <= 110


# Print and styles -------------------------------------------------------------


@pytest.mark.django_db
def test_print_and_page_stylesheets_are_linked(client, rich_practice):
    soup = soup_of(get_ok(client, rich_practice.url))
    sheets = {link["href"]: link.get("media") for link in soup.select('link[rel="stylesheet"]')}
    assert sheets[f"{settings.STATIC_URL}css/print.css"] == "print"
    assert f"{settings.STATIC_URL}css/practice.css" in sheets


def test_print_stylesheet_hides_the_interactive_parts():
    css = Path(finders.find("css/print.css")).read_text()
    hidden = " ".join(
        selectors
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
        if "display: none" in body
    )
    for selector in (
        ".site-header",
        ".site-footer",
        ".language-switcher",
        ".search-box",
        ".related-practices",
        "button",
        ".toc",
    ):
        assert selector in hidden, selector


# Queries ---------------------------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


@pytest.mark.django_db
def test_query_count_stays_constant_as_the_practice_grows(
    client, italian_tree, make_practice, themes, countries, terms, locales
):
    child, ageing = themes["child-protection"], themes["ageing"]
    page = make_practice("Main practice", themes_=[child], countries_=[countries["FR"]])
    make_practice("Related practice", themes_=[child], countries_=[countries["FR"]])
    small = queries_of(client, page.url)

    # More of everything: themes, countries, terms, organisations,
    # translations and related practices.
    page.themes = [child, ageing, terms["housing"]]
    page.countries = [countries["FR"], countries["IT"], countries["LT"]] + [
        Country.objects.create(code=code) for code in ("DK", "FI", "NL")
    ]
    page.target_groups = [terms["target_group"]]
    page.professions = [terms["profession"]]
    page.practice_types = [terms["practice_type"]]
    page.organisations = [
        Organisation.objects.create(name=f"Organisation {n}", country="FR") for n in range(4)
    ]
    page.tags.add("one", "two", "three")
    page.save_revision().publish()
    translate(page, locales["fr"], {"title": "Pratique principale", "slug": "principale"})
    translate(page, locales["it"], {"title": "Pratica principale", "slug": "principale"})
    for n in range(5):
        make_practice(f"Related {n}", themes_=[ageing], countries_=[countries["IT"]])
    soup = soup_of(get_ok(client, page.url))
    assert len(soup.select("section.related-practices .card")) == 4
    assert len(key_facts(soup)["Countries"].find_all("a")) == 6
    assert queries_of(client, page.url) == small


@pytest.mark.django_db
def test_practice_page_within_the_query_budget(
    client, italian_tree, make_practice, themes, countries, terms, locales, project, document
):
    """The whole page, served to an anonymous visitor through the full stack
    (routing, view restrictions, header, language switcher, alternates, key
    facts, related practices, JSON-LD), in at most MAX_QUERIES queries, in
    the original's language and in a translation's, at two sizes."""

    def counts(pages):
        for page in pages:
            get_ok(client, page.url)  # the caches a visitor's first request fills
        return [queries_of(client, page.url) for page in pages]

    child, ageing = themes["child-protection"], themes["ageing"]
    attachment = ("attachment", {"document": document, "title": ""})
    page = make_practice(
        "Main practice", themes_=[ageing], countries_=[countries["FR"]], attachments=[attachment]
    )
    make_practice("Related practice", themes_=[ageing], countries_=[countries["FR"]])
    french = translate(page, locales["fr"], {"title": "Pratique principale", "slug": "principale"})
    small = counts([page, french])
    assert max(small) <= MAX_QUERIES, small

    # More of everything the page shows: themes, countries, terms,
    # organisations, keywords, a project, an image, an Italian translation and
    # more related practices; the French one outdated by a new publication.
    page.themes = [child, ageing, terms["housing"]]
    page.countries = [countries["FR"], countries["IT"], countries["LT"]] + [
        Country.objects.create(code=code) for code in ("DK", "FI", "NL")
    ]
    page.target_groups = [terms["target_group"]]
    page.professions = [terms["profession"]]
    page.practice_types = [terms["practice_type"]]
    page.organisations = [
        Organisation.objects.create(name=f"Organisation {n}", country="FR") for n in range(4)
    ]
    page.project = project
    page.image = Image.objects.create(title="Photo", file=get_test_image_file())
    other = Document.objects.create(title="Annex", file=ContentFile(b"annex", name="annex.txt"))
    page.attachments = [attachment, ("attachment", {"document": other, "title": ""})]
    page.tags.add("one", "two", "three")
    page.save_revision().publish()
    italian = translate(page, locales["it"], {"title": "Pratica principale", "slug": "principale"})
    for n in range(5):
        make_practice(f"Related {n}", themes_=[child], countries_=[countries["IT"]])
    page.save_revision().publish()
    assert soup_of(get_ok(client, french.url)).select_one(".notice")  # the original was updated
    soup = soup_of(get_ok(client, page.url))
    assert len(soup.select("section.related-practices .card")) == 4
    assert soup.select_one(".practice__image img")
    assert len(key_facts(soup)["Organisations"].find_all("li")) == 4
    assert len(soup.select("#attachments li")) == 2
    assert counts([page, french, italian]) == small + [small[1]]
