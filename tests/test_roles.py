"""Translator roles: `setup_roles` and what a translator may do in the admin.

An Italian translator (a member of "Translators — Italian") edits and
publishes the pages of the Italian tree and the Italian rows of the taxonomy
snippets, and nothing in another language. Wagtail answers a denied admin
view (a PermissionDenied raised by the view) with a redirect to the admin's
dashboard and the error message "Sorry, you do not have permission to access
this area." (wagtail.admin.auth.permission_denied; only AJAX requests get a
403): the tests check that answer and that nothing changed in the database.

wagtail-localize publishes in `transaction.on_commit`; admin actions that may
publish run inside `django_capture_on_commit_callbacks(execute=True)`, as a
real request's commit would.
"""

import datetime

import pytest
from admin_forms import practice_form_data
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from translator_helpers import (
    assert_denied,
    make_user,
    page_edit_url,
    page_state,
    run_setup_roles,
    snippet_url,
    translate_string,
    translation_of,
)
from wagtail.models import GroupPagePermission, Page

from practices.models import PracticePage, Theme
from practices.editorial.translator_groups import LocaleScopedPermissionPolicy, setup_roles
from practices.localize.po_translation import translate

TRANSLATOR_GROUPS = {
    "Translators — French",
    "Translators — Italian",
    "Translators — Lithuanian",
    "Translators — Dutch",
    "Translators — Finnish",
    "Translators — Danish",
    "Translators — Bulgarian",
    "Translators — Portuguese",
}
PAGE_CODENAMES = {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}


# Helpers ---------------------------------------------------------------------


def roles_snapshot():
    """Every translator group with its model and page permissions."""
    return {
        group.name: (
            sorted(group.permissions.values_list("content_type__app_label", "codename")),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
        )
        for group in Group.objects.filter(name__startswith="Translators — ")
    }


# setup_roles --------------------------------------------------------------------


@pytest.mark.django_db
def test_setup_roles_creates_one_group_per_non_default_language(italian_tree):
    output = run_setup_roles()

    snapshot = roles_snapshot()
    assert set(snapshot) == TRANSLATOR_GROUPS
    assert "Translators — English" not in snapshot
    permissions, page_permissions = snapshot["Translators — Italian"]
    assert permissions == [
        ("practices", "change_practicetype"),
        ("practices", "change_profession"),
        ("practices", "change_targetgroup"),
        ("practices", "change_theme"),
        ("wagtail_localize", "submit_translation"),
        ("wagtailadmin", "access_admin"),
    ]
    home_it = italian_tree["home_it"]
    assert page_permissions == sorted((home_it.pk, codename) for codename in PAGE_CODENAMES)
    home_fr = italian_tree["home_fr"]
    assert snapshot["Translators — French"][1] == sorted(
        (home_fr.pk, codename) for codename in PAGE_CODENAMES
    )
    # No Lithuanian tree in this site: the group exists, without page permissions.
    assert snapshot["Translators — Lithuanian"] == (permissions, [])
    assert "Created the group 'Translators — Italian'." in output
    assert "no 'lt' home page yet" in output


@pytest.mark.django_db
def test_setup_roles_twice_changes_nothing(italian_tree):
    run_setup_roles()
    first = roles_snapshot()
    counts = (Group.objects.count(), GroupPagePermission.objects.count())

    output = run_setup_roles()

    assert roles_snapshot() == first
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == counts
    assert "Nothing to change" in output
    assert setup_roles().changes == []


@pytest.mark.django_db
def test_setup_roles_removes_what_is_no_longer_wanted(italian_tree):
    run_setup_roles()
    expected = roles_snapshot()
    group = Group.objects.get(name="Translators — Italian")
    group.permissions.add(Permission.objects.get(codename="delete_theme"))
    GroupPagePermission.objects.create(
        group=group,
        page=italian_tree["home"],
        permission=Permission.objects.get(codename="change_page"),
    )
    stale = Group.objects.create(name="Translators — Klingon")
    stale.permissions.add(Permission.objects.get(codename="access_admin"))

    output = run_setup_roles()

    assert {name: value for name, value in roles_snapshot().items() if name in expected} == expected
    assert roles_snapshot()["Translators — Klingon"] == ([], [])
    assert "Translators — Italian: - practices.delete_theme" in output
    assert "Translators — Italian: - change_page on 'Good practices' (en)" in output


@pytest.mark.django_db
def test_setup_roles_grants_page_permissions_once_the_home_page_exists(site_tree, locales):
    run_setup_roles()
    assert roles_snapshot()["Translators — Italian"][1] == []

    home_it = translate(
        site_tree["home"], locales["it"], {"title": "Buone pratiche", "slug": "casa"}
    )
    output = run_setup_roles()

    assert roles_snapshot()["Translators — Italian"][1] == sorted(
        (home_it.pk, codename) for codename in PAGE_CODENAMES
    )
    assert "Translators — Italian: + publish_page on 'Buone pratiche' (it)" in output


# Pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_translator_edits_and_publishes_the_italian_page_in_the_translation_editor(
    translator_client, practice, capture
):
    page = practice["it"]
    response = translator_client.get(page_edit_url(page))
    assert response.status_code == 200
    # A synchronised translation opens in wagtail-localize's translation editor.
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]

    translation = translation_of(page)
    assert (
        translate_string(translator_client, translation, "title", "Cura a casa").status_code == 200
    )
    with capture(execute=True):
        response = translator_client.post(page_edit_url(page), {"action": "publish"})

    assert response.status_code == 302
    page = PracticePage.objects.get(pk=page.pk)
    assert page.live
    assert page.title == "Cura a casa"
    assert page.live_revision.user.username == "giulia"


@pytest.mark.django_db
def test_translator_publishes_the_italian_page_with_the_edit_form(
    translator_client, practice, capture
):
    page = practice["it"]
    stop = reverse("wagtail_localize:stop_translation", args=[translation_of(page).pk])
    assert translator_client.post(stop, {"next": page_edit_url(page)}).status_code == 302
    response = translator_client.get(page_edit_url(page))
    assert response.status_code == 200
    assert "wagtailadmin/pages/edit.html" in [t.name for t in response.templates]

    data = practice_form_data(page, title="Assistenza domiciliare per anziani")
    with capture(execute=True):
        response = translator_client.post(page_edit_url(page), data)

    assert response.status_code == 302, response.content[:3000]
    page = PracticePage.objects.get(pk=page.pk)
    assert page.live
    assert page.title == "Assistenza domiciliare per anziani"
    assert page.live_revision.user.username == "giulia"
    assert not page.has_unpublished_changes


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_translator_cannot_open_or_change_a_page_in_another_language(
    translator_client, practice, capture, language
):
    page = practice[language]
    before = page_state(page)

    assert_denied(translator_client.get(page_edit_url(page)))
    ajax = translator_client.get(page_edit_url(page), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert ajax.status_code == 403
    with capture(execute=True):
        form_post = translator_client.post(
            page_edit_url(page), practice_form_data(page, title="Hacked")
        )
        editor_post = translator_client.post(page_edit_url(page), {"action": "publish"})
    assert_denied(form_post)
    assert_denied(editor_post)
    assert page_state(page) == before


@pytest.mark.django_db
def test_translator_cannot_publish_or_lock_a_page_in_another_language(
    translator_client, practice, capture
):
    page = practice["fr"]
    page.save_revision()  # a draft waiting to be published
    before = page_state(page)

    with capture(execute=True):
        lock = translator_client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
        unpublish = translator_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert_denied(lock)
    assert_denied(unpublish)
    page.refresh_from_db()
    assert not page.locked
    assert page_state(page) == before


@pytest.mark.django_db
def test_translator_can_add_pages_only_under_the_italian_index(translator_client, practice):
    def add_url(parent):
        return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])

    english_index = practice["en"].get_parent()
    italian_index = practice["it"].get_parent()
    assert translator_client.get(add_url(italian_index)).status_code == 200

    count = Page.objects.count()
    assert_denied(translator_client.get(add_url(english_index)))
    response = translator_client.post(
        add_url(english_index), practice_form_data(practice["en"], slug="new-practice")
    )
    assert_denied(response)
    assert Page.objects.count() == count


# Taxonomy snippets -------------------------------------------------------------


@pytest.mark.django_db
def test_translator_edits_the_italian_row_of_a_theme(translator_client, theme_rows, capture):
    row = theme_rows["it"]
    assert translator_client.get(snippet_url(row)).status_code == 200

    translation = translation_of(row)
    assert translate_string(translator_client, translation, "name", "Anziani").status_code == 200
    with capture(execute=True):
        response = translator_client.post(snippet_url(row), {"action": "publish"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Anziani"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_translator_cannot_edit_a_theme_row_in_another_language(
    translator_client, theme_rows, capture, language
):
    row = theme_rows[language]
    before = (row.name, row.slug, row.description)

    assert_denied(translator_client.get(snippet_url(row)))
    with capture(execute=True):
        form_post = translator_client.post(
            snippet_url(row), {"name": "Hacked", "slug": row.slug, "description": ""}
        )
        editor_post = translator_client.post(snippet_url(row), {"action": "publish"})
    assert_denied(form_post)
    assert_denied(editor_post)
    row.refresh_from_db()
    assert (row.name, row.slug, row.description) == before


@pytest.mark.django_db
def test_theme_listing_links_a_translator_only_to_the_italian_rows(translator_client, theme_rows):
    response = translator_client.get(
        reverse("wagtailsnippets_practices_theme:list"), {"locale": "it"}
    )
    assert response.status_code == 200
    assert snippet_url(theme_rows["it"]) in response.content.decode()

    response = translator_client.get(
        reverse("wagtailsnippets_practices_theme:list"), {"locale": "en"}
    )
    assert response.status_code == 200
    assert "Ageing and loss of autonomy" in response.content.decode()
    assert snippet_url(theme_rows["en"]) not in response.content.decode()


@pytest.mark.django_db
def test_policy_limits_a_translator_to_the_rows_of_their_language(translator, theme_rows, themes):
    policy = LocaleScopedPermissionPolicy(Theme)

    editable = policy.instances_user_has_permission_for(translator, "change")

    assert set(editable.values_list("locale__language_code", flat=True)) == {"it"}
    assert set(editable) == {theme_rows["it"]}
    assert not policy.user_has_permission_for_instance(translator, "delete", theme_rows["it"])
    assert translator in policy.users_with_permission_for_instance("change", theme_rows["it"])
    assert translator not in policy.users_with_permission_for_instance("change", theme_rows["fr"])


# Editors keep full access ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_superuser_keeps_access_to_every_language(
    admin_client, roles, practice, theme_rows, language
):
    assert admin_client.get(page_edit_url(practice[language])).status_code == 200
    assert admin_client.get(snippet_url(theme_rows[language])).status_code == 200


@pytest.mark.django_db
def test_superuser_edits_the_english_theme(admin_client, roles, theme_rows):
    row = theme_rows["en"]
    response = admin_client.post(
        snippet_url(row), {"name": "Ageing", "slug": row.slug, "description": ""}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Ageing"


@pytest.mark.django_db
def test_an_editor_who_is_also_a_translator_edits_every_theme_row(client, roles, theme_rows):
    editors, _ = Group.objects.get_or_create(name="Editors")  # Wagtail creates it
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_theme"),
    )
    client.force_login(make_user("marie", "Editors", "Translators — Italian"))

    for row in theme_rows.values():
        assert client.get(snippet_url(row)).status_code == 200
    row = theme_rows["en"]
    response = client.post(
        snippet_url(row), {"name": "Ageing", "slug": row.slug, "description": ""}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Ageing"


# The test data are what they claim -----------------------------------------------


@pytest.mark.django_db
def test_the_three_pages_are_translations_of_each_other(practice):
    assert {page.locale.language_code for page in practice.values()} == {"en", "fr", "it"}
    assert len({page.translation_key for page in practice.values()}) == 1
    assert all(page.live for page in practice.values())
    assert practice["it"].last_reviewed == datetime.date(2026, 1, 15)


@pytest.mark.django_db
def test_setup_roles_recreates_the_permission_a_flush_removes(italian_tree):
    """`manage.py flush` keeps the permissions models declare but drops the one
    wagtail-localize's migration created; setup_roles must still work."""
    Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).delete()

    run_setup_roles()

    group = Group.objects.get(name="Translators — Italian")
    assert group.permissions.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).exists()


@pytest.mark.django_db
def test_setup_roles_recreates_the_root_collection_a_flush_removes(italian_tree):
    """Wagtail's root collection comes from a migration; after a flush
    setup_roles recreates it and the Contributions collection below it."""
    from wagtail.models import Collection

    Collection.objects.all().delete()

    run_setup_roles()

    root = Collection.get_first_root_node()
    assert root is not None
    assert root.get_children().filter(name="Contributions").exists()
