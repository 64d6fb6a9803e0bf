"""The partners' translation workflow, through wagtail-localize's admin views.

An editor submits an English practice for translation, downloads the PO file
of the French translation from the translation editor, has it filled in
offline, uploads it and publishes; when the English source changes, the
"Sync translated pages" view brings the change to the translation without
losing what was already translated. Uploads of the wrong file are refused
with a message and change nothing.

wagtail-localize publishes in `transaction.on_commit`; the test transaction
never commits, so every admin action that may publish runs inside
`django_capture_on_commit_callbacks(execute=True)`, as a real request's
commit would.
"""

import html

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import HOST
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from practices.models import PracticePage

FRENCH = {
    "Home support for seniors": "Aide à domicile pour les aînés",
    "home-support-for-seniors": "aide-a-domicile-pour-les-aines",
    "A short summary of the practice.": "Un court résumé de la pratique.",
    "The context of the practice.": "Le contexte de la pratique.",
    "First step.": "Première étape.",
    "Second step.": "Deuxième étape.",
    "What changed.": "Ce qui a changé.",
    "What another country must adapt.": "Ce qu'un autre pays doit adapter.",
}
FRENCH_SLUG = FRENCH["home-support-for-seniors"]
SEGMENTS = len(FRENCH)


# Admin actions, as the admin's pages perform them ---------------------------


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def messages_of(client, response):
    """The messages queued for the page the response redirects to, as text
    (the admin renders them through a template, which escapes them).

    They are then dropped, as displaying that page would."""
    messages = [
        (m.level_tag, html.unescape(str(m)).strip()) for m in get_messages(response.wsgi_request)
    ]
    client.cookies.pop(CookieStorage.cookie_name, None)
    return messages


def submit_for_translation(client, capture, page, *locales, show_form=False):
    """POST the "Translate this page" form; returns the translated pages."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    if show_form:
        response = client.get(url)
        assert response.status_code == 200
        for locale in locales:
            assert f'value="{locale.pk}"' in response.content.decode()
    with capture(execute=True):
        response = client.post(url, {"locales": [locale.pk for locale in locales]})
    assert response.status_code == 302, response.content[:2000]
    into = locales[0].get_display_name() if len(locales) == 1 else f"{len(locales)} locales"
    assert messages_of(client, response) == [
        (
            "success",
            f"The page '{page.title}' was successfully submitted for translation into {into}",
        )
    ]
    translated = [page.get_translation(locale).specific for locale in locales]
    if len(locales) == 1:
        # wagtail-localize sends the editor on to the new translation's editor.
        assert response["Location"] == edit_url(translated[0])
    return translated


def translation_of(page, locale):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def download_po(client, translation):
    """The translation editor's "Download PO file"."""
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return polib.pofile(response.content.decode())


def fill(po, translations):
    """Fill in the msgstr of the entries whose msgid has a translation."""
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    return str(po).encode()


def upload_po(client, translation, content, name="translation.po"):
    """The translation editor's "Upload PO file" form; returns the messages."""
    # The form posts the file and, as "next", the editor's address.
    next_url = "http://testserver" + edit_url(translation.get_target_instance())
    data = {"next": next_url}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, "text/x-gettext-translation")
    response = client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), data)
    # Back to the translation editor.
    assert response.status_code == 302
    assert response["Location"] == next_url
    return messages_of(client, response)


def publish_translation(client, capture, page):
    """The translation editor's "Publish in …" action; returns the messages."""
    url = edit_url(page)
    with capture(execute=True):
        response = client.post(url, {"action": "publish"})
    assert response.status_code == 302
    assert response["Location"] == url
    return messages_of(client, response)


def sync_translations(client, capture, page, *, publish=False):
    """The "Sync translated pages" view of the source page."""
    source_id = Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="fr"
    ).source_id
    url = reverse("wagtail_localize:update_translations", args=[source_id])
    assert client.get(url).status_code == 200
    locales = Translation.objects.filter(source_id=source_id).values_list(
        "target_locale_id", flat=True
    )
    data = {"locales": list(locales)}
    if publish:
        data["publish_translations"] = "on"
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert messages_of(client, response) == [
        ("success", f"Successfully updated translations for '{page.title}'")
    ]


# The public site ---------------------------------------------------------------


def french_url(slug=FRENCH_SLUG):
    return f"/fr/pratiques/{slug}/"


def text_of(node):
    return " ".join(node.get_text(" ").split())


def public_practice(url):
    """What a visitor sees of a practice: {part: text}."""
    response = Client().get(url, HTTP_HOST=HOST)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    parts = {section["id"]: text_of(section) for section in soup.select("section[id]")}
    parts["title"] = text_of(soup.h1)
    parts["summary"] = text_of(soup.select_one(".lead"))
    parts["themes"] = [text_of(tag) for tag in soup.select(".practice__kicker .tag")]
    parts["all"] = text_of(soup.body)
    return parts


def translations_snapshot():
    return sorted(
        StringTranslation.objects.values_list(
            "pk", "translation_of_id", "context_id", "locale_id", "data", "updated_at"
        )
    )


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def practice(make_practice):
    return make_practice()


@pytest.fixture
def french_draft(admin_client, capture, practice, locales):
    (page,) = submit_for_translation(admin_client, capture, practice, locales["fr"])
    return page


# a. The full round trip ------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_submit_download_fill_upload_publish(admin_client, capture, practice, locales):
    (draft,) = submit_for_translation(
        admin_client, capture, practice, locales["fr"], show_form=True
    )
    translation = translation_of(practice, locales["fr"])

    # The French page's edit view is wagtail-localize's translation editor,
    # which offers the PO download and upload.
    response = admin_client.get(edit_url(draft))
    assert response.status_code == 200
    for name in ("download_pofile", "upload_pofile"):
        url = reverse(f"wagtail_localize:{name}", args=[translation.pk])
        assert url in response.content.decode()

    po = download_po(admin_client, translation)
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    assert {entry.msgid for entry in po} == set(FRENCH)
    assert all(entry.msgstr == "" for entry in po)

    messages = upload_po(admin_client, translation, fill(po, FRENCH))
    assert messages == [("success", "Successfully imported translations from PO File.")]
    assert translation.get_progress() == (SEGMENTS, SEGMENTS)
    # The PO file now comes back filled in.
    assert {e.msgid: e.msgstr for e in download_po(admin_client, translation)} == FRENCH

    messages = publish_translation(admin_client, capture, draft)
    assert messages == [("success", "Published 'Aide à domicile pour les aînés' in Français.")]

    french = PracticePage.objects.get(pk=draft.pk)
    assert french.live
    assert french.slug == FRENCH_SLUG
    seen = public_practice(french_url())
    assert seen["title"] == "Aide à domicile pour les aînés"
    assert seen["summary"] == "Un court résumé de la pratique."
    assert seen["context"].endswith(" Le contexte de la pratique.")
    assert seen["method"].endswith(" Première étape. Deuxième étape.")
    assert seen["outcomes"].endswith(" Ce qui a changé.")
    assert seen["transferability"].endswith(" Ce qu'un autre pays doit adapter.")
    assert seen["themes"] == ["Vieillissement et perte d'autonomie"]
    assert "Ageing and loss of autonomy" not in seen["all"]
    assert "The context of the practice." not in seen["all"]
    # The English page is untouched.
    english = public_practice("/en/practices/home-support-for-seniors/")
    assert english["context"].endswith(" The context of the practice.")
    assert english["themes"] == ["Ageing and loss of autonomy"]


# b. Translations start as drafts --------------------------------------------


@pytest.mark.django_db
def test_submitted_translation_is_an_unpublished_draft(admin_client, capture, practice, locales):
    (draft,) = submit_for_translation(admin_client, capture, practice, locales["fr"])

    assert draft.locale == locales["fr"]
    assert draft.get_parent().specific.slug == "pratiques"
    assert not draft.live
    assert draft.has_unpublished_changes
    assert draft.live_revision is None
    # Its content is the English source until translated.
    assert draft.title == practice.title
    assert translation_of(practice, locales["fr"]).get_progress() == (SEGMENTS, 0)
    # Nothing is public: the page 404s at its (untranslated) slug, for
    # visitors and editors alike, and the French list does not link to it.
    url = french_url(draft.slug)
    assert Client().get(url, HTTP_HOST=HOST).status_code == 404
    assert admin_client.get(url, HTTP_HOST=HOST).status_code == 404
    listing = Client().get("/fr/pratiques/", HTTP_HOST=HOST)
    assert f'href="{url}"' not in listing.content.decode()


# c. Resynchronisation after a change of the source --------------------------


@pytest.mark.django_db
def test_sync_keeps_unchanged_translations_and_reports_the_changed_segment(
    admin_client, capture, french_draft, practice, locales
):
    translation = translation_of(practice, locales["fr"])
    upload_po(admin_client, translation, fill(download_po(admin_client, translation), FRENCH))
    publish_translation(admin_client, capture, french_draft)
    assert translation.get_progress() == (SEGMENTS, SEGMENTS)

    # The English source changes one paragraph and is published.
    english = PracticePage.objects.get(pk=practice.pk)
    english.outcomes = "<p>Fewer emergency admissions.</p>"
    english.save_revision().publish()
    # Nothing reaches the translation until it is synchronised.
    assert translation.get_progress() == (SEGMENTS, SEGMENTS)

    sync_translations(admin_client, capture, practice)

    # The unchanged segments keep their translations; the changed one waits
    # for a translation.
    assert translation.get_progress() == (SEGMENTS, SEGMENTS - 1)
    assert translation.get_status_display() == "Waiting for translations"
    untranslated = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(locales["fr"])
        .filter(translation__isnull=True)
    )
    assert [(s.context.path, s.string.data) for s in untranslated] == [
        ("outcomes", "Fewer emergency admissions.")
    ]
    # The PO file asks for the new paragraph and keeps the translation of the
    # old one as an obsolete entry, for reference.
    po = download_po(admin_client, translation)
    assert {(e.msgid, e.msgstr) for e in po if not e.obsolete} == {
        *((k, v) for k, v in FRENCH.items() if k != "What changed."),
        ("Fewer emergency admissions.", ""),
    }
    assert [(e.msgid, e.msgstr) for e in po.obsolete_entries()] == [
        ("What changed.", "Ce qui a changé.")
    ]
    # Syncing without "Publish immediately" leaves the public French page as
    # it was.
    seen = public_practice(french_url())
    assert seen["outcomes"].endswith(" Ce qui a changé.")
    assert "Fewer emergency admissions." not in seen["all"]

    # "Publish in Français" is refused while a text is untranslated: the
    # original's English never goes live under French.
    messages = publish_translation(admin_client, capture, french_draft)
    assert messages == [
        (
            "error",
            "“Aide à domicile pour les aînés” was not published in Français: 1 text is not "
            "translated yet. Translate it, then publish.",
        )
    ]
    seen = public_practice(french_url())
    assert seen["outcomes"].endswith(" Ce qui a changé.")
    assert "Fewer emergency admissions." not in seen["all"]
    assert seen["title"] == "Aide à domicile pour les aînés"

    # Once the new paragraph is translated and published, the French page
    # shows it.
    new = {"Fewer emergency admissions.": "Moins d'hospitalisations en urgence."}
    messages = upload_po(
        admin_client, translation, fill(download_po(admin_client, translation), new)
    )
    assert messages == [("success", "Successfully imported translations from PO File.")]
    assert translation.get_progress() == (SEGMENTS, SEGMENTS)
    messages = publish_translation(admin_client, capture, french_draft)
    assert messages == [("success", "Published 'Aide à domicile pour les aînés' in Français.")]
    seen = public_practice(french_url())
    assert seen["outcomes"].endswith(" Moins d'hospitalisations en urgence.")
    assert seen["context"].endswith(" Le contexte de la pratique.")
    assert "Fewer emergency admissions." not in seen["all"]


# d. Uploads of the wrong file are refused ------------------------------------


def assert_refused(messages, expected):
    assert len(messages) == 1, messages
    level, text = messages[0]
    assert level == "error", messages
    assert text.startswith(expected), text


@pytest.mark.django_db
def test_upload_of_another_pages_po_file_is_refused(
    admin_client, capture, french_draft, practice, make_practice, locales
):
    other = make_practice("Peer support groups", summary="Groups of peers.")
    submit_for_translation(admin_client, capture, other, locales["fr"])
    other_po = fill(
        download_po(admin_client, translation_of(other, locales["fr"])),
        {"Peer support groups": "Groupes de pairs", "Groups of peers.": "Des groupes de pairs."},
    )
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()

    messages = upload_po(admin_client, translation, other_po)

    assert_refused(
        messages,
        "This PO file belongs to another translation (“Peer support groups” in Français), "
        "not to “Home support for seniors” in Français. Nothing was imported.",
    )
    assert translations_snapshot() == before
    assert translation.get_progress() == (SEGMENTS, 0)


@pytest.mark.django_db
def test_upload_of_the_same_page_in_another_language_is_refused(
    admin_client, capture, practice, locales
):
    submit_for_translation(admin_client, capture, practice, locales["fr"], locales["it"])
    italian = translation_of(practice, locales["it"])
    italian_po = fill(
        download_po(admin_client, italian),
        {"Home support for seniors": "Assistenza domiciliare per anziani"},
    )
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()

    messages = upload_po(admin_client, translation, italian_po)

    assert_refused(
        messages,
        "This PO file belongs to another translation (“Home support for seniors” in Italiano), "
        "not to “Home support for seniors” in Français.",
    )
    assert translations_snapshot() == before
    assert translation.get_progress() == (SEGMENTS, 0)
    assert italian.get_progress() == (SEGMENTS, 0)


MALFORMED_UPLOADS = [
    (
        "notes.txt",
        b"Hello, this is not a PO file.\n",
        "This file is not a valid PO file: syntax error at line 1.",
    ),
    (
        "data.csv",
        b"msgid,msgstr\nHello,Bonjour\n",
        "This file is not a valid PO file: syntax error at line 1.",
    ),
    (
        "junk.po",
        bytes(range(256)) * 8,
        "This file is not a valid PO file: it is not text encoded in UTF-8.",
    ),
    ("empty.po", b"", "This file is not a valid PO file: it is empty."),
    ("blank.po", b"\n  \n", "This file is not a valid PO file: it is empty."),
    (
        # A PO file that does not come from this site's translation editor.
        "django.po",
        b'msgid "Home support for seniors"\nmsgstr "Aide \xc3\xa0 domicile"\n',
        "This PO file does not say which translation it belongs to "
        "(it has no X-WagtailLocalize-TranslationID header).",
    ),
    (
        "unknown.po",
        b'msgid ""\nmsgstr ""\n'
        b'"X-WagtailLocalize-TranslationID: 00000000-0000-0000-0000-000000000000\\n"\n\n'
        b'msgctxt "title"\nmsgid "Home support for seniors"\nmsgstr "Aide \xc3\xa0 domicile"\n',
        "This PO file belongs to another translation (00000000-0000-0000-0000-000000000000)",
    ),
    (None, None, "Choose a PO file to upload."),
]


@pytest.mark.django_db
def test_upload_of_a_malformed_file_is_refused(admin_client, french_draft, practice, locales):
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()

    for name, content, expected in MALFORMED_UPLOADS:
        assert_refused(upload_po(admin_client, translation, content, name=name), expected)

    assert translations_snapshot() == before
    assert translation.get_progress() == (SEGMENTS, 0)
    # The valid file is still imported by wagtail-localize's own view.
    po = str(translation.export_po()).encode()
    assert upload_po(admin_client, translation, po) == [
        ("success", "Successfully imported translations from PO File.")
    ]


@pytest.mark.django_db
def test_upload_needs_permission_to_edit_the_translation(
    client, django_user_model, french_draft, practice, locales
):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", "reader@example.org", "password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    translation = translation_of(practice, locales["fr"])
    po = fill(translation.export_po(), FRENCH)
    before = translations_snapshot()

    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("t.po", po)},
    )

    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert messages_of(client, response) == [
        ("error", "Sorry, you do not have permission to access this area.")
    ]
    assert translations_snapshot() == before


# e. Malformed, hostile and foreign PO files change nothing and say why ---------


def header(translation, charset="utf-8"):
    return (
        'msgid ""\nmsgstr ""\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        f'"X-WagtailLocalize-TranslationID: {translation.uuid}\\n"\n\n'
    ).encode()


def with_msgstr(translation, msgid, msgstr):
    """The translation's own PO file, filled in, with `msgstr` for `msgid`."""
    return fill(translation.export_po(), {**FRENCH, msgid: msgstr})


def bad_files(translation, other):
    """(name, content, expected message) of files that must be refused."""
    valid = fill(translation.export_po(), FRENCH)
    cut = valid.index(b"Le contexte") + 5
    title = 'msgctxt "title"\nmsgid "Home support for seniors"\n'
    return [
        # Truncated in the middle of a translation: polib would import
        # "Le c" as the translation of the context.
        ("truncated.po", valid[:cut], "This file is not a valid PO file: syntax error at line"),
        ("image.po", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200, 256)) * 20,
         "This file is not a valid PO file: it is not text encoded in UTF-8."),
        ("latin1.po", valid.decode().encode("latin-1", "replace"),
         "This file is not a valid PO file: it is not text encoded in UTF-8."),
        ("utf16.po", valid.decode().encode("utf-16"),
         "This file is not a valid PO file: it is not text encoded in UTF-8."),
        ("declared-latin1.po", header(translation, "iso-8859-1") + (title + 'msgstr "Aide"\n').encode(),
         "This file is not a valid PO file: it is not text encoded in UTF-8."),
        # Syntax polib lets through: a keyword without quotes, an unknown
        # escape, plural forms; and one it refuses: a msgstr without msgid.
        ("unquoted.po", header(translation) + (title + "msgstr Aide\n").encode(),
         "This file is not a valid PO file: syntax error at line 8."),
        ("escape.po", header(translation) + (title + 'msgstr "Aide \\q"\n').encode(),
         "This file is not a valid PO file: syntax error at line 8."),
        ("plural.po", header(translation) + (title + 'msgstr[0] "Aide"\n').encode(),
         "This file is not a valid PO file: syntax error at line 8."),
        ("no-msgid.po", header(translation) + b'msgstr "Aide"\n',
         "This file is not a valid PO file: syntax error at line 6."),
        ("keyword.po", header(translation) + (title + 'msgstrr "Aide"\n').encode(),
         "This file is not a valid PO file: syntax error at line 8."),
        # The same text twice, translated two ways: which one is meant?
        ("duplicate.po",
         header(translation) + (title + 'msgstr "Aide"\n\n' + title + 'msgstr "Soutien"\n').encode(),
         "Line 10 of this PO file: the text “Home support for seniors” appears twice."),
        # A file for another translation under this one's ID.
        ("forged.po",
         header(translation) + b'msgctxt "title"\nmsgid "Peer support groups"\nmsgstr "Pairs"\n',
         "None of the translations in this PO file are texts of “Home support for seniors” "
         "in Français. Nothing was imported."),
        ("other.po", other, "This PO file belongs to another translation"),
        ("huge.po", valid + b"# padding\n" * 300_000,
         "This file is too large (2.9\xa0MB) to be the PO file of one page; the limit is 2.0\xa0MB."),
    ]  # fmt: skip


HOSTILE_MSGSTRS = [
    # (source text, translation, what wagtail-localize's own check says)
    ("The context of the practice.", "<script>alert(1)</script>Le contexte.", "<script> tag"),
    ("The context of the practice.", '<img src="x" onerror="alert(1)">', "<img> tag"),
    ("The context of the practice.", '<b onclick="alert(1)">Le</b> contexte.', "attributes"),
    ("The context of the practice.", '<a href="javascript:alert(1)">Le contexte</a>', "attributes"),
    ("The context of the practice.", '<a id="a9">Le contexte</a>', "Unrecognised id"),
    ("The context of the practice.", "</p><p>Le contexte</p><p>", "<p> tag"),
    ("First step.", "<ul><li>Première étape.</li></ul>", "<ul> tag"),
    ("Home support for seniors", "<script>alert(1)</script>Aide", "<script> tag"),
    ("Home support for seniors", "<svg onload=alert(1)>Aide</svg>", "<svg> tag"),
]


@pytest.mark.django_db
def test_malformed_and_foreign_po_files_change_nothing_and_say_why(
    admin_client, capture, french_draft, practice, make_practice, locales
):
    other_page = make_practice("Peer support groups", summary="Groups of peers.")
    submit_for_translation(admin_client, capture, other_page, locales["fr"])
    other = fill(
        download_po(admin_client, translation_of(other_page, locales["fr"])),
        {"Peer support groups": "Groupes de pairs"},
    )
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()

    for name, content, expected in bad_files(translation, other):
        messages = upload_po(admin_client, translation, content, name=name)
        assert_refused(messages, expected)
        assert translations_snapshot() == before, name

    assert translation.get_progress() == (SEGMENTS, 0)
    # A valid file is still imported.
    valid = fill(translation.export_po(), FRENCH)
    assert upload_po(admin_client, translation, valid) == [
        ("success", "Successfully imported translations from PO File.")
    ]
    assert translation.get_progress() == (SEGMENTS, SEGMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize(("msgid", "msgstr", "reason"), HOSTILE_MSGSTRS)
def test_translations_with_markup_the_segment_cannot_hold_are_refused(
    admin_client, french_draft, practice, locales, msgid, msgstr, reason
):
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()

    messages = upload_po(admin_client, translation, with_msgstr(translation, msgid, msgstr))

    assert_refused(messages, "Line ")
    assert reason in messages[0][1]
    assert messages[0][1].endswith("Nothing was imported.")
    assert translations_snapshot() == before
    assert translation.get_progress() == (SEGMENTS, 0)


@pytest.mark.django_db
def test_inline_markup_the_source_has_is_accepted(admin_client, french_draft, practice, locales):
    """The control of the test above: bold, emphasis and line breaks pass."""
    translation = translation_of(practice, locales["fr"])
    po = with_msgstr(
        translation, "The context of the practice.", "Le <b>contexte</b> de la <i>pratique</i>."
    )
    assert upload_po(admin_client, translation, po) == [
        ("success", "Successfully imported translations from PO File.")
    ]
    assert StringTranslation.objects.filter(
        locale=locales["fr"], data="Le <b>contexte</b> de la <i>pratique</i>."
    ).exists()


@pytest.mark.django_db
def test_arbitrary_uploads_never_fail_and_never_change_the_strings(
    admin_client, french_draft, practice, locales
):
    """Hypothesis: any bytes, any text, any PO-looking text under this
    translation's ID: a redirect with one message, never a server error, and
    the translation's strings unchanged (nothing in these files is a text of
    this translation)."""
    translation = translation_of(practice, locales["fr"])
    before = translations_snapshot()
    po_text = st.builds(
        lambda entries: (
            header(translation)
            + "".join(
                f'msgctxt "{context}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
                for context, msgid, msgstr in entries
            ).encode()
        ),
        st.lists(st.tuples(st.text(max_size=20), st.text(max_size=40), st.text(max_size=40))),
    )
    uploads = st.one_of(
        st.binary(min_size=1, max_size=3000),
        st.text(min_size=1, max_size=3000).map(lambda text: text.encode()),
        po_text,
    )
    tried = []

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(content=uploads)
    def upload_anything(content):
        tried.append(content)
        messages = upload_po(admin_client, translation, content, name="upload.po")
        assert len(messages) == 1, messages
        assert translations_snapshot() == before

    upload_anything()
    assert len(tried) >= 60
