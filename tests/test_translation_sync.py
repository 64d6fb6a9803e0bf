"""Bringing a changed original into its translations (issue #15, points 2
and 4): "Sync translated pages" per language, for translators in theirs;
"Publish immediately" publishes only complete translations; the public
"original updated" notice stays until the synced translation is published.

Translations are made on wagtail-localize's real path
(practices.localize.po_translation.translate, TranslationCreator) and synced through
the form, as a user posts it.
"""

import html
import json
from urllib.parse import urlencode

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from translator_helpers import make_user, page_edit_url, practice_values
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from practices.models import PracticePage
from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db

# The practice's outcomes, as two steps (a field no other part renames).
STEPS = "<ol><li>First step.</li><li>Second step.</li></ol>"
STEPS_IT = "<ol><li>Primo passo.</li><li>Secondo passo.</li></ol>"
CHANGED_STEPS = "<ol><li>First step, with the family.</li><li>Second step.</li></ol>"


def messages_of(client, response):
    messages = [
        (m.level_tag, html.unescape(str(m)).strip()) for m in get_messages(response.wsgi_request)
    ]
    client.cookies.pop(CookieStorage.cookie_name, None)
    return messages


def translate_text(client, translation, source_text, value):
    """Type `value` into the translation editor's field for `source_text`."""
    segment = StringSegment.objects.get(source=translation.source, string__data=source_text)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 201), response.content


def sync_url(page):
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def live_steps(page):
    return PracticePage.objects.get(pk=page.pk).outcomes


def notice(page):
    response = Client().get(Page.objects.get(pk=page.pk).specific.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("header .notice")


@pytest.fixture
def pages(italian_tree, make_practice, locales, roles, capture):
    """An English practice, its complete Italian translation (published), and
    a French translation created but never translated (a draft)."""
    en = make_practice("Home support for seniors", slug="home-support", outcomes=STEPS)
    values = practice_values("Assistenza domiciliare", "assistenza", en)
    values["outcomes"] = STEPS_IT
    it = translate(en, locales["it"], values).specific
    with capture(execute=True):
        TranslationCreator(None, [locales["fr"]]).create_translations(en)
    fr = en.get_translation(locales["fr"]).specific
    assert not fr.live
    return {"en": en, "it": it, "fr": fr}


def change_original(page):
    page.outcomes = CHANGED_STEPS
    page.save_revision().publish()
    page.refresh_from_db()


def post_sync(client, capture, page, languages, *, publish=False, **extra):
    data = {"locales": [lang.pk for lang in languages], **extra}
    if publish:
        data["publish_translations"] = "on"
    with capture(execute=True):
        return client.post(sync_url(page), data)


def test_the_form_offers_the_languages_the_user_may_act_on(client, pages, translator, superuser):
    client.force_login(translator)
    response = client.get(sync_url(pages["en"]))
    assert response.status_code == 200
    boxes = BeautifulSoup(response.content, "html.parser").select('input[name="locales"]')
    assert [(box["value"], box.has_attr("checked")) for box in boxes] == [
        (str(pages["it"].locale_id), True)
    ]

    client.force_login(superuser)
    boxes = BeautifulSoup(client.get(sync_url(pages["en"])).content, "html.parser").select(
        'input[name="locales"]'
    )
    assert sorted(int(box["value"]) for box in boxes if box.has_attr("checked")) == sorted(
        [pages["it"].locale_id, pages["fr"].locale_id]
    )


def test_an_editor_may_sync_every_language_without_publishing(client, pages, locales, capture):
    editor = make_user("edith", "Editors")
    client.force_login(editor)
    response = client.get(sync_url(pages["en"]))
    assert response.status_code == 200
    assert len(BeautifulSoup(response.content, "html.parser").select('[name="locales"]')) == 2
    change_original(pages["en"])
    response = post_sync(client, capture, pages["en"], [locales["fr"], locales["it"]])
    assert response.status_code == 302
    assert live_steps(pages["it"]) == STEPS_IT


def test_publish_immediately_never_publishes_untranslated_text(
    admin_client, pages, locales, capture
):
    change_original(pages["en"])
    response = post_sync(
        admin_client, capture, pages["en"], [locales["fr"], locales["it"]], publish=True
    )

    assert response.status_code == 302
    messages = messages_of(admin_client, response)
    assert ("success", "Successfully updated translations for 'Home support for seniors'") in (
        messages
    )
    warning = [text for level, text in messages if level == "warning"]
    assert len(warning) == 1
    assert warning[0].startswith("Not published in ")
    assert "Italiano has 1 text not translated yet" in warning[0]
    assert "Français has 9 texts not translated yet" in warning[0]
    # The French draft stays a draft; the Italian page keeps its Italian text.
    french = PracticePage.objects.get(pk=pages["fr"].pk)
    assert not french.live
    assert Client().get("/fr/pratiques/home-support/", HTTP_HOST="localhost").status_code == 404
    assert live_steps(pages["it"]) == STEPS_IT
    assert "First step, with the family." not in live_steps(pages["it"])


def test_publish_immediately_publishes_the_complete_translations(
    admin_client, pages, locales, capture
):
    change_original(pages["en"])
    post_sync(admin_client, capture, pages["en"], [locales["it"]])  # the new text comes in
    translation = Translation.objects.get(
        source__object_id=pages["en"].translation_key, target_locale=locales["it"]
    )
    translate_text(
        admin_client, translation, "First step, with the family.", "Primo passo, con la famiglia."
    )
    assert notice(pages["it"]) is not None  # synced and translated, not yet published

    response = post_sync(
        admin_client, capture, pages["en"], [locales["fr"], locales["it"]], publish=True
    )

    messages = messages_of(admin_client, response)
    warning = [text for level, text in messages if level == "warning"]
    assert warning and warning[0].startswith("Not published in Français:")
    assert "Primo passo, con la famiglia." in live_steps(pages["it"])
    assert notice(pages["it"]) is None
    assert not PracticePage.objects.get(pk=pages["fr"].pk).live


def test_a_translator_syncs_and_publishes_their_language_only(
    client, pages, locales, translator, capture
):
    client.force_login(translator)
    change_original(pages["en"])
    url = sync_url(pages["en"])

    # French is not theirs: refused as a whole.
    response = post_sync(client, capture, pages["en"], [locales["fr"], locales["it"]])
    assert response.status_code == 302 and response["Location"] == url
    assert messages_of(client, response) == [
        (
            "error",
            "You do not have permission to sync the translations into Français. "
            "Nothing was updated.",
        )
    ]
    assert TranslationSource.objects.get(pk=url.rstrip("/").split("/")[-1]).get_source_instance()
    assert notice(pages["it"]).find("a")["hreflang"] == "en"

    # Italian: back to the Italian translation editor, which the translator can open.
    response = post_sync(client, capture, pages["en"], [locales["it"]], publish=True)
    assert response.status_code == 302
    assert response["Location"] == page_edit_url(pages["it"])
    assert client.get(response["Location"]).status_code == 200
    # The changed text is not translated: the Italian page was not published.
    assert live_steps(pages["it"]) == STEPS_IT


def test_the_go_back_link_of_a_translator_leads_to_their_translation(client, pages, translator):
    client.force_login(translator)
    response = client.get(sync_url(pages["en"]))
    soup = BeautifulSoup(response.content, "html.parser")
    back = soup.find("a", string="Go back")
    assert back["href"] == page_edit_url(pages["it"])
    assert client.get(back["href"]).status_code == 200


def test_a_user_with_no_translation_of_theirs_is_refused(client, pages, locales):
    lithuanian = make_user("rasa", "Contributors")
    client.force_login(lithuanian)
    response = client.get(sync_url(pages["en"]))
    assert response.status_code == 302  # Wagtail's permission denial
    assert response["Location"] == reverse("wagtailadmin_home")


# The "original updated" notice --------------------------------------------------


def test_the_notice_stays_until_the_synced_translation_is_published(
    admin_client, pages, locales, capture
):
    italian = pages["it"]
    assert notice(italian) is None
    change_original(pages["en"])
    assert notice(italian) is not None

    # Republishing the old translation without syncing does not clear it.
    PracticePage.objects.get(pk=italian.pk).save_revision().publish()
    assert notice(italian) is not None

    # Syncing without publishing does not clear it.
    post_sync(admin_client, capture, pages["en"], [locales["it"]])
    assert notice(italian) is not None

    # Translated and published from the translation editor: up to date.
    translation = Translation.objects.get(
        source__object_id=pages["en"].translation_key, target_locale=locales["it"]
    )
    translate_text(
        admin_client, translation, "First step, with the family.", "Primo passo, con la famiglia."
    )
    with capture(execute=True):
        response = admin_client.post(page_edit_url(italian), {"action": "publish"})
    assert response.status_code == 302
    assert notice(italian) is None


# The previous translation of a changed text, as a suggestion -------------------


def italian_translation(pages):
    return Translation.objects.get(
        source__object_id=pages["en"].translation_key, target_locale=pages["it"].locale
    )


def download_po(client, translation):
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def upload_po(client, translation, po):
    next_url = page_edit_url(translation.get_target_instance())
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"next": next_url, "file": SimpleUploadedFile("it.po", str(po).encode())},
    )
    assert response.status_code == 302 and response["Location"] == next_url
    return messages_of(client, response)


@pytest.fixture
def changed(pages, translator, client, locales, capture):
    """The original's first step changed and synced by the Italian translator."""
    client.force_login(translator)
    change_original(pages["en"])
    messages_of(client, post_sync(client, capture, pages["en"], [locales["it"]]))
    return client


def test_the_po_file_offers_the_previous_translation_as_a_fuzzy_entry(changed, pages):
    translation = italian_translation(pages)
    po = download_po(changed, translation)

    entry = po.find("First step, with the family.", msgctxt="outcomes")
    assert entry.fuzzy
    assert entry.previous_msgid == "First step."
    assert entry.msgstr == "Primo passo."
    assert '#| msgid "First step."' in str(po)
    # Not offered twice: no obsolete entry for it any more.
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert po.find("Second step.", msgctxt="outcomes").msgstr == "Secondo passo."
    assert not po.find("Second step.", msgctxt="outcomes").fuzzy


def test_uploading_the_po_file_does_not_import_fuzzy_entries(changed, pages):
    translation = italian_translation(pages)
    before = translation.get_progress()
    po = download_po(changed, translation)

    assert upload_po(changed, translation, po) == [
        ("success", "Successfully imported translations from PO File.")
    ]
    assert translation.get_progress() == before  # the suggestion is not a translation

    # Confirmed (Poedit removes the flag and the previous msgid), it is.
    entry = po.find("First step, with the family.", msgctxt="outcomes")
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.msgstr = "Primo passo, con la famiglia."
    upload_po(changed, translation, po)
    total, translated = translation.get_progress()
    assert total == translated


def test_the_online_editor_shows_the_previous_translation(changed, pages):
    response = changed.get(page_edit_url(pages["it"]))
    assert response.status_code == 200
    props = json.loads(
        BeautifulSoup(response.content, "html.parser").select_one(".js-translation-editor")[
            "data-props"
        ]
    )
    labels = {
        segment["source"]: segment["location"]["subField"]
        for segment in props["segments"]
        if segment["type"] == "string"
    }
    assert labels["First step, with the family."] == (
        "Previous translation (of “First step.”): Primo passo."
    )
    assert labels["Second step."] is None
    # The suggestion is shown, not stored.
    ids = {s["segment_id"] for s in props["initialStringTranslations"]}
    changed_segment = StringSegment.objects.get(
        source=italian_translation(pages).source, string__data="First step, with the family."
    )
    assert changed_segment.pk not in ids


def test_the_translation_editor_says_the_original_changed_and_links_to_the_sync(
    client, pages, translator, locales, capture
):
    client.force_login(translator)
    edit = page_edit_url(pages["it"])

    def button():
        soup = BeautifulSoup(client.get(edit).content, "html.parser")
        return soup.find("a", string=lambda text: text and "Bring the changes in" in text)

    assert button() is None
    change_original(pages["en"])
    link = button()
    assert link["href"] == f"{sync_url(pages['en'])}?{urlencode({'next': edit})}"
    assert client.get(link["href"]).status_code == 200

    messages_of(client, post_sync(client, capture, pages["en"], [locales["it"]]))
    assert button() is None
