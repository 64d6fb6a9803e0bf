"""Shared fixtures: a site with English, French and Italian trees, taxonomy
terms, and a factory of published practices."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from translator_helpers import make_user, practice_values, run_setup_roles
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from practices.editorial.group_sync import root_collection
from practices.localize.po_translation import translate
from practices.models import Country, PracticeIndexPage, PracticePage, Theme
from practices.site_address import site_values


@pytest.fixture
def locales(db):
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "it")
    }


@pytest.fixture
def site_tree(locales):
    """English home and practice index at the site root, translated into French."""
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test (the browser tests) flushed the tables, and
        # with them the root page that Wagtail's migrations create.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["en"]))
    root_collection()  # flushed the same way; images and documents need it
    for page in root.get_children():
        page.delete()
    home = HomePage(title="Good practices", slug="home")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    # SITE_BASE_URL's hostname and port (localhost:80 in the test settings)
    # and WAGTAIL_SITE_NAME, as `migrate` and `setup_site` leave the Site.
    Site.objects.create(root_page=home, is_default_site=True, **site_values())
    index = PracticeIndexPage(title="Practices", slug="practices")
    home.add_child(instance=index)
    index.save_revision().publish()
    home_fr = translate(home, locales["fr"], {"title": "Bonnes pratiques", "slug": "accueil"})
    index_fr = translate(index, locales["fr"], {"title": "Pratiques", "slug": "pratiques"})
    return {"home": home, "index": index, "home_fr": home_fr, "index_fr": index_fr}


@pytest.fixture
def themes(locales):
    child = Theme.objects.create(
        name="Child protection", slug="child-protection", locale=locales["en"]
    )
    translate(child, locales["fr"], {"name": "Protection de l'enfance"})
    ageing = Theme.objects.create(
        name="Ageing and loss of autonomy", slug="ageing", locale=locales["en"]
    )
    translate(ageing, locales["fr"], {"name": "Vieillissement et perte d'autonomie"})
    return {"child-protection": child, "ageing": ageing}


@pytest.fixture
def countries(db):
    return {code: Country.objects.create(code=code) for code in ("FR", "IT", "LT")}


@pytest.fixture
def make_practice(site_tree, themes, countries):
    """Create and publish a practice under the index of the given language."""

    def make(
        title="Home support for seniors",
        *,
        locale="en",
        slug=None,
        themes_=None,
        countries_=None,
        publish=True,
        **fields,
    ):
        index = {"en": site_tree["index"], "fr": site_tree["index_fr"]}.get(locale)
        if index is None:  # a tree a test added (italian_tree)
            index = PracticeIndexPage.objects.get(locale__language_code=locale)
        values = {
            "summary": "A short summary of the practice.",
            "context": "<p>The context of the practice.</p>",
            "method_text": "<ol><li>First step.</li><li>Second step.</li></ol>",
            "outcomes": "<p>What changed.</p>",
            "transferability": "<p>What another country must adapt.</p>",
            "start_year": 2019,
            "last_reviewed": datetime.date(2026, 1, 15),
        }
        values.update(fields)
        page = PracticePage(title=title, slug=slug or "", locale=index.locale, **values)
        page.themes = themes_ if themes_ is not None else [themes["ageing"]]
        page.countries = countries_ if countries_ is not None else [countries["FR"]]
        index.refresh_from_db()
        index.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def catalogue(make_practice, themes, countries):
    return {
        "seniors": make_practice(
            "Home support for seniors",
            slug="seniors",
            summary="Volunteers visit isolated pensioners every week.",
            themes_=[themes["ageing"]],
            countries_=[countries["FR"]],
            start_year=2016,
        ),
        "foster": make_practice(
            "Foster family network",
            slug="foster",
            summary="Foster carers share training and respite.",
            themes_=[themes["child-protection"]],
            countries_=[countries["IT"]],
            start_year=2019,
        ),
        "memory": make_practice(
            "Memory workshops",
            slug="memory",
            summary="Pensioners and carers train their memory together.",
            themes_=[themes["ageing"]],
            countries_=[countries["IT"]],
            start_year=2021,
        ),
    }


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "password")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# Translators (tests of roles and of wagtail-localize's tools) -----------------


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def italian_tree(site_tree, locales):
    home_it = translate(
        site_tree["home"], locales["it"], {"title": "Buone pratiche", "slug": "casa"}
    )
    index_it = translate(
        site_tree["index"], locales["it"], {"title": "Pratiche", "slug": "pratiche"}
    )
    return {**site_tree, "home_it": home_it, "index_it": index_it}


@pytest.fixture
def practice(italian_tree, make_practice, locales):
    """One practice in English, French and Italian: {"en": page, "fr": …, "it": …}."""
    en = make_practice("Home support for seniors", slug="home-support")
    fr = translate(en, locales["fr"], practice_values("Aide à domicile", "aide-a-domicile", en))
    it = translate(en, locales["it"], practice_values("Assistenza domiciliare", "assistenza", en))
    return {"en": en, "fr": fr.specific, "it": it.specific}


@pytest.fixture
def theme_rows(themes, locales):
    """The English, French and Italian rows of the "ageing" theme."""
    en = themes["ageing"]
    it = translate(en, locales["it"], {"name": "Invecchiamento"})
    return {"en": en, "fr": en.get_translation(locales["fr"]), "it": it}


@pytest.fixture
def roles(italian_tree):
    run_setup_roles()


@pytest.fixture
def translator(roles):
    return make_user("giulia", "Translators — Italian")


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def pytest_report_header(config):
    from django.conf import settings

    if settings.ELASTICSEARCH_TEST_URL:
        return f"search engines: database, elasticsearch at {settings.ELASTICSEARCH_TEST_URL}"
    return (
        "search engines: database only; the Elasticsearch conformance tests are skipped "
        "(set ELASTICSEARCH_URL to run them, see README.md)"
    )
