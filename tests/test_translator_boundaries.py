"""Translators stay in their language in wagtail-localize's own views.

wagtail-localize checks model-wide permissions: without
practices.localize.language_checks, an Italian translator could translate
the strings of the French row of a theme, submit pages and snippets for
translation into French, and republish the French translations with "Sync
translated pages". Each test shows the refusal (nothing changed in the
database), what the Italian translator still does in Italian, and that an
editor (the superuser) keeps doing it in every language.
"""

import html

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from translator_helpers import (
    assert_denied,
    page_edit_url,
    page_state,
    snippet_url,
    translate_string,
    translation_of,
)
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from practices.models import PracticePage, Theme


def messages_of(client, response):
    messages = [
        (m.level_tag, html.unescape(str(m)).strip()) for m in get_messages(response.wsgi_request)
    ]
    client.cookies.pop(CookieStorage.cookie_name, None)
    return messages


def strings_snapshot():
    return sorted(
        StringTranslation.objects.values_list("pk", "locale_id", "context_id", "data", "updated_at")
    )


def theme_state(row):
    row = Theme.objects.get(pk=row.pk)
    return (row.name, row.slug, row.description)


def submit_url(instance):
    if isinstance(instance, Page):
        return reverse("wagtail_localize:submit_page_translation", args=[instance.pk])
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["practices", instance._meta.model_name, instance.pk],
    )


def update_url(instance):
    source = TranslationSource.objects.get(object_id=instance.translation_key)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def assert_refused(client, response, url, message):
    """The form is refused as a whole: back to it with an error message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == url
    assert messages_of(client, response) == [("error", message)]


def translations_count():
    return (Page.objects.count(), Theme.objects.count(), Translation.objects.count())


@pytest.fixture
def english_practice(make_practice, italian_tree):
    """A practice in English only."""
    return make_practice("Peer support groups", slug="peer-support")


@pytest.fixture
def english_theme(locales):
    return Theme.objects.create(name="Housing", slug="housing", locale=locales["en"])


# 1. The translation editor's string API and tools, for snippets -------------


@pytest.mark.django_db
def test_translator_cannot_translate_the_strings_of_the_french_row(translator_client, theme_rows):
    translation = translation_of(theme_rows["fr"])
    before = strings_snapshot()

    response = translate_string(translator_client, translation, "name", "Hacked")
    assert response.status_code == 403
    segment_url = response.wsgi_request.path
    assert translator_client.delete(segment_url).status_code == 403

    assert strings_snapshot() == before
    assert theme_state(theme_rows["fr"])[0] == "Vieillissement et perte d'autonomie"


@pytest.mark.django_db
def test_translator_cannot_use_the_po_files_or_stop_the_french_row(translator_client, theme_rows):
    translation = translation_of(theme_rows["fr"])
    before = strings_snapshot()
    next_url = snippet_url(theme_rows["fr"])

    download = translator_client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    upload = translator_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "next": next_url,
            "file": SimpleUploadedFile("fr.po", str(translation.export_po()).encode()),
        },
    )
    stop = translator_client.post(
        reverse("wagtail_localize:stop_translation", args=[translation.pk]), {"next": next_url}
    )
    for response in (download, upload, stop):
        assert_denied(response)
    translation.refresh_from_db()
    assert translation.enabled
    assert strings_snapshot() == before


@pytest.mark.django_db
def test_translator_translates_the_strings_of_the_italian_row(
    translator_client, theme_rows, capture
):
    row = theme_rows["it"]
    translation = translation_of(row)
    assert translate_string(translator_client, translation, "name", "Anziani").status_code == 200
    download = translator_client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert download.status_code == 200
    with capture(execute=True):
        response = translator_client.post(snippet_url(row), {"action": "publish"})
    assert response.status_code == 302
    assert theme_state(row)[0] == "Anziani"


@pytest.mark.django_db
def test_superuser_translates_the_strings_of_every_row(admin_client, roles, theme_rows, capture):
    for language, name in (("fr", "Vieillesse"), ("it", "Anzianità")):
        row = theme_rows[language]
        response = translate_string(admin_client, translation_of(row), "name", name)
        assert response.status_code == 200
        with capture(execute=True):
            admin_client.post(snippet_url(row), {"action": "publish"})
        assert theme_state(row)[0] == name


# 2. "Translate this page" / "Translate" ------------------------------------


REFUSED_SUBMIT = (
    "You do not have permission to translate into {}. Nothing was submitted for translation."
)


@pytest.mark.django_db
@pytest.mark.parametrize("languages", [["fr"], ["fr", "it"]])
def test_translator_cannot_submit_a_page_into_french(
    translator_client, english_practice, locales, capture, languages
):
    url = submit_url(english_practice)
    before = translations_count()

    with capture(execute=True):
        response = translator_client.post(url, {"locales": [locales[c].pk for c in languages]})

    assert_refused(translator_client, response, url, REFUSED_SUBMIT.format("Français"))
    assert translations_count() == before
    assert english_practice.get_translation_or_none(locales["fr"]) is None
    assert english_practice.get_translation_or_none(locales["it"]) is None


@pytest.mark.django_db
def test_translator_submits_a_page_into_italian_and_publishes_it(
    translator_client, english_practice, locales, capture
):
    url = submit_url(english_practice)
    form = translator_client.get(url)
    assert form.status_code == 200
    # The form offers only Italian.
    assert f'value="{locales["it"].pk}"' in form.content.decode()
    assert f'value="{locales["fr"].pk}"' not in form.content.decode()

    with capture(execute=True):
        response = translator_client.post(url, {"locales": [locales["it"].pk]})
    assert response.status_code == 302
    italian = english_practice.get_translation(locales["it"]).specific
    assert response["Location"] == page_edit_url(italian)
    assert italian.get_parent().specific.slug == "pratiche"

    translation = translation_of(italian)
    translate_string(translator_client, translation, "title", "Gruppi di pari")
    # Refused while other texts are untranslated: English would go live.
    with capture(execute=True):
        response = translator_client.post(page_edit_url(italian), {"action": "publish"})
    assert response.status_code == 302
    assert not PracticePage.objects.get(pk=italian.pk).live

    for segment in StringSegment.objects.filter(source=translation.source).exclude(
        context__path="title"
    ):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        translator_client.put(
            url,
            f"value=(it) {segment.string.data}",
            content_type="application/x-www-form-urlencoded",
        )
    with capture(execute=True):
        response = translator_client.post(page_edit_url(italian), {"action": "publish"})
    assert response.status_code == 302
    italian = PracticePage.objects.get(pk=italian.pk)
    assert italian.live
    assert italian.title == "Gruppi di pari"


@pytest.mark.django_db
def test_translator_cannot_submit_a_theme_into_french(
    translator_client, english_theme, locales, capture
):
    url = submit_url(english_theme)
    before = translations_count()
    with capture(execute=True):
        response = translator_client.post(url, {"locales": [locales["fr"].pk]})
    assert_refused(translator_client, response, url, REFUSED_SUBMIT.format("Français"))
    assert translations_count() == before

    # Into Italian, it is created.
    with capture(execute=True):
        response = translator_client.post(url, {"locales": [locales["it"].pk]})
    assert response.status_code == 302
    assert english_theme.get_translation(locales["it"]).name == "Housing"


@pytest.mark.django_db
def test_superuser_submits_into_every_language(
    admin_client, roles, english_practice, english_theme, locales, capture
):
    wanted = [locales["fr"].pk, locales["it"].pk]
    for instance in (english_practice, english_theme):
        assert (
            f'value="{locales["fr"].pk}"' in admin_client.get(submit_url(instance)).content.decode()
        )
        with capture(execute=True):
            response = admin_client.post(submit_url(instance), {"locales": wanted})
        assert response.status_code == 302
        assert instance.get_translation_or_none(locales["fr"]) is not None
        assert instance.get_translation_or_none(locales["it"]) is not None


# 3. "Sync translated pages" with "Publish immediately" ---------------------


REFUSED_SYNC_LANGUAGE = (
    "You do not have permission to sync the translations into {}. Nothing was updated."
)


@pytest.mark.django_db
def test_translator_cannot_republish_the_french_page(translator_client, practice, capture):
    english = practice["en"]
    english.start_year = 2020  # a synchronised field: publishing copies it
    english.save_revision().publish()
    url = update_url(english)
    before = {language: page_state(practice[language]) for language in ("fr", "it")}

    languages = [practice[language].locale_id for language in ("fr", "it")]
    with capture(execute=True):
        response = translator_client.post(url, {"publish_translations": "on", "locales": languages})

    assert_refused(translator_client, response, url, REFUSED_SYNC_LANGUAGE.format("Français"))
    assert {language: page_state(practice[language]) for language in ("fr", "it")} == before
    assert PracticePage.objects.get(pk=practice["fr"].pk).start_year == 2019

    # Into Italian without publishing, the sync goes ahead and publishes nothing.
    with capture(execute=True):
        response = translator_client.post(url, {"locales": [practice["it"].locale_id]})
    assert response.status_code == 302
    assert messages_of(translator_client, response) == [
        ("success", f"Successfully updated translations for '{english.title}'")
    ]
    assert {language: page_state(practice[language]) for language in ("fr", "it")} == before


@pytest.mark.django_db
def test_translator_cannot_republish_the_french_theme(translator_client, theme_rows, capture):
    english = theme_rows["en"]
    english.description = "Growing old."
    english.save()
    url = update_url(english)
    before = theme_state(theme_rows["fr"])

    with capture(execute=True):
        response = translator_client.post(
            url, {"publish_translations": "on", "locales": [theme_rows["fr"].locale_id]}
        )

    assert_refused(translator_client, response, url, REFUSED_SYNC_LANGUAGE.format("Français"))
    assert theme_state(theme_rows["fr"]) == before


@pytest.mark.django_db
def test_translator_syncs_an_italian_only_translation_and_publishes_no_untranslated_text(
    translator_client, english_practice, locales, capture
):
    with capture(execute=True):
        response = translator_client.post(
            submit_url(english_practice), {"locales": [locales["it"].pk]}
        )
    messages_of(translator_client, response)
    italian = english_practice.get_translation(locales["it"])
    english_practice.start_year = 2021
    english_practice.save_revision().publish()

    with capture(execute=True):
        response = translator_client.post(
            update_url(english_practice),
            {"publish_translations": "on", "locales": [locales["it"].pk]},
        )

    # Nothing of the Italian draft is translated yet: it stays a draft.
    assert response.status_code == 302
    messages = messages_of(translator_client, response)
    assert messages[0] == (
        "success",
        f"Successfully updated translations for '{english_practice.title}'",
    )
    assert messages[1][0] == "warning"
    assert messages[1][1].startswith("Not published in Italiano: Italiano has ")
    italian = PracticePage.objects.get(pk=italian.pk)
    assert not italian.live


@pytest.mark.django_db
def test_superuser_republishes_every_translation(admin_client, roles, practice, capture):
    english = practice["en"]
    english.start_year = 2020
    english.save_revision().publish()

    with capture(execute=True):
        response = admin_client.post(
            update_url(english),
            {
                "publish_translations": "on",
                "locales": [practice[language].locale_id for language in ("fr", "it")],
            },
        )

    assert response.status_code == 302
    for language in ("fr", "it"):
        assert PracticePage.objects.get(pk=practice[language].pk).start_year == 2020
