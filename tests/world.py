"""The shared world of the suite: the locales, the English and French site
tree, two themes and three countries, built once per test process (per
xdist worker) and committed; tests/conftest.py's fixtures hand out fresh
copies of its rows and each test runs in a transaction rolled back at its end.

Transactional tests (the browser tests) start from the migrated database
(the rows `migrate` leaves, as Django restores them) and flush it at their
end: the next test that needs the world builds it again.
"""

import datetime
from contextlib import contextmanager

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from translator_helpers import practice_values, run_setup_roles
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from practices.editorial.group_sync import root_collection
from practices.localize.po_translation import translate
from practices.models import Country, PracticeIndexPage, PracticePage, Theme
from practices.site_address import site_values

LANGUAGES = ("en", "fr", "it")
COUNTRY_CODES = ("FR", "IT", "LT")
WORLD = {}  # primary keys of the shared world, while it is in the database
SUSPENDED = set()  # not empty while a module works on a world of its own
# Not empty while a test builds its own world (a transactional test, or
# one asking for bare_database): the fixtures then build their part.
OWN_WORLD = set()
# Layers over the world, each in a transaction left open while consecutive
# tests want it (innermost last): [(name, atomic block)], and their keys.
LAYERS = []
LAYER_KEYS = {}
# The rows `migrate` left, serialized once per process (Django keeps them on
# the connection object, which Playwright's session makes a new one of).
SERIALIZED = []


def keep_migrated_rows():
    """Serialize the migrated database once; give the current connection
    object the rows, where Django's serialized_rollback looks for them."""
    if not SERIALIZED:
        SERIALIZED.append(
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )
    connection._test_serialized_contents = SERIALIZED[0]


def build_site_tree(locales):
    # Loading the migrated rows (serialized_rollback) may have filled the
    # content types' cache with rows the load then replaced.
    ContentType.objects.clear_cache()
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


def build_themes(locales):
    child = Theme.objects.create(
        name="Child protection", slug="child-protection", locale=locales["en"]
    )
    translate(child, locales["fr"], {"name": "Protection de l'enfance"})
    ageing = Theme.objects.create(
        name="Ageing and loss of autonomy", slug="ageing", locale=locales["en"]
    )
    translate(ageing, locales["fr"], {"name": "Vieillissement et perte d'autonomie"})
    return {"child-protection": child, "ageing": ageing}


def build_countries():
    return {code: Country.objects.create(code=code) for code in COUNTRY_CODES}


def build_world():
    """Build the shared world in the current transaction; remember its keys."""
    WORLD.clear()
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    site = build_site_tree(locales)
    themes = build_themes(locales)
    countries = build_countries()
    WORLD.update(
        site_tree={name: page.pk for name, page in site.items()},
        themes={slug: theme.pk for slug, theme in themes.items()},
        countries={code: country.pk for code, country in countries.items()},
    )


def world_present():
    """One query: is the shared world (still) in the database?"""
    return bool(WORLD) and HomePage.objects.filter(pk=WORLD["site_tree"]["home"]).exists()


def world_shared():
    """Do the fixtures hand out the shared world's rows in this test?"""
    return not OWN_WORLD and world_present()


def commit_world():
    """Build the world and commit it. Inside a test the fixtures' on_commit
    callbacks (wagtail-localize's publishing, search updates, e-mails) never
    ran: they are dropped here too."""
    with transaction.atomic():
        build_world()
        transaction.get_connection().run_on_commit = []


def clear_caches():
    """Django's caches (Wagtail's site root paths among them): the world's
    rows keep their keys from test to test, and a test's changes to them are
    rolled back, not what it cached."""
    for cache in caches.all():
        cache.clear()


def empty_database(*, keep_world=False):
    pop_layers()
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    ContentType.objects.clear_cache()
    if not keep_world:
        WORLD.clear()


def load_migrated_rows():
    """Load the serialized rows into the emptied tables, then move the
    sequences past them, as loaddata does (PostgreSQL's flush restarted them)."""
    connection.creation.deserialize_db_from_string(SERIALIZED[0])
    reset_sequences()


def reset_sequences():
    """Move every sequence past the rows of its table (PostgreSQL)."""
    models = apps.get_models(include_auto_created=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def restore_migrated_database(*, keep_world=False):
    """Empty the tables and load the rows `migrate` left (serialized at setup)."""
    empty_database(keep_world=keep_world)
    load_migrated_rows()
    ContentType.objects.clear_cache()


def create_practice(index, title, *, slug=None, themes, countries, publish=True, **fields):
    """Create a practice under `index` and publish it (tests/conftest.py's
    make_practice, with its defaults)."""
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
    page.themes = themes
    page.countries = countries
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


def _build_italian_tree():
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    keys = WORLD["site_tree"]
    home_it = translate(
        Page.objects.get(pk=keys["home"]).specific,
        locales["it"],
        {"title": "Buone pratiche", "slug": "casa"},
    )
    index_it = translate(
        Page.objects.get(pk=keys["index"]).specific,
        locales["it"],
        {"title": "Pratiche", "slug": "pratiche"},
    )
    return {"home_it": home_it.pk, "index_it": index_it.pk}


def _build_roles():
    run_setup_roles()
    return {}


def _build_practice():
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    en = create_practice(
        PracticeIndexPage.objects.get(pk=WORLD["site_tree"]["index"]),
        "Home support for seniors",
        slug="home-support",
        themes=[Theme.objects.get(pk=WORLD["themes"]["ageing"])],
        countries=[Country.objects.get(pk=WORLD["countries"]["FR"])],
    )
    fr = translate(en, locales["fr"], practice_values("Aide à domicile", "aide-a-domicile", en))
    it = translate(en, locales["it"], practice_values("Assistenza domiciliare", "assistenza", en))
    return {"en": en.pk, "fr": fr.pk, "it": it.pk}


# What tests/conftest.py's fixtures of the same names build, in this order.
LAYER_BUILDERS = {
    "italian_tree": _build_italian_tree,
    "roles": _build_roles,
    "practice": _build_practice,
}


def pop_layers(keep=0):
    """Roll the innermost layers back, keeping the first `keep`."""
    while len(LAYERS) > keep:
        name, block = LAYERS.pop()
        LAYER_KEYS.pop(name, None)
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


def use_layers(names):
    """Make `names` (in LAYER_BUILDERS' order) the open layers, keeping
    those already open that come first."""
    open_names = [name for name, _block in LAYERS]
    keep = 0
    while keep < min(len(open_names), len(names)) and open_names[keep] == names[keep]:
        keep += 1
    pop_layers(keep)
    for name in names[keep:]:
        block = transaction.atomic()
        block.__enter__()
        LAYERS.append((name, block))
        LAYER_KEYS[name] = LAYER_BUILDERS[name]()


@contextmanager
def migrated_database():
    """Inside a transaction rolled back at its end: the database as `migrate`
    left it, without the shared world (for a module's own world, such as the
    demo's, built once and shared by its tests in savepoints)."""
    pop_layers()
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        load_migrated_rows()
        ContentType.objects.clear_cache()
        SUSPENDED.add(True)
        try:
            yield
        finally:
            SUSPENDED.clear()
            transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    reset_sequences()  # PostgreSQL's do not roll back
    clear_caches()
