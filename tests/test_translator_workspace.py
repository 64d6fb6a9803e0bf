"""The translators' workspace: their dashboard lists what there is to do in
their language, "Translate into <language>" starts a translation, editors
and reviewers request translations, translators are told by e-mail, and
"Add practice" opens the right language's tree. setup_roles folds Wagtail's
"Moderators" group into the Reviewers."""

import html

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from translator_helpers import make_user, run_setup_roles, translation_of
from wagtail.models import GroupApprovalTask, Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

from practices.models import PracticePage
from practices.localize.po_translation import translate
from practices.localize.work import translation_work

pytestmark = pytest.mark.django_db

START = reverse("practices_start_translation")


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def start(client, page, language, capture):
    with capture(execute=True):
        return client.post(START, {"page": page.pk, "locale": language})


@pytest.fixture
def lithuanian(italian_tree):
    """A Lithuanian tree, like italian_tree; setup_roles run again."""
    locale = Locale.objects.get_or_create(language_code="lt")[0]
    home = translate(italian_tree["home"], locale, {"title": "Gerosios praktikos", "slug": "pr"})
    index = translate(italian_tree["index"], locale, {"title": "Praktikos", "slug": "praktikos"})
    run_setup_roles()
    return {"locale": locale, "home": home, "index": index}


# The dashboard ----------------------------------------------------------------


def test_translator_dashboard_lists_the_practice_to_translate(translator_client, make_practice):
    make_practice("Home support for seniors", slug="home-support")

    page = dashboard(translator_client)

    assert "Your work in Italian" in page
    assert "Practices to translate (1)" in page
    assert "Home support for seniors" in page
    assert "Translate into Italian" in page
    # The summary counts the translator's language, not Wagtail's pages.
    assert "0 practices in Italian" in page
    assert "1 practice to translate into Italian" in page
    assert " Pages" not in page.split("Your work in Italian")[0].split("<h1")[-1]


def test_translator_dashboard_says_when_there_is_nothing_to_do(translator_client):
    page = dashboard(translator_client)
    assert "Nothing to do in Italian" in page


def test_dashboard_lists_translations_in_progress_and_changed_originals(
    translator, practice, make_practice, capture
):
    english = make_practice("Foster family network", slug="foster")
    italian = Locale.objects.get(language_code="it")
    with capture(execute=True):
        from wagtail_localize.operations import translate_object

        translate_object(english, [italian], user=translator)
    # The original of the Italian translation of `practice` changes.
    practice["en"].title = "Home support for older people"
    practice["en"].save_revision().publish()

    work = translation_work(italian)

    assert [item.target.title for item in work["in-progress"]] == ["Foster family network"]
    assert [item.target.pk for item in work["original-changed"]] == [practice["it"].pk]
    assert list(work["to-translate"]) == []


def test_see_all_lists_every_practice_to_translate(translator_client, make_practice):
    for number in range(7):
        make_practice(f"Practice {number}", slug=f"practice-{number}")

    page = dashboard(translator_client)
    assert "See all 7" in page
    response = translator_client.get(
        reverse("practices_translation_work", args=["it", "to-translate"])
    )
    listing = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert all(f"Practice {number}" in listing for number in range(7))


def test_see_all_of_another_language_is_refused(translator_client):
    response = translator_client.get(
        reverse("practices_translation_work", args=["fr", "to-translate"])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# "Translate into Italian" ---------------------------------------------------------


def test_translate_button_creates_the_translation_and_opens_the_editor(
    translator_client, make_practice, capture
):
    english = make_practice("Home support for seniors", slug="home-support")

    response = start(translator_client, english, "it", capture)

    italian = english.get_translation(Locale.objects.get(language_code="it"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[italian.pk])
    assert not italian.live
    assert translation_of(italian).enabled
    editor = translator_client.get(response["Location"])
    assert b"translation-editor" in editor.content or b"wagtail_localize" in editor.content


def test_translate_button_twice_opens_the_existing_translation(
    translator_client, make_practice, capture
):
    english = make_practice("Home support for seniors", slug="home-support")
    start(translator_client, english, "it", capture)
    response = start(translator_client, english, "it", capture)
    assert response.status_code == 302
    assert Translation.objects.filter(source__object_id=english.translation_key).count() == 1


def test_translate_button_refuses_bad_input(translator_client, make_practice, capture):
    english = make_practice("Home support for seniors", slug="home-support")
    assert translator_client.post(START, {"page": "x", "locale": "it"}).status_code == 400
    assert translator_client.post(START, {"page": english.pk, "locale": "xx"}).status_code == 400
    assert translator_client.post(START, {"page": english.pk, "locale": "en"}).status_code == 400
    assert translator_client.get(START).status_code == 405


def test_lithuanian_translator_cannot_start_an_italian_translation(
    client, lithuanian, make_practice, capture
):
    english = make_practice("Home support for seniors", slug="home-support")
    client.force_login(make_user("rasa", "Translators — Lithuanian"))

    page = dashboard(client)
    assert "Your work in Lithuanian" in page
    assert "Translate into Lithuanian" in page
    assert "into Italian" not in page and "in Italian" not in page

    response = start(client, english, "it", capture)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Translation.objects.filter(source__object_id=english.translation_key).exists()


def test_contributor_cannot_start_a_translation(client, roles, make_practice, capture):
    english = make_practice("Home support for seniors", slug="home-support")
    client.force_login(make_user("carl", "Contributors"))
    start(client, english, "it", capture)
    assert not Translation.objects.filter(source__object_id=english.translation_key).exists()


# Editors and reviewers request translations -----------------------------------------


@pytest.mark.parametrize("group", ["Editors", "Reviewers"])
def test_editors_and_reviewers_request_a_translation_into_any_language(
    client, roles, make_practice, capture, group
):
    english = make_practice("Home support for seniors", slug="home-support")
    giulia = make_user("giulia", "Translators — Italian")
    client.force_login(make_user("someone", group))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    assert url in edit.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    locales = Locale.objects.filter(language_code__in=["fr", "it"]).order_by("language_code")
    with capture(execute=True):
        response = client.post(url, {"locales": [locale.pk for locale in locales]})

    assert response.status_code == 302
    assert {
        page.locale.language_code for page in english.get_translations() if not page.alias_of_id
    } >= {"it"}
    messages = [message for message in mail.outbox if giulia.email in message.to]
    assert len(messages) == 1
    assert "Home support for seniors" in messages[0].subject
    italian = english.get_translation(locales.get(language_code="it"))
    assert f"http://testserver/admin/pages/{italian.pk}/edit/" in messages[0].body


# Notifications ----------------------------------------------------------------------------


def test_translators_get_the_new_translation_mail_in_their_language(
    client, roles, make_practice, capture
):
    english = make_practice("Home support for seniors", slug="home-support")
    giulia = make_user("giulia", "Translators — Italian")
    profile = UserProfile.get_for_user(giulia)
    profile.preferred_language = "it"
    profile.save()
    client.force_login(make_user("emma", "Editors"))

    start(client, english, "it", capture)

    (message,) = mail.outbox
    assert message.to == [giulia.email]
    # Rendered in Italian: the language's name at least ("Italiano", not "Italian").
    assert "Italiano" in message.subject
    assert "Home support for seniors" in message.subject


def test_the_translator_who_starts_it_gets_no_mail(translator_client, make_practice, capture):
    english = make_practice("Home support for seniors", slug="home-support")
    start(translator_client, english, "it", capture)
    assert mail.outbox == []


def test_translators_are_told_when_the_original_text_changes(translator, practice, capture):
    english = practice["en"]
    english.summary = "A new summary of the practice."
    with capture(execute=True):
        english.save_revision().publish()

    (message,) = [m for m in mail.outbox if translator.email in m.to]
    source = translation_of(practice["it"]).source
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert f"http://testserver{sync}?next=%2Fadmin%2F" in message.body
    assert "Home support for seniors" in message.subject


def test_republishing_the_same_text_tells_nobody(translator, practice, capture):
    english = practice["en"]
    with capture(execute=True):
        english.save_revision().publish()
    assert mail.outbox == []


def test_a_failing_mail_never_fails_the_publish(translator, practice, capture, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("practices.localize.notices.send_mail", broken)
    english = practice["en"]
    english.summary = "A new summary of the practice."
    with capture(execute=True):
        english.save_revision().publish()
    assert PracticePage.objects.get(pk=english.pk).summary == "A new summary of the practice."


# "Add practice" --------------------------------------------------------------------


def test_add_practice_opens_the_translators_language(translator_client, italian_tree):
    response = translator_client.get(reverse("practices:choose_parent"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["practices", "practicepage", italian_tree["index_it"].pk]
    )


def test_add_practice_opens_the_editors_admin_language(client, roles, italian_tree):
    editor = make_user("emma", "Editors")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(editor)
    response = client.get(reverse("practices:choose_parent"))
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["practices", "practicepage", italian_tree["index_fr"].pk]
    )


def test_add_practice_opens_the_default_language_otherwise(client, roles, italian_tree):
    client.force_login(make_user("emma", "Editors"))
    response = client.get(reverse("practices:choose_parent"))
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["practices", "practicepage", italian_tree["index"].pk]
    )


def test_practice_listing_add_button_has_no_forced_language(translator_client, italian_tree):
    response = translator_client.get(reverse("practices:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("practices:choose_parent") in content
    assert reverse("practices:choose_parent") + "?locale=en" not in content


# setup_roles and Wagtail's default groups ----------------------------------------------


def test_setup_roles_folds_the_moderators_into_the_reviewers(italian_tree):
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    mona = make_user("mona", "Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])

    output = run_setup_roles()

    assert not Group.objects.filter(name="Moderators").exists()
    assert list(mona.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert list(task.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert "(mona)" in output
    assert "Deleted Wagtail's default group 'Moderators'." in output
    assert "Nothing to change" in run_setup_roles()


def test_every_group_is_a_role_of_the_project(italian_tree):
    run_setup_roles()
    names = set(Group.objects.values_list("name", flat=True))
    editorial = {"Contributors", "Editors", "Reviewers", "Administrators"}
    assert names - editorial == {name for name in names if name.startswith("Translators — ")}


def test_translators_dashboard_leaves_out_the_content_review_panel(translator_client):
    page = dashboard(translator_client)
    assert "Practices to review" not in page
    assert "Your work in Italian" in page


def test_dashboard_links_to_the_editor_and_to_bringing_the_change_in(
    translator_client, practice, make_practice, capture
):
    english = make_practice("Foster family network", slug="foster")
    start(translator_client, english, "it", capture)
    practice["en"].summary = "A new summary."
    practice["en"].save_revision().publish()

    page = dashboard(translator_client)

    italian = english.get_translation(Locale.objects.get(language_code="it"))
    assert "Translations in progress (1)" in page
    assert reverse("wagtailadmin_pages:edit", args=[italian.pk]) in page
    assert "Originals that changed (1)" in page
    source = translation_of(practice["it"]).source
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert f"{sync}?next=%2Fadmin%2F" in page
    assert translator_client.get(f"{sync}?next=%2Fadmin%2F").status_code in (200, 302)
