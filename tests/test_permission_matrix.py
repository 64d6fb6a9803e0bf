"""The permission matrix of the editorial roles, through the admin.

Rows: anonymous, contributor, editor, reviewer, Italian translator,
administrator. Columns: open someone else's draft in the editor, save a
change to it, submit it to the "Practice review" workflow, approve it once it
is in review, publish it, delete a live practice. Every cell posts what the
admin's button posts (tests/workflow_helpers.py) and checks the outcome in the
database. Each cell is one of:

- "yes": it happened;
- "no": the admin answered (the form again, or a saved draft) and it did not happen;
- "refused": Wagtail's permission denial (a redirect to the dashboard with a
  message) and nothing happened;
- "login": a redirect to the admin's login page, and nothing happened.

The draft and the practice in review belong to another editor; the pages are
in the English tree.
"""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from translator_helpers import assert_denied, make_user, run_setup_roles, snippet_url
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Page
from workflow_helpers import add_url, delete_url, edit_url, latest, pressing, workflow_status

from practices.models import PracticePage, Theme
from practices.editorial.translator_groups import LocaleScopedPermissionPolicy

ROLES = {
    "anonymous": None,
    "contributor": "Contributors",
    "editor": "Editors",
    "reviewer": "Reviewers",
    "translator": "Translators — Italian",
    "administrator": "Administrators",
}
ACTIONS = ("view_draft", "edit", "submit", "approve", "publish", "delete")
MATRIX = {
    #                view_draft edit       submit     approve    publish    delete
    "anonymous": ("login", "login", "login", "login", "login", "login"),
    "contributor": ("refused", "refused", "refused", "refused", "refused", "refused"),
    "editor": ("yes", "yes", "yes", "no", "no", "refused"),
    "reviewer": ("yes", "yes", "yes", "yes", "yes", "yes"),
    "translator": ("refused", "refused", "refused", "refused", "refused", "refused"),
    # Not a member of the review task's group: a page in review is locked for
    # them until a reviewer decides (they may join the Reviewers group).
    "administrator": ("yes", "yes", "yes", "no", "yes", "yes"),
}
CELLS = [
    (role, action, expected)
    for role, row in MATRIX.items()
    for action, expected in zip(ACTIONS, row, strict=True)
]


@pytest.fixture
def colleague(roles):
    return make_user("claire", "Editors")


@pytest.fixture
def draft(make_practice, colleague):
    page = make_practice("Neighbourhood care teams", slug="care-teams", publish=False)
    page.owner = colleague
    page.save()
    return page


@pytest.fixture
def in_review(draft, colleague):
    draft.get_workflow().start(draft, colleague)
    assert workflow_status(draft) == "in_progress"
    return draft


@pytest.fixture
def live(make_practice, colleague):
    page = make_practice("Home support for seniors", slug="home-support")
    page.owner = colleague
    page.save()
    return page


def client_for(client, role):
    if ROLES[role] is not None:
        client.force_login(make_user(role, ROLES[role]))
    return client


# What each action does and how to tell that it happened ----------------------------


def view_draft(client, request):
    page = request.getfixturevalue("draft")
    response = client.get(edit_url(page))
    return response, response.status_code == 200


def edit(client, request):
    page = request.getfixturevalue("draft")
    response = client.post(edit_url(page), pressing("save", page, title="Edited"))
    return response, latest(page)[0].title == "Edited"


def submit(client, request):
    page = request.getfixturevalue("draft")
    response = client.post(edit_url(page), pressing("submit", page))
    return response, workflow_status(page) == "in_progress"


def approve(client, request):
    page = request.getfixturevalue("in_review")
    response = client.post(edit_url(page), pressing("approve", page))
    done = workflow_status(page) == "approved" and Page.objects.get(pk=page.pk).live
    assert done or workflow_status(page) == "in_progress"
    return response, done


def publish(client, request):
    page = request.getfixturevalue("draft")
    response = client.post(edit_url(page), pressing("publish", page))
    return response, Page.objects.get(pk=page.pk).live


def delete(client, request):
    page = request.getfixturevalue("live")
    response = client.post(delete_url(page))
    return response, not Page.objects.filter(pk=page.pk).exists()


PERFORM = {
    "view_draft": view_draft,
    "edit": edit,
    "submit": submit,
    "approve": approve,
    "publish": publish,
    "delete": delete,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "expected"), CELLS)
def test_permission_matrix(client, request, roles, capture, role, action, expected):
    client = client_for(client, role)
    with capture(execute=True):
        response, happened = PERFORM[action](client, request)

    assert happened == (expected == "yes"), f"{role} {action}: {response.status_code}"
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == "refused":
        assert_denied(response)
    else:
        assert response.status_code in (200, 302)


# The buttons each role sees ----------------------------------------------------------


def buttons(response):
    html = response.content.decode()
    return {name for name in ("action-submit", "action-publish") if f'name="{name}"' in html}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("editor", {"action-submit"}),
        ("reviewer", {"action-submit", "action-publish"}),
        ("administrator", {"action-submit", "action-publish"}),
    ],
)
def test_who_sees_publish_and_who_submits_to_review(client, draft, role, expected):
    response = client_for(client, role).get(edit_url(draft))

    assert response.status_code == 200
    assert buttons(response) == expected
    assert "Submit to Practice review" in response.content.decode()


# Contributors and their own drafts -------------------------------------------------


@pytest.mark.django_db
def test_a_contributor_writes_edits_and_submits_their_own_draft_but_cannot_publish(
    client, roles, site_tree, themes, countries, capture
):
    contributor = make_user("paula", "Contributors")
    client.force_login(contributor)
    terms = {"themes": [themes["ageing"].pk], "countries": [countries["LT"].pk]}

    with capture(execute=True):
        response = client.post(add_url(site_tree["index"]), pressing("publish", **terms))
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert page.owner == contributor
    assert not page.live  # "Publish" is not theirs: the page is saved as a draft

    assert buttons(client.get(edit_url(page))) == {"action-submit"}
    with capture(execute=True):
        client.post(edit_url(page), pressing("save", page, title="Village care teams"))
        client.post(edit_url(page), pressing("publish", page))
    assert latest(page)[0].title == "Village care teams"
    assert not Page.objects.get(pk=page.pk).live

    with capture(execute=True):
        response = client.post(edit_url(page), pressing("submit", page))
    assert response.status_code == 302
    assert workflow_status(page) == "in_progress"
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_a_contributor_deletes_only_their_own_drafts(client, draft, site_tree, capture):
    contributor = make_user("paula", "Contributors")
    own = PracticePage(
        title="Own draft", slug="own-draft", summary="…", owner=contributor, live=False
    )
    site_tree["index"].add_child(instance=own)
    client.force_login(contributor)

    assert_denied(client.post(delete_url(draft)))
    assert Page.objects.filter(pk=draft.pk).exists()
    assert client.post(delete_url(own)).status_code == 302
    assert not Page.objects.filter(pk=own.pk).exists()


# Snippets, images and documents ------------------------------------------------------


@pytest.mark.django_db
def test_editors_change_taxonomy_rows_in_every_language(client, theme_rows, roles):
    editor = make_user("emma", "Editors")
    client.force_login(editor)

    # Translated rows open in wagtail-localize's editor; English rows in the form.
    for row in theme_rows.values():
        assert client.get(snippet_url(row)).status_code == 200
    policy = LocaleScopedPermissionPolicy(Theme)
    assert set(policy.instances_user_has_permission_for(editor, "change")) >= set(
        theme_rows.values()
    )
    assert policy.user_has_permission_for_instance(editor, "delete", theme_rows["it"])
    row = theme_rows["en"]
    response = client.post(snippet_url(row), {"name": "Edited", "slug": row.slug})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Edited"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["contributor", "reviewer"])
def test_contributors_and_reviewers_do_not_change_snippets(client, roles, theme_rows, role):
    client = client_for(client, role)
    row = theme_rows["en"]

    assert_denied(client.get(snippet_url(row)))
    assert_denied(client.post(snippet_url(row), {"name": "Edited", "slug": row.slug}))
    row.refresh_from_db()
    assert row.name != "Edited"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "can_upload"),
    [("contributor", True), ("editor", True), ("reviewer", False), ("translator", False)],
)
def test_who_may_upload_images(client, roles, role, can_upload):
    response = client_for(client, role).get(reverse("wagtailimages:add"))

    if can_upload:
        assert response.status_code == 200
    else:
        assert_denied(response)


@pytest.mark.django_db
def test_contributors_upload_images_into_the_contributions_collection(client, roles):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    upload = SimpleUploadedFile("team.png", buffer.getvalue(), content_type="image/png")
    client = client_for(client, "contributor")

    response = client.post(reverse("wagtailimages:add"), {"title": "Team", "file": upload})

    assert response.status_code == 302
    assert Image.objects.get(title="Team").collection.name == "Contributions"


# What setup_roles grants ---------------------------------------------------------------


def editorial_snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("content_type__app_label", "codename")),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
            sorted(
                group.collection_permissions.values_list("collection__name", "permission__codename")
            ),
        )
        for group in Group.objects.filter(
            name__in=["Contributors", "Editors", "Reviewers", "Administrators"]
        )
    }


@pytest.mark.django_db
def test_setup_roles_grants_each_editorial_group_its_least_permissions(italian_tree):
    output = run_setup_roles()
    snapshot = editorial_snapshot()

    indexes = [italian_tree[name].pk for name in ("index", "index_fr", "index_it")]
    homes = [italian_tree[name].pk for name in ("home", "home_fr", "home_it")]
    contributors, editors, reviewers = (
        snapshot["Contributors"],
        snapshot["Editors"],
        snapshot["Reviewers"],
    )
    assert contributors[0] == [("wagtailadmin", "access_admin")]
    assert contributors[1] == sorted((pk, "add_page") for pk in indexes)
    assert contributors[2] == sorted(
        ("Contributions", codename)
        for codename in ("add_image", "choose_image", "add_document", "choose_document")
    )
    # Reviewers and editors request translations (issue #15).
    assert reviewers[0] == [
        ("wagtail_localize", "submit_translation"),
        ("wagtailadmin", "access_admin"),
    ]
    assert ("wagtail_localize", "submit_translation") in editors[0]
    assert reviewers[1] == sorted(
        (pk, codename) for pk in homes for codename in ("change_page", "publish_page")
    )
    assert editors[1] == sorted(
        (pk, codename) for pk in homes for codename in ("add_page", "change_page")
    )
    assert ("practices", "delete_organisation") in editors[0]
    assert ("practices", "add_theme") in editors[0]
    assert not any(codename == "publish_page" for _page, codename in editors[1] + contributors[1])

    administrators = Group.objects.get(name="Administrators")
    assert administrators.permissions.count() == Permission.objects.count()
    root = Page.get_first_root_node().pk
    assert {codename for page, codename in snapshot["Administrators"][1] if page == root} >= {
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    }
    admin_user = make_user("ada", "Administrators")
    assert not admin_user.is_superuser
    assert admin_user.has_perm("auth.change_user") and admin_user.has_perm("auth.add_group")
    assert "Created the group 'Contributors'." in output
    assert "Administrators: + " in output and " permissions" in output


@pytest.mark.django_db
def test_setup_roles_twice_keeps_the_editorial_groups(italian_tree):
    run_setup_roles()
    first = editorial_snapshot()

    output = run_setup_roles()

    assert editorial_snapshot() == first
    assert "Nothing to change" in output


@pytest.mark.django_db
def test_setup_roles_takes_back_what_an_editorial_group_should_not_hold(italian_tree):
    run_setup_roles()
    expected = editorial_snapshot()
    editors = Group.objects.get(name="Editors")
    GroupPagePermission.objects.create(
        group=editors,
        page=italian_tree["home"],
        permission=Permission.objects.get(codename="publish_page"),
    )
    editors.permissions.add(Permission.objects.get(codename="change_user"))

    output = run_setup_roles()

    assert editorial_snapshot() == expected
    assert "Editors: - publish_page on 'Good practices' (en)" in output
    assert "Editors: - auth.change_user" in output
