"""The data migration renaming PracticePage.method to method_text keeps stored data readable.

Its functions run here, with the migration's historical models, on stored
data put back in the old shape (the reverse migration's function), then
forward again: old revisions load with
their text, wagtail-localize's source and segment contexts follow, and a
translation made before the rename is still complete once the source is
read again from the page.
"""

import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from translator_helpers import practice_values, translation_of
from wagtail.models import Comment
from wagtail_localize.models import TranslationContext, TranslationSource

from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db

migration = importlib.import_module("practices.migrations.0004_rename_practice_method")
STEPS = "<ol><li>First step.</li><li>Second step.</li></ol>"


@pytest.fixture(scope="module")
def historical_apps(django_db_blocker):
    """The models as the migration sees them."""
    with django_db_blocker.unblock():
        loader = MigrationExecutor(connection).loader
        return loader.project_state(("practices", "0004_rename_practice_method")).apps


@pytest.fixture
def translated(italian_tree, make_practice, locales, superuser):
    english = make_practice("Home support for seniors", slug="home-support")
    Comment.objects.create(
        page=english, user=superuser, text="Clearer steps?", contentpath="method_text"
    )
    italian = translate(
        english, locales["it"], practice_values("Assistenza domiciliare", "assistenza", english)
    )
    return english, italian.specific


def stored_keys(english):
    revision = english.revisions.order_by("-pk").first()
    source = TranslationSource.objects.get(object_id=english.translation_key)
    paths = set(
        TranslationContext.objects.filter(object_id=english.translation_key).values_list(
            "path", flat=True
        )
    )
    return (
        {"method", "method_text"} & set(revision.content),
        {"method", "method_text"} & set(json.loads(source.content_json)),
        {"method", "method_text"} & paths,
        Comment.objects.get(page=english).contentpath,
    )


def test_the_rename_follows_every_stored_copy_of_the_field_name(translated, historical_apps):
    english, italian = translated
    translation = translation_of(italian)
    assert translation.get_progress()[0] == translation.get_progress()[1]

    migration.rename(historical_apps, "method_text", "method")  # the data as it was before 0004
    assert stored_keys(english) == ({"method"}, {"method"}, {"method"}, "method")
    old = english.revisions.order_by("-pk").first().as_object()
    assert old.method_text == ""  # unreadable under the new name until migrated

    migration.rename(historical_apps, "method", "method_text")

    assert stored_keys(english) == (
        {"method_text"},
        {"method_text"},
        {"method_text"},
        "method_text",
    )
    assert english.revisions.order_by("-pk").first().as_object().method_text == STEPS
    # The source read again from the page finds the renamed segment contexts,
    # and the Italian translation still has every segment translated.
    source = TranslationSource.objects.get(object_id=english.translation_key)
    source.update_from_db()
    total, done = translation_of(italian).get_progress()
    assert total == done > 0
    italian_revision = italian.revisions.order_by("-pk").first().as_object()
    assert italian_revision.method_text == italian.method_text != ""


def test_renamed_path_leaves_other_fields_alone():
    rename = migration.renamed_path
    assert rename("method", "method", "method_text") == "method_text"
    assert rename("method.abc.label", "method", "method_text") == "method_text.abc.label"
    assert rename("method_text", "method", "method_text") is None
    assert rename("methods", "method", "method_text") is None
    assert rename("context", "method", "method_text") is None
