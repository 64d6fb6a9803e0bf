"""The whole role matrix: the cells that tests/test_permission_matrix.py,
tests/test_roles.py and tests/test_translator_boundaries.py leave open.

Roles × actions. `yes` allowed, `no` refused (Wagtail's permission denial or
the admin's form without effect), `login` sent to the login page. Where a
cell is already covered elsewhere, the file is named; [new] marks the cells
this file adds. "nobody" is a logged-in user in no group.

action                      anonym. nobody  contrib. editor  reviewer transl.(it) admin.
view the admin              login   no[new] yes[new] yes[new] yes[new] yes[new] yes[new]
create a practice (en)      login(AB) no[new] yes(PM)  yes[new] no[new]  no(R)    yes[new]
edit own draft              -       -       yes(PM)  yes(PM)  yes(PM)  -        yes(PM)
edit others' draft          login   no[new] no(PM)   yes(PM)  yes(PM)  no(PM)   yes(PM)
publish                     login   -       no(PM)   no(PM)   yes(PM)  no(PM)   yes(PM)
unpublish (en)              login   no[new] no[new]  no[new]  yes[new] no[new]  yes[new]
delete a live practice      login   -       no(PM)   no(PM)   yes(PM)  no(PM)   yes(PM)
submit to review            login   -       yes(PM)  yes(PM)  yes(PM)  no(PM)   yes(PM)
approve                     login   -       no(PM)   no(PM)   yes(PM)  no(PM)   no(PM)
translate into own language -       -       -        -        -        yes(TB)  -
publish a practice that is  -       -       -        -        yes[new] no[new]  yes[new]
  not a translation (it)
translate into another      -       -       -        -        -        no(TB)   -
start a translation (it)    login   no[new] no[new]  yes[new] yes[new] yes[new] yes[new]
start a translation (fr)    login   no[new] no[new]  yes[new] yes[new] no[new]  yes[new]
edit a taxonomy term        login   no[new] no(PM)   yes(PM)  no(PM)   it only(R) yes[new]
add a taxonomy term         login   no[new] no[new]  yes[new] no[new]  no[new]  yes[new]
edit an organisation        login   no[new] no[new]  yes[new] no[new]  no[new]  yes[new]
upload an image             login   no[new] yes(PM)  yes(PM)  no(PM)   no(PM)   yes[new]
upload a document           login   no[new] yes[new] yes[new] no[new]  no[new]  yes[new]
manage users and groups     login   no[new] no[new]  no[new]  no[new]  no[new]  yes[new]
make or edit a superuser    login   no      no       no       no       no       no[new] (superuser: yes)
sync a changed original     login   -       -        yes[new] -        it[new]  yes[new]
 … and publish at once      -       -       -        no[new]  -        it[new]  yes[new]
convert a translation       login   -       -        -        -        no[new]  yes[new]
  to an alias (it)                                                              (after confirmation)

Sync (TS = test_translation_sync.py): the form offers the languages whose
translation the user may change, all pre-selected (the translator: Italian
only; a French one in the form is refused, TS); with "Publish immediately"
it publishes only complete translations (TS). An editor syncs every language
but may not publish. Converting to an alias needs publish permission on the
translation and on its original: hidden from the translator's editor and
refused to them, nothing changed.

The Italian translator in their own tree and outside it (R = test_roles.py):
edit, publish, add under the index: it yes(R), en/fr no(R); lock, unpublish:
fr no(R); unpublish and delete in Italian yes[new]; delete in English or
French no[new]; a PO file for the French page's translation no[new] (the
French theme's: TB). A practice created in Italian by the translator is
offered "Submit to Practice review", never "Publish", and stays a draft when
published anyway [new]; an Italian translation made by wagtail-localize is
still published by the translator ("Publish in Italian") [new].

"Start a translation": create a translation of an English practice, both
through the page's "Translate" action (wagtail-localize's view) and the
dashboard's "Translate into <language>" button (practices.localize.dashboard);
editors and reviewers request translations into any language, a translator
only into their own (tests/test_translator_workspace.py for the rest).

PM = test_permission_matrix.py, TB = test_translator_boundaries.py, AB =
test_anonymous_boundaries.py (every admin URL sends anonymous visitors to
the login page: the "login" cells below the first row).
"""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from translator_helpers import assert_denied, make_user, page_state, snippet_url, translation_of
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from workflow_helpers import add_url, delete_url, edit_url, pressing, workflow_status

from practices.models import Organisation, PracticePage, Theme

ROLES = {
    "anonymous": None,
    "nobody": (),
    "contributor": ("Contributors",),
    "editor": ("Editors",),
    "reviewer": ("Reviewers",),
    "translator": ("Translators — Italian",),
    "administrator": ("Administrators",),
}

pytestmark = pytest.mark.django_db


def client_for(client, role):
    if ROLES[role] is not None:
        client.force_login(make_user(role, *ROLES[role]))
    return client


def assert_outcome(response, happened, expected):
    assert happened == (expected == "yes"), (response.status_code, response.get("Location"))
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == "no":
        # Wagtail's denial: the dashboard with a message, or, for a user who
        # may not use the admin at all, the login page.
        if response.status_code == 302 and response["Location"].startswith(
            reverse("wagtailadmin_login")
        ):
            return
        assert_denied(response)
    else:
        assert response.status_code in (200, 302)


# Actions -----------------------------------------------------------------------------


def view_admin(client, request):
    response = client.get(reverse("wagtailadmin_home"))
    return response, response.status_code == 200


def create_practice(client, request):
    tree = request.getfixturevalue("site_tree")
    themes, countries = request.getfixturevalue("themes"), request.getfixturevalue("countries")
    count = PracticePage.objects.count()
    response = client.post(
        add_url(tree["index"]),
        pressing("save", themes=[themes["ageing"].pk], countries=[countries["FR"].pk]),
    )
    return response, PracticePage.objects.count() == count + 1


def edit_others_draft(client, request):
    page = request.getfixturevalue("make_practice")("Draft of another", publish=False)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), pressing("save", page, title="Edited")
    )
    latest = Page.objects.get(pk=page.pk).get_latest_revision_as_object()
    return response, latest.title == "Edited"


def unpublish(client, request):
    page = request.getfixturevalue("make_practice")("Live practice", slug="live")
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return response, not Page.objects.get(pk=page.pk).live


def add_theme(client, request):
    request.getfixturevalue("locales")
    response = client.post(
        reverse("wagtailsnippets_practices_theme:add"), {"name": "Housing", "slug": "housing"}
    )
    return response, Theme.objects.filter(slug="housing").exists()


def edit_theme(client, request):
    row = request.getfixturevalue("themes")["ageing"]
    response = client.post(snippet_url(row), {"name": "Edited", "slug": row.slug})
    return response, Theme.objects.get(pk=row.pk).name == "Edited"


def edit_organisation(client, request):
    organisation = Organisation.objects.create(name="Social services of Lyon", country="FR")
    response = client.post(
        snippet_url(organisation), {"name": "Edited", "type": organisation.type, "country": "FR"}
    )
    return response, Organisation.objects.get(pk=organisation.pk).name == "Edited"


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def root():
    """The root collection (the field is there only for users who may choose)."""
    return Collection.get_first_root_node().pk


def upload_document(client, request):
    upload = SimpleUploadedFile("report.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Report", "file": upload, "collection": root()}
    )
    return response, get_document_model().objects.filter(title="Report").exists()


def upload_image(client, request):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    upload = SimpleUploadedFile("team.png", buffer.getvalue(), content_type="image/png")
    response = client.post(
        reverse("wagtailimages:add"), {"title": "Team", "file": upload, "collection": root()}
    )
    return response, Image.objects.filter(title="Team").exists()


def manage_users(client, request):
    victim = get_user_model().objects.create_user("victim", "victim@example.org", "password")
    listing = client.get(reverse("wagtailusers_users:index"))
    groups = client.get(reverse("wagtailusers_groups:index"))
    response = client.post(reverse("wagtailusers_users:delete", args=[victim.pk]))
    deleted = not get_user_model().objects.filter(pk=victim.pk).exists()
    opened = listing.status_code == 200 and groups.status_code == 200
    if not deleted:
        # Refused as a whole: neither listing opens either.
        assert listing.status_code == groups.status_code == 302
    else:
        assert opened
    return response, deleted


PERFORM = {
    "view_admin": view_admin,
    "create": create_practice,
    "edit_others": edit_others_draft,
    "unpublish": unpublish,
    "add_theme": add_theme,
    "edit_theme": edit_theme,
    "edit_organisation": edit_organisation,
    "upload_image": upload_image,
    "upload_document": upload_document,
    "manage_users": manage_users,
}
# Anonymous visitors: only "view the admin" here; every admin URL sends them
# to the login page (tests/test_anonymous_boundaries.py crawls them all).
MATRIX = {
    #                  anonym.  nobody contrib. editor reviewer transl. admin.
    "view_admin": ("login", "no", "yes", "yes", "yes", "yes", "yes"),
    "create": (None, "no", None, "yes", "no", None, "yes"),
    "edit_others": (None, "no", None, None, None, None, None),
    "unpublish": (None, "no", "no", "no", "yes", "no", "yes"),
    "add_theme": (None, "no", "no", "yes", "no", "no", "yes"),
    "edit_theme": (None, "no", None, None, None, None, "yes"),
    "edit_organisation": (None, "no", "no", "yes", "no", "no", "yes"),
    "upload_image": (None, "no", None, None, None, None, "yes"),
    "upload_document": (None, "no", "yes", "yes", "no", "no", "yes"),
    "manage_users": (None, "no", "no", "no", "no", "no", "yes"),
}
CELLS = [
    (role, action, expected)
    for action, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
    if expected is not None  # covered elsewhere (see the table above)
]


@pytest.mark.parametrize(("role", "action", "expected"), CELLS)
def test_role_matrix(client, request, roles, capture, role, action, expected):
    client = client_for(client, role)
    with capture(execute=True):
        response, happened = PERFORM[action](client, request)

    assert_outcome(response, happened, expected)


def test_contributor_documents_go_to_the_contributions_collection(client, roles):
    client = client_for(client, "contributor")

    response, happened = upload_document(client, None)

    assert happened, response.status_code
    assert get_document_model().objects.get(title="Report").collection.name == "Contributions"


# The translator in their own language tree and outside it -------------------------------


@pytest.mark.parametrize(("language", "allowed"), [("it", True), ("en", False), ("fr", False)])
def test_translator_deletes_only_in_their_language(
    translator_client, practice, capture, language, allowed
):
    page = practice[language]

    with capture(execute=True):
        response = translator_client.post(delete_url(page))

    if allowed:
        assert response.status_code == 302
        assert not Page.objects.filter(pk=page.pk).exists()
    else:
        assert_denied(response)
        assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize(("language", "allowed"), [("it", True), ("en", False)])
def test_translator_unpublishes_only_in_their_language(
    translator_client, practice, capture, language, allowed
):
    page = practice[language]
    before = page_state(page)

    with capture(execute=True):
        response = translator_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))

    if allowed:
        assert response.status_code == 302
        assert not Page.objects.get(pk=page.pk).live
    else:
        assert_denied(response)
        assert page_state(page) == before


def test_translator_cannot_upload_a_po_file_into_the_french_page(translator_client, practice):
    french = practice["fr"]
    translation = translation_of(french)
    before = page_state(french)
    po = str(translation.export_po()).encode()

    response = translator_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"next": "/admin/", "file": SimpleUploadedFile("fr.po", po)},
    )
    download = translator_client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )

    assert_denied(response)
    assert_denied(download)
    assert page_state(french) == before


def test_translator_uploads_a_po_file_into_the_italian_page(translator_client, practice):
    translation = translation_of(practice["it"])

    download = translator_client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )

    assert download.status_code == 200
    assert b"msgid" in download.content


# Administrators and superusers -------------------------------------------------------------


def user_form(user, **changes):
    values = {
        "username": user.username,
        "email": user.email,
        "first_name": "Carla",  # Wagtail's user form requires both names
        "last_name": "Rossi",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def test_an_administrator_cannot_make_anyone_a_superuser(client, roles):
    client = client_for(client, "administrator")
    other = make_user("carla", "Editors")

    response = client.post(
        reverse("wagtailusers_users:edit", args=[other.pk]), user_form(other, is_superuser="on")
    )
    assert_denied(response)
    assert not get_user_model().objects.get(pk=other.pk).is_superuser

    response = client.post(
        reverse("wagtailusers_users:add"),
        user_form(
            other,
            username="mallory",
            email="mallory@example.org",
            password1="Correct-horse-battery-9",
            password2="Correct-horse-battery-9",
            is_superuser="on",
        ),
    )
    assert_denied(response)
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_an_administrator_cannot_take_over_a_superusers_account(client, roles, superuser):
    client = client_for(client, "administrator")
    url = reverse("wagtailusers_users:edit", args=[superuser.pk])

    assert_denied(client.get(url))
    response = client.post(
        url,
        user_form(
            superuser,
            email="attacker@example.org",
            password1="Correct-horse-battery-9",
            password2="Correct-horse-battery-9",
            is_superuser="on",
        ),
    )
    assert_denied(response)
    superuser.refresh_from_db()
    assert superuser.email == "editor@example.org"
    assert superuser.check_password("password")


def test_an_administrator_still_manages_ordinary_accounts(client, roles):
    client = client_for(client, "administrator")
    other = make_user("carla", "Editors")

    response = client.post(
        reverse("wagtailusers_users:edit", args=[other.pk]),
        user_form(other, email="carla@partner.example.org"),
    )

    assert response.status_code == 302, response.content[:2000]
    assert get_user_model().objects.get(pk=other.pk).email == "carla@partner.example.org"


def test_a_superuser_still_makes_a_superuser(admin_client, roles):
    other = make_user("carla", "Editors")

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[other.pk]), user_form(other, is_superuser="on")
    )

    assert response.status_code == 302
    assert get_user_model().objects.get(pk=other.pk).is_superuser


# Starting a translation ------------------------------------------------------------------

TRANSLATION_START = {
    #        anonym.  nobody contrib. editor reviewer transl. admin.
    "it": ("login", "no", "no", "yes", "yes", "yes", "yes"),
    "fr": ("login", "no", "no", "yes", "yes", "no", "yes"),
}
START_CELLS = [
    (role, language, expected, way)
    for language, row in TRANSLATION_START.items()
    for role, expected in zip(ROLES, row, strict=True)
    for way in ("menu", "dashboard")
]


def start_translation(client, page, language, way):
    locale = Locale.objects.get(language_code=language)
    if way == "menu":
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        return client.post(url, {"locales": [locale.pk]})
    return client.post(
        reverse("practices_start_translation"), {"page": page.pk, "locale": language}
    )


@pytest.mark.parametrize(("role", "language", "expected", "way"), START_CELLS)
def test_role_matrix_start_a_translation(
    client, roles, make_practice, capture, role, language, expected, way
):
    english = make_practice("Home support for seniors", slug="home-support")
    client = client_for(client, role)

    with capture(execute=True):
        response = start_translation(client, english, language, way)

    created = Translation.objects.filter(
        source__object_id=english.translation_key, target_locale__language_code=language
    ).exists()
    assert created == (expected == "yes"), (response.status_code, response.get("Location"))
    assert response.status_code == 302
    if expected == "login":
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == "yes":
        translated = english.get_translation(Locale.objects.get(language_code=language))
        assert not translated.live


# Sync a changed original; convert a translation to an alias -------------------------


def sync_form(english):
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


@pytest.mark.parametrize(
    ("role", "offered", "publish"),
    [
        ("translator", ["it"], "yes"),
        ("editor", ["fr", "it"], "no"),
        ("administrator", ["fr", "it"], "yes"),
    ],
)
def test_sync_a_changed_original(client, roles, practice, capture, role, offered, publish):
    client = client_for(client, role)
    english = practice["en"]
    english.start_year = 2020  # a synchronised field: complete translations publish it
    english.save_revision().publish()
    url = sync_form(english)

    response = client.get(url)
    assert response.status_code == 200
    boxes = BeautifulSoup(response.content, "html.parser").select('input[name="locales"]')
    codes = {str(practice[code].locale_id): code for code in ("fr", "it")}
    assert sorted(codes[box["value"]] for box in boxes if box.has_attr("checked")) == offered

    chosen = [practice[code].locale_id for code in offered]
    with capture(execute=True):
        response = client.post(url, {"locales": chosen, "publish_translations": "on"})
    published = all(
        PracticePage.objects.get(pk=practice[code].pk).start_year == 2020 for code in offered
    )
    assert published == (publish == "yes"), response.get("Location")
    if publish == "no":
        assert response["Location"] == url  # refused, with a message
        with capture(execute=True):
            response = client.post(url, {"locales": chosen})
        assert response.status_code == 302 and response["Location"] != url
        assert PracticePage.objects.get(pk=practice["it"].pk).start_year == 2019


def convert_url(page):
    return reverse("wagtail_localize:convert_to_alias", args=[page.pk])


def editor_props(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    node = BeautifulSoup(response.content, "html.parser").select_one(".js-translation-editor")
    return json.loads(node["data-props"])


def test_a_translator_cannot_convert_a_translation_to_an_alias(client, roles, practice):
    client = client_for(client, "translator")
    italian = practice["it"]
    before = page_state(italian)

    assert editor_props(client, italian)["links"]["convertToAliasUrl"] is None
    assert_denied(client.get(convert_url(italian)))
    assert_denied(client.post(convert_url(italian)))
    assert page_state(italian) == before
    assert Page.objects.get(pk=italian.pk).alias_of_id is None
    assert translation_of(italian).pk

    # Nor from the page editor's action menu, once the translation is stopped.
    Translation.objects.filter(pk=translation_of(italian).pk).update(enabled=False)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk])).content.decode()
    assert "Convert to alias page" not in page
    assert "Start Synced translation" in page


def test_an_administrator_converts_a_translation_to_an_alias_after_confirmation(
    client, roles, practice
):
    client = client_for(client, "administrator")
    italian = practice["it"]
    assert editor_props(client, italian)["links"]["convertToAliasUrl"] == convert_url(italian)
    # And in the page editor's action menu, once the translation is stopped.
    Translation.objects.filter(pk=translation_of(italian).pk).update(enabled=False)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[italian.pk])).content.decode()
    assert "Convert to alias page" in page

    confirmation = client.get(convert_url(italian))
    assert confirmation.status_code == 200
    text = " ".join(BeautifulSoup(confirmation.content, "html.parser").get_text().split())
    assert "The Italiano translation’s text will be lost." in text
    assert "This cannot be undone." in text
    assert Page.objects.get(pk=italian.pk).alias_of_id is None  # nothing yet

    response = client.post(convert_url(italian))
    assert response.status_code == 302
    assert Page.objects.get(pk=italian.pk).alias_of_id == practice["en"].pk


# Translators publish translations only (practices.localize.publish_permissions) ------------------


def italian_original(make_practice):
    """A practice written in Italian (not a translation), a draft."""
    return make_practice("Orti condivisi", locale="it", slug="orti", publish=False)


@pytest.mark.parametrize(
    ("role", "allowed"), [("translator", False), ("reviewer", True), ("administrator", True)]
)
def test_publishing_a_practice_that_is_not_a_translation(
    client, roles, make_practice, capture, role, allowed
):
    page = italian_original(make_practice)
    client = client_for(client, role)

    form = client.get(edit_url(page)).content.decode()
    with capture(execute=True):
        response = client.post(edit_url(page), pressing("publish", page))

    assert response.status_code == 302
    assert ('name="action-publish"' in form) is allowed
    assert PracticePage.objects.get(pk=page.pk).live is allowed
    if not allowed:
        assert "Submit to Practice review" in form


def test_a_translator_creates_a_practice_for_review_only(
    client, roles, italian_tree, themes, countries, capture
):
    client = client_for(client, "translator")
    index = italian_tree["index_it"]
    required = {"themes": [themes["ageing"].pk], "countries": [countries["IT"].pk]}

    form = client.get(add_url(index)).content.decode()
    with capture(execute=True):
        client.post(add_url(index), pressing("publish", title="Orti", slug="orti", **required))
        submitted = client.post(
            add_url(index), pressing("submit", title="Cucine", slug="cucine", **required)
        )

    assert 'name="action-publish"' not in form
    assert "Submit to Practice review" in form
    assert not PracticePage.objects.get(slug="orti").live
    assert submitted.status_code == 302
    page = PracticePage.objects.get(slug="cucine")
    assert not page.live
    assert workflow_status(page) == "in_progress"


def test_a_translator_still_publishes_a_translation(translator_client, practice, capture):
    italian = practice["it"]
    italian.unpublish()
    translator = get_user_model().objects.get(username="giulia")
    assert italian.permissions_for_user(translator).can_publish()

    with capture(execute=True):
        response = translator_client.post(edit_url(italian), {"action": "publish"})

    assert response.status_code == 302
    assert PracticePage.objects.get(pk=italian.pk).live


def test_a_translator_cannot_bulk_publish_a_practice_that_is_not_a_translation(
    translator_client, roles, make_practice, capture
):
    """The listing's bulk "Publish" asks the same permission as the editor."""
    page = italian_original(make_practice)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    with capture(execute=True):
        translator_client.post(f"{url}?id={page.pk}", {})

    assert not PracticePage.objects.get(pk=page.pk).live


def test_a_translator_bulk_publishes_a_translation(translator_client, practice, capture):
    """The control of the test above: a translation goes live the same way."""
    italian = practice["it"]
    italian.unpublish()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    with capture(execute=True):
        translator_client.post(f"{url}?id={italian.pk}", {})

    assert PracticePage.objects.get(pk=italian.pk).live


def test_bulk_publishing_refuses_an_incomplete_translation(translator_client, practice, capture):
    """Nobody puts the original's text live under Italian by the bulk action."""
    from wagtail_localize.models import StringSegment, StringTranslation

    italian = practice["it"]
    italian.unpublish()
    translation = translation_of(italian)
    segment = StringSegment.objects.filter(source=translation.source).first()
    StringTranslation.objects.filter(
        translation_of=segment.string, context=segment.context, locale=italian.locale
    ).delete()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    with capture(execute=True):
        response = translator_client.post(f"{url}?id={italian.pk}", {})

    assert response.status_code == 302
    assert translation.get_progress()[0] > translation.get_progress()[1]
    assert not PracticePage.objects.get(pk=italian.pk).live
