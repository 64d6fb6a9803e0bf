"""Shared fixtures: a site with English, French and Italian trees, taxonomy
terms, roles, and a factory of published practices.

The locales, the English and French site tree, the themes and the countries
are the shared world of tests/world.py, built once per test process; the
Italian tree, the roles and the three-language practice are its layers,
opened for the consecutive tests that ask for them. The fixtures hand out
fresh rows of them; every test runs in a transaction rolled back at its end.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from pytest_django.plugin import blocking_manager_key
from translator_helpers import make_user, practice_values, run_setup_roles
from wagtail.models import Locale
from world import (
    LANGUAGES,
    LAYER_BUILDERS,
    LAYER_KEYS,
    LAYERS,
    OWN_WORLD,
    SUSPENDED,
    WORLD,
    build_countries,
    build_site_tree,
    build_themes,
    clear_caches,
    commit_world,
    create_practice,
    empty_database,
    keep_migrated_rows,
    pop_layers,
    reset_sequences,
    restore_migrated_database,
    use_layers,
    world_present,
    world_shared,
)

from home.models import HomePage
from practices.localize.po_translation import translate
from practices.models import Country, PracticeIndexPage, PracticePage, Theme


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, then the shared world in it."""
    with django_db_blocker.unblock():
        keep_migrated_rows()
        commit_world()
    yield
    with django_db_blocker.unblock():
        pop_layers()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return (marker is not None and marker.kwargs.get("transaction", False)) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Close the layers before a transactional test (before its live server
    and browser start) and at the end."""
    yield
    if LAYERS and (nextitem is None or _is_transactional(nextitem)):
        with item.config.stash[blocking_manager_key].unblock():
            pop_layers()


def _wanted_layers(request):
    """The layers whose fixtures (this file's, not a test module's own of the
    same name) the test asks for."""
    definitions = request.node._fixtureinfo.name2fixturedefs
    return [
        name
        for name in LAYER_BUILDERS
        if name in definitions and definitions[name][-1].func.__module__ == __name__
    ]


@pytest.fixture
def _shared_world_for_test(request, django_db_setup, django_db_blocker):
    """A transactional test starts from the migrated database, as without the
    shared world; the next other test gets the world back (one query when
    it is there), with the layers it asks for."""
    if SUSPENDED:
        yield
        return
    marker = request.node.get_closest_marker("django_db")
    options = marker.kwargs if marker is not None else {}
    bare = "bare_database" in request.fixturenames
    transactional = _is_transactional(request.node)
    OWN_WORLD.clear()
    if bare or transactional:
        OWN_WORLD.add(True)
    with django_db_blocker.unblock():
        keep_migrated_rows()
        clear_caches()
        if transactional:
            if options.get("serialized_rollback"):
                empty_database()  # Django loads the migrated rows for the test
            else:
                restore_migrated_database()
        else:
            if not world_present():
                restore_migrated_database()
                commit_world()
            use_layers([] if bare else _wanted_layers(request))
    yield
    if bare:
        ContentType.objects.clear_cache()
        with django_db_blocker.unblock():
            reset_sequences()  # PostgreSQL's do not roll back


@pytest.fixture
def _django_db_helper(_shared_world_for_test, _django_db_helper):
    """pytest-django's fixture that opens each test's transaction (or marks
    it transactional), after the shared world is made right for the test."""
    return _django_db_helper


@pytest.fixture
def bare_database(db):
    """For a test about what is missing: the database as `migrate` left it,
    without the shared world, in the test's transaction (rolled back at its
    end); the fixtures of the world then build their part as the test asks."""
    restore_migrated_database(keep_world=True)


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


@pytest.fixture
def site_tree(locales):
    """English home and practice index at the site root, translated into French."""
    if not world_shared():  # a transactional test, or bare_database
        return build_site_tree(locales)
    keys = WORLD["site_tree"]
    return {
        "home": HomePage.objects.get(pk=keys["home"]),
        "index": PracticeIndexPage.objects.get(pk=keys["index"]),
        "home_fr": HomePage.objects.get(pk=keys["home_fr"]),
        "index_fr": PracticeIndexPage.objects.get(pk=keys["index_fr"]),
    }


@pytest.fixture
def themes(locales):
    if not world_shared():
        return build_themes(locales)
    return {slug: Theme.objects.get(pk=pk) for slug, pk in WORLD["themes"].items()}


@pytest.fixture
def countries(db):
    if not world_shared():
        return build_countries()
    return {code: Country.objects.get(pk=pk) for code, pk in WORLD["countries"].items()}


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
        return create_practice(
            index,
            title,
            slug=slug,
            themes=themes_ if themes_ is not None else [themes["ageing"]],
            countries=countries_ if countries_ is not None else [countries["FR"]],
            publish=publish,
            **fields,
        )

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
    """The site tree, translated into Italian too (a layer of the world
    opened before the test when it asks for this fixture by name)."""
    if "italian_tree" in LAYER_KEYS:
        keys = LAYER_KEYS["italian_tree"]
        return {
            **site_tree,
            "home_it": HomePage.objects.get(pk=keys["home_it"]),
            "index_it": PracticeIndexPage.objects.get(pk=keys["index_it"]),
        }
    home_it = translate(
        site_tree["home"], locales["it"], {"title": "Buone pratiche", "slug": "casa"}
    )
    index_it = translate(
        site_tree["index"], locales["it"], {"title": "Pratiche", "slug": "pratiche"}
    )
    return {**site_tree, "home_it": home_it, "index_it": index_it}


@pytest.fixture
def practice(italian_tree, make_practice, locales):
    """One practice in English, French and Italian: {"en": page, "fr": …, "it": …}
    (a layer of the world, as italian_tree)."""
    if "practice" in LAYER_KEYS:
        return {
            code: PracticePage.objects.get(pk=pk) for code, pk in LAYER_KEYS["practice"].items()
        }
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
    """`setup_roles` run (a layer of the world, as italian_tree)."""
    if "roles" not in LAYER_KEYS:
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
