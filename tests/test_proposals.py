"""The public "Propose a practice" form (/<lang>/propose/).

A valid proposal becomes a draft practice in review, attributed to its
author, with its files in a collection only logged-in users can download;
invalid proposals, spam (the honeypot) and visitors over the rate limit
create nothing; and nothing the form receives is ever published.
"""

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from site_helpers import HOST
from translator_helpers import make_user
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from practices.models import PracticePage, Proposal
from practices.models.pages import PracticePage as PracticePageModel

URL = "/en/propose/"
THANKS = "/en/propose/thanks/"


@pytest.fixture(autouse=True)
def empty_rate_limit():
    cache.clear()
    yield
    cache.clear()


def text(element):
    """An element's text, with the no-break spaces of file sizes as spaces."""
    return element.get_text().replace("\xa0", " ")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def post(client, data, url=URL, **extra):
    return client.post(url, data, HTTP_HOST=HOST, **extra)


def get(client, url=URL):
    return client.get(url, HTTP_HOST=HOST)


# Files ------------------------------------------------------------------------


def pdf(name="report.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
    if size:
        content = content.ljust(size, b"\n")
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="photo.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")


def zipped(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def docx(name="plan.docx"):
    types = (
        '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    return zipped(name, {"[Content_Types].xml": types, "word/document.xml": "<w/>"})


def odt(name="notes.odt"):
    return zipped(name, {"mimetype": "application/vnd.oasis.opendocument.text"})


# Users and data -----------------------------------------------------------------


@pytest.fixture
def contributor(site_tree):
    """A user who may add pages under the English practice index only."""
    group = Group.objects.create(name="Proposal contributors")
    GroupPagePermission.objects.create(
        group=group,
        page=site_tree["index"],
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
    user = make_user("ada", "Proposal contributors")
    user.first_name, user.last_name = "Ada", "Lovelace"
    user.save()
    return user


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def review_workflow(site_tree):
    workflow = Workflow.objects.create(name="Practice review")
    task = GroupApprovalTask.objects.create(name="Review")
    task.groups.set([Group.objects.get(name="Moderators")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=site_tree["index"])
    return workflow


def valid_data(themes, countries, **overrides):
    data = {
        "title": "Neighbourhood kitchens",
        "summary": "Residents cook together once a week with social workers.",
        "context": "Isolated older people.\n\nFew places to meet.",
        "method_text": "A weekly kitchen in a community centre.",
        "outcomes": "Forty regular participants.",
        "transferability": "Needs a kitchen and a volunteer cook.",
        "themes": [themes["ageing"].pk],
        "countries": [countries["FR"].pk],
        "region": "Nantes",
        "start_year": "2020",
        "end_year": "",
        "organisations": "Ville de Nantes\nCCAS de Nantes",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "contact_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def nothing_created():
    return (
        not PracticePage.objects.filter(title__contains="Neighbourhood").exists()
        and not Proposal.objects.exists()
        and not get_document_model().objects.exists()
    )


# A valid proposal -----------------------------------------------------------------


def test_valid_proposal_becomes_an_attributed_draft_in_review(
    contributor_client, contributor, site_tree, themes, countries, review_workflow
):
    data = valid_data(themes, countries, attachments=[pdf(), png(), docx(), odt()])
    response = post(contributor_client, data)

    assert response.status_code == 302
    assert response["Location"] == THANKS
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    assert not page.live and page.first_published_at is None
    assert page.get_parent().pk == site_tree["index"].pk
    assert page.locale.language_code == "en"
    assert page.owner == contributor
    assert page.summary == data["summary"]
    assert page.context == "<p>Isolated older people.</p><p>Few places to meet.</p>"
    assert list(page.themes.all()) == [themes["ageing"]]
    assert list(page.countries.all()) == [countries["FR"]]
    assert (page.region, page.start_year, page.end_year) == ("Nantes", 2020, None)
    assert (page.contact_name, page.contact_email, page.contact_consent) == (
        "Ada Lovelace",
        "ada@example.org",
        True,
    )
    assert page.last_reviewed == PracticePageModel._meta.get_field("last_reviewed").default()

    proposal = Proposal.objects.get()
    assert proposal.page.pk == page.pk and proposal.user == contributor
    assert proposal.organisations == "Ville de Nantes\nCCAS de Nantes"
    assert proposal.language == "en"
    assert len(proposal.ip_hash) == 64 and "127.0.0.1" not in proposal.ip_hash

    documents = [block.value["document"] for block in page.attachments]
    assert sorted(d.title for d in documents) == ["notes", "photo", "plan", "report"]
    collection = documents[0].collection
    assert {d.collection_id for d in documents} == {collection.pk}
    assert collection.name == "Proposals"
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == BaseViewRestriction.LOGIN

    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow == review_workflow
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == contributor
    assert page.latest_revision is not None and page.latest_revision.user == contributor


def test_attachments_are_not_downloadable_by_anonymous_visitors(
    client, contributor_client, themes, countries
):
    post(contributor_client, valid_data(themes, countries, attachments=[pdf()]))
    document = get_document_model().objects.get()
    client.logout()
    response = client.get(document.url, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_proposal_reaches_no_public_page(
    client, contributor_client, make_practice, themes, countries
):
    make_practice("Published kitchens", summary="Kitchens that work.")
    post(contributor_client, valid_data(themes, countries))
    draft = PracticePage.objects.get(title="Neighbourhood kitchens")
    client.logout()

    results = client.get("/en/search/", {"q": "kitchens"}, HTTP_HOST=HOST)
    assert "Published kitchens" in results.text  # the search does find kitchens
    assert "Neighbourhood kitchens" not in results.text
    sitemap = client.get("/sitemap.xml", HTTP_HOST=HOST)
    assert "published-kitchens" in sitemap.text and draft.slug not in sitemap.text
    feed = client.get("/en/feed/", HTTP_HOST=HOST)
    assert "Published kitchens" in feed.text and "Neighbourhood kitchens" not in feed.text
    assert client.get(draft.url, HTTP_HOST=HOST).status_code == 404


def test_without_a_workflow_the_proposal_stays_a_draft(contributor_client, themes, countries):
    WorkflowPage.objects.all().delete()
    response = post(contributor_client, valid_data(themes, countries))
    assert response.status_code == 302
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    assert not page.live
    assert not WorkflowState.objects.exists()


def test_hostile_text_is_escaped_in_the_preview(
    contributor_client, admin_client, themes, countries
):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post(
        contributor_client,
        valid_data(themes, countries, title="Neighbourhood kitchens", method_text=hostile),
    )
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    assert "<script>" not in page.method_text
    preview = admin_client.get(f"/admin/pages/{page.pk}/view_draft/", HTTP_HOST=HOST)
    assert preview.status_code == 200
    method = soup(preview).find("section", id="method")
    assert method.find("script") is None and method.find("img") is None
    assert '<script>alert("x")</script>' in method.get_text()


def test_form_is_prefilled_for_a_logged_in_contributor(contributor_client):
    response = get(contributor_client)
    assert response.status_code == 200
    html = soup(response)
    assert html.find(id="id_name")["value"] == "Ada Lovelace"
    assert html.find(id="id_email")["value"] == "ada@example.org"
    assert html.find(id="id_email")["autocomplete"] == "email"


# Invalid proposals ------------------------------------------------------------------


def test_missing_parts_are_listed_and_nothing_is_created(contributor_client, themes, countries):
    data = valid_data(themes, countries, context="", email="not-mail")
    data.update(themes=[], countries=[])
    response = post(contributor_client, data)

    assert response.status_code == 400
    html = soup(response)
    summary = html.find(class_="error-summary")
    links = {a["href"]: a.get_text() for a in summary.find_all("a")}
    assert set(links) == {"#id_context", "#id_themes_0", "#id_countries_0", "#id_email"}
    assert "Describe the context" in links["#id_context"]
    assert "Choose at least one theme." in links["#id_themes_0"]
    # Every link leads to a field, described by its message.
    for anchor in links:
        assert html.find(id=anchor[1:]) is not None
    context = html.find(id="id_context")
    assert context["aria-invalid"] == "true"
    assert "id_context_error" in context["aria-describedby"].split()
    assert "Describe the context" in html.find(id="id_context_error").get_text()
    themes_fieldset = html.find(id="id_themes_0").find_parent("fieldset")
    assert "id_themes_error" in themes_fieldset["aria-describedby"].split()
    # What the visitor typed is kept.
    assert html.find(id="id_title")["value"] == "Neighbourhood kitchens"
    assert nothing_created()


@pytest.mark.parametrize(
    ("upload", "name"),
    [
        (SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03" + b"\0" * 200), "report.pdf"),
        (SimpleUploadedFile("photo.png", b"<!DOCTYPE html><script>x</script>"), "photo.png"),
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03" + b"\0" * 200), "tool.exe"),
        (zipped("sheet.xlsx", {"a.txt": "not a spreadsheet"}), "sheet.xlsx"),
        (docx("plan.xlsx"), "plan.xlsx"),  # a real docx named .xlsx
    ],
)
def test_a_file_whose_content_is_not_its_type_is_refused(
    contributor_client, themes, countries, upload, name
):
    upload.content_type = "application/pdf"  # the browser's word is not taken
    response = post(contributor_client, valid_data(themes, countries, attachments=[upload]))

    assert response.status_code == 400
    errors = soup(response).find(id="id_attachments_error").get_text()
    assert f"“{name}”" in errors and "does not match its extension" in errors
    assert nothing_created()


def test_a_word_97_file_is_refused_as_in_the_admin(contributor_client, themes, countries):
    """doc, xls and ppt carry macros no check clears: refused here as in the
    admin, even when the file is a real OLE2 compound file."""
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") * 8
    upload = SimpleUploadedFile("minutes.doc", ole2, content_type="application/msword")
    response = post(contributor_client, valid_data(themes, countries, attachments=[upload]))

    assert response.status_code == 400
    errors = soup(response).find(id="id_attachments_error").get_text()
    assert "“minutes.doc”" in errors
    assert ".doc" not in soup(response).find(id="id_attachments")["accept"].split(",")
    assert nothing_created()


def test_every_attachment_a_proposal_brings_can_be_edited_in_the_admin(
    contributor_client, superuser, themes, countries
):
    files = [pdf(), png(), docx(), odt()]
    response = post(contributor_client, valid_data(themes, countries, attachments=files))
    assert response.status_code == 302
    admin_client = contributor_client
    admin_client.force_login(superuser)

    documents = get_document_model().objects.order_by("pk")
    assert documents.count() == len(files)
    for document in documents:
        edit = f"/admin/documents/edit/{document.pk}/"
        data = {"title": f"Checked {document.title}", "collection": document.collection_id}
        response = admin_client.post(edit, data)
        assert response.status_code == 302, document.filename
        assert response["Location"] == "/admin/documents/", response["Location"]
        document.refresh_from_db()
        assert document.title.startswith("Checked ")


@override_settings(PROPOSALS_MAX_FILE_SIZE=2048)
def test_an_oversized_file_is_refused(contributor_client, themes, countries):
    data = valid_data(themes, countries, attachments=[pdf("big.pdf", size=4096), pdf()])
    response = post(contributor_client, data)

    assert response.status_code == 400
    errors = text(soup(response).find(id="id_attachments_error"))
    assert "“big.pdf” is too large (4.0 KB): the limit is 2.0 KB per file." in errors
    assert "report.pdf" not in errors
    assert nothing_created()


@override_settings(PROPOSALS_MAX_TOTAL_SIZE=4096)
def test_files_over_the_total_size_are_refused(contributor_client, themes, countries):
    files = [pdf(f"part{i}.pdf", size=1500) for i in range(3)]
    response = post(contributor_client, valid_data(themes, countries, attachments=files))
    assert response.status_code == 400
    assert "the limit is 4.0 KB in all" in text(soup(response).find(id="id_attachments_error"))
    assert nothing_created()


def test_too_many_files_are_refused_and_the_visitor_is_told_to_choose_again(
    contributor_client, themes, countries
):
    files = [pdf(f"part{i}.pdf") for i in range(settings.PROPOSALS_MAX_FILES + 1)]
    response = post(contributor_client, valid_data(themes, countries, attachments=files))

    assert response.status_code == 400
    html = soup(response)
    assert "Send at most 5 files." in html.find(id="id_attachments_error").get_text()
    summary = html.find(class_="error-summary").get_text()
    assert "Your 6 files were not kept: choose them again" in summary
    assert "part0.pdf" in html.find(class_="form-field__files").get_text()
    assert nothing_created()


def test_end_year_before_start_year_is_refused(contributor_client, themes, countries):
    response = post(
        contributor_client, valid_data(themes, countries, start_year="2020", end_year="2019")
    )
    assert response.status_code == 400
    assert "cannot be before" in soup(response).find(id="id_end_year_error").get_text()
    assert nothing_created()


# Spam -----------------------------------------------------------------------------


def test_honeypot_shows_the_confirmation_and_creates_nothing(contributor_client, themes, countries):
    data = valid_data(themes, countries, website="http://spam.example", attachments=[pdf()])
    response = post(contributor_client, data)
    assert response.status_code == 302 and response["Location"] == THANKS
    assert nothing_created()


def test_honeypot_is_hidden_from_people_and_assistive_technology(contributor_client):
    html = soup(get(contributor_client))
    field = html.find(id="id_website")
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off"
    assert field.find_parent(attrs={"aria-hidden": "true"}) is not None


@override_settings(PROPOSALS_RATE_LIMIT=2)
def test_over_the_rate_limit_the_visitor_gets_429(contributor_client, themes, countries):
    for n in range(2):
        assert (
            post(contributor_client, valid_data(themes, countries, title=f"P{n}")).status_code
            == 302
        )
    response = post(contributor_client, valid_data(themes, countries, title="Neighbourhood x"))

    assert response.status_code == 429
    assert soup(response).h1.get_text() == "Too many proposals"
    assert "wait 60 minutes" in response.text
    assert PracticePage.objects.filter(title__in=["P0", "P1"]).count() == 2
    assert not PracticePage.objects.filter(title="Neighbourhood x").exists()


@override_settings(PROPOSALS_RATE_LIMIT=1, PROPOSALS_ALLOW_ANONYMOUS=True)
def test_rate_limit_counts_per_address_across_accounts(client, contributor, themes, countries):
    client.force_login(contributor)
    assert post(client, valid_data(themes, countries, title="P0")).status_code == 302
    client.logout()
    # Another visitor (anonymous) from the same address is limited too.
    assert post(client, valid_data(themes, countries)).status_code == 429
    # The same form from another address goes through.
    response = post(client, valid_data(themes, countries), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


@override_settings(
    PROPOSALS_RATE_LIMIT=1, PROPOSALS_ALLOW_ANONYMOUS=True, LOGIN_TRUSTED_PROXY_COUNT=1
)
def test_behind_the_proxy_the_rate_limit_counts_the_visitors_address(
    client, site_tree, themes, countries
):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert post(client, valid_data(themes, countries, title="P0"), **first).status_code == 302
    # The same visitor again, even with an address of their own invention
    # written to the left of the one the proxy appended.
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.1"}
    assert post(client, valid_data(themes, countries), **spoofed).status_code == 429
    # Another visitor behind the same proxy is not limited by the first.
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert post(client, valid_data(themes, countries, title="P1"), **second).status_code == 302


# Who may propose --------------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_sign_in(client, site_tree, themes, countries):
    response = get(client)
    assert response.status_code == 403
    html = soup(response)
    assert html.h1.get_text() == "Propose a practice"
    link = html.find("a", string="Sign in")
    assert link["href"] == "/admin/login/?next=%2Fen%2Fpropose%2F"
    assert html.find("form", class_="proposal-form") is None
    # Posting does not get around it.
    assert post(client, valid_data(themes, countries)).status_code == 403
    assert nothing_created()


def test_a_user_without_permission_is_told_why(client, site_tree):
    client.force_login(make_user_without_groups())
    response = get(client)
    assert response.status_code == 403
    assert "Your account cannot propose practices" in response.text


def make_user_without_groups():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("bob", "bob@example.org", "password")


@override_settings(PROPOSALS_ALLOW_ANONYMOUS=True)
def test_anonymous_proposals_when_enabled(client, site_tree, themes, countries, review_workflow):
    assert get(client).status_code == 200
    response = post(client, valid_data(themes, countries, attachments=[pdf()]))

    assert response.status_code == 302 and response["Location"] == THANKS
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    assert not page.live and page.owner is None
    proposal = Proposal.objects.get()
    assert proposal.user is None and proposal.proposer_email == "ada@example.org"
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.requested_by is None and state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_french_proposal_goes_to_the_french_index(admin_client, site_tree, themes, countries):
    response = post(admin_client, valid_data(themes, countries), url="/fr/propose/")
    assert response.status_code == 302 and response["Location"] == "/fr/propose/thanks/"
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    assert page.get_parent().pk == site_tree["index_fr"].pk
    assert page.locale.language_code == "fr"
    assert Proposal.objects.get().language == "fr"


def test_the_english_contributor_cannot_propose_in_french(contributor_client, site_tree):
    assert get(contributor_client, "/fr/propose/").status_code == 403


# Every language ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_renders_the_form_with_translated_labels(
    admin_client, site_tree, themes, countries, code
):
    response = get(admin_client, f"/{code}/propose/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == code
    labels = {}
    for language in ("en", code):
        with translation.override(language):
            labels[language] = {
                name: str(PracticePageModel._meta.get_field(name).verbose_name).lower()
                for name in ("context", "countries")
            }
    assert (
        text(html.find("label", attrs={"for": "id_context"}))
        .lower()
        .startswith(labels[code]["context"])
    )
    legend = html.find(id="id_countries_0").find_parent("fieldset").legend
    assert text(legend).lower().startswith(labels[code]["countries"])
    if code != "en":  # the catalogue translates it: the form shows the translation
        assert labels[code]["countries"] != labels["en"]["countries"]


def test_theme_names_are_in_the_visitors_language(admin_client, site_tree, themes):
    html = soup(get(admin_client, "/fr/propose/"))
    boxes = html.find(id="id_themes_0").find_parent("fieldset").find_all("label")
    names = [label.get_text(strip=True) for label in boxes]
    assert names == ["Protection de l'enfance", "Vieillissement et perte d'autonomie"]
    # The values are the English (default-locale) rows, the ones practices relate to.
    values = {box.input["value"] for box in boxes}
    assert values == {str(themes["ageing"].pk), str(themes["child-protection"].pk)}


def test_the_header_links_to_the_form(client, site_tree):
    html = soup(client.get("/fr/", HTTP_HOST=HOST, follow=True))
    assert html.find("nav", class_="site-nav").find("a", href="/fr/propose/") is not None


def test_confirmation_page(client, site_tree):
    response = get(client, THANKS)
    assert response.status_code == 200
    assert soup(response).h1.get_text() == "Thank you for your proposal"


def test_form_queries_do_not_grow_with_the_terms(
    admin_client, site_tree, themes, countries, locales, django_assert_max_num_queries
):
    from practices.models import Country, Theme

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert get(admin_client, "/fr/propose/").status_code == 200
        return len(queries)

    small = count()
    for n in range(10):
        Theme.objects.create(name=f"Theme {n}", slug=f"theme-{n}", locale=locales["en"])
    for code in ("DE", "ES", "PT", "BE", "NL"):
        Country.objects.create(code=code)
    with django_assert_max_num_queries(small):
        assert get(admin_client, "/fr/propose/").status_code == 200


def test_proposals_are_read_only_in_the_admin(contributor_client, admin_client, themes, countries):
    from django.urls import reverse

    post(contributor_client, valid_data(themes, countries))
    proposal = Proposal.objects.get()
    listing = admin_client.get(reverse("wagtailsnippets_practices_proposal:list"))
    assert listing.status_code == 200 and "ada@example.org" in listing.text
    inspect = admin_client.get(
        reverse("wagtailsnippets_practices_proposal:inspect", args=[proposal.pk])
    )
    assert inspect.status_code == 200 and "CCAS de Nantes" in inspect.text
    edit = admin_client.get(reverse("wagtailsnippets_practices_proposal:edit", args=[proposal.pk]))
    assert edit.status_code == 302  # Wagtail's "permission denied": back to the dashboard
    assert edit["Location"] == reverse("wagtailadmin_home")
    add = admin_client.get(reverse("wagtailsnippets_practices_proposal:add"))
    assert add.status_code == 302
    assert Proposal.objects.count() == 1


# From proposal to publication (issue #15, points 6 and 7) ----------------------------


def approve(client, page, documents=(), organisations=()):
    """A reviewer approves `page` in its edit view, the form showing its
    attachments and organisations as the admin does."""
    from admin_forms import streamfield
    from workflow_helpers import edit_url, pressing

    data = pressing(
        "approve",
        page,
        attachments=streamfield(
            [("attachment", {"document": document.pk, "title": ""}) for document in documents]
        ),
    )
    data["organisations"] = [str(organisation.pk) for organisation in organisations]
    return client.post(edit_url(page), data, HTTP_HOST=HOST)


def anonymous_download(document):
    from django.test import Client

    return Client().get(document.url, HTTP_HOST=HOST)


def test_approval_makes_the_attachments_public(
    contributor_client, admin_client, themes, countries, review_workflow
):
    post(contributor_client, valid_data(themes, countries, attachments=[pdf()]))
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    document = get_document_model().objects.get()
    before = anonymous_download(document)
    assert before.status_code == 302 and "/login/" in before["Location"]

    response = approve(admin_client, page, [document], page.organisations.all())

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    document.refresh_from_db()
    assert document.collection.name == "Practice documents"
    assert not document.collection.get_view_restrictions().exists()
    after = anonymous_download(document)
    assert after.status_code == 200
    assert after["Content-Type"] == "application/pdf"
    assert b"".join(after.streaming_content).startswith(b"%PDF-")
    # The published page links to it.
    html = soup(anonymous_page(page))
    assert html.find("a", href=document.url) is not None


def anonymous_page(page):
    from django.test import Client

    return Client().get(page.url, HTTP_HOST=HOST)


def test_publishing_directly_releases_the_files_once(contributor_client, themes, countries):
    from practices.editorial.proposals.publication import release_proposal_files

    post(contributor_client, valid_data(themes, countries, attachments=[pdf(), png()]))
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    page.save_revision().publish()

    collections = {d.collection.name for d in get_document_model().objects.all()}
    assert collections == {"Practice documents"}
    assert release_proposal_files(page) == 0  # idempotent
    page.save_revision().publish()
    assert get_document_model().objects.filter(collection__name="Practice documents").count() == 2


def test_files_of_a_proposal_sent_back_for_changes_stay_private(
    contributor_client, admin_client, themes, countries, review_workflow
):
    from workflow_helpers import edit_url, pressing

    post(contributor_client, valid_data(themes, countries, attachments=[pdf()]))
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    data = pressing("reject", page, comment="Name the town.")
    assert admin_client.post(edit_url(page), data, HTTP_HOST=HOST).status_code == 302
    document = get_document_model().objects.get()
    assert document.collection.name == "Proposals"
    assert anonymous_download(document).status_code == 302


def test_publishing_leaves_other_private_collections_alone(make_practice):
    from practices.editorial.group_sync import root_collection

    board = root_collection().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=BaseViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Minutes", file=pdf("minutes.pdf"), collection=board
    )
    make_practice(attachments=[("attachment", {"document": document, "title": ""})])
    document.refresh_from_db()
    assert document.collection.name == "Board papers"


def test_named_organisations_reach_the_draft(contributor_client, themes, countries):
    from practices.models import Organisation

    nantes = Organisation.objects.create(
        name="Ville de Nantes", type="public_authority", country="FR"
    )
    liege = Organisation.objects.create(name="Université de Liège", type="university", country="BE")
    typed = "ville de  NANTES\nCCAS de Nantes\n\n  universite de liege \nCCAS  de nantes\n"
    post(contributor_client, valid_data(themes, countries, organisations=typed))

    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    linked = sorted(page.organisations.all(), key=lambda o: o.name)
    ccas = Organisation.objects.get(name="CCAS de Nantes")
    assert linked == [ccas, liege, nantes]
    assert Organisation.objects.count() == 3
    assert ccas.needs_checking and str(ccas.country.code) == "FR" and ccas.type == "other"
    assert not nantes.needs_checking and not liege.needs_checking
    # The record keeps what the proposer typed.
    assert "universite de liege" in Proposal.objects.get().organisations


def test_the_reviewer_sees_the_proposal_and_its_organisations_in_the_edit_view(
    contributor_client, admin_client, themes, countries
):
    from workflow_helpers import edit_url

    post(contributor_client, valid_data(themes, countries))
    page = PracticePage.objects.get(title="Neighbourhood kitchens")
    response = admin_client.get(edit_url(page), HTTP_HOST=HOST)

    assert response.status_code == 200
    html = soup(response)
    chosen = {
        o.get_text() for o in html.find(id="id_organisations").find_all("option", selected=True)
    }
    assert chosen == {"Ville de Nantes", "CCAS de Nantes"}
    notice = text(html.find("section", class_="help-info"))
    assert "From the proposal of Ada Lovelace (ada@example.org)" in notice
    assert "to check" in notice and "CCAS de Nantes" in notice


def test_a_practice_made_in_the_admin_shows_no_proposal_panel(admin_client, make_practice):
    from workflow_helpers import edit_url

    response = admin_client.get(edit_url(make_practice()), HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "From the proposal of" not in response.text


def test_organisations_of_a_draft_are_nowhere_public(client, contributor_client, themes, countries):
    post(
        contributor_client, valid_data(themes, countries, organisations="Kitchen Collective Nantes")
    )
    client.logout()
    urls = (
        "/en/",
        "/en/practices/",
        "/en/search/?q=collective",
        "/en/search/export.csv",
        "/en/search/export.json",
        "/api/v1/search/?lang=en&q=collective",
        "/en/feed/",
        "/sitemap.xml",
    )
    for url in urls:
        response = client.get(url, HTTP_HOST=HOST)
        assert response.status_code == 200, url
        assert "Kitchen Collective" not in response.text, url


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("\n".join(f"Organisation {n}" for n in range(21)), "Name at most 20 organisations"),
        ("A" * 256, "has at most 255 characters"),
    ],
)
def test_too_many_or_too_long_organisations_are_refused(
    contributor_client, themes, countries, typed, message
):
    response = post(contributor_client, valid_data(themes, countries, organisations=typed))
    assert response.status_code == 400
    assert message in text(soup(response).find(id="id_organisations_error"))
    assert nothing_created()
    from practices.models import Organisation

    assert not Organisation.objects.exists()


def test_editors_and_reviewers_keep_their_rights_on_released_files(
    contributor_client, themes, countries
):
    """ "Practice documents" sits under the root collection: the editorial
    roles' collection permissions (setup_roles) apply to it unchanged."""
    from translator_helpers import run_setup_roles
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    run_setup_roles()
    post(contributor_client, valid_data(themes, countries, attachments=[pdf()]))
    PracticePage.objects.get(title="Neighbourhood kitchens").save_revision().publish()
    document = get_document_model().objects.get()
    editor, reviewer = make_user("emma", "Editors"), make_user("rita", "Reviewers")
    assert permission_policy.user_has_permission_for_instance(editor, "change", document)
    assert permission_policy.user_has_permission_for_instance(reviewer, "choose", document)
    assert not permission_policy.user_has_permission_for_instance(reviewer, "change", document)


def test_organisations_to_check_are_listed_in_the_admin(
    contributor_client, admin_client, themes, countries
):
    from django.urls import reverse

    from practices.models import Organisation

    Organisation.objects.create(name="Ville de Nantes", country="FR")
    post(contributor_client, valid_data(themes, countries))
    listing = reverse("wagtailsnippets_practices_organisation:list")
    response = admin_client.get(listing, {"needs_checking": "true"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "CCAS de Nantes" in response.text and "Ville de Nantes" not in response.text


def test_an_image_left_in_the_proposals_collection_is_released_with_its_practice(make_practice):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from practices.editorial.proposals.submission import proposals_collection

    image = get_image_model().objects.create(
        title="Kitchen", file=get_test_image_file(), collection=proposals_collection()
    )
    make_practice(image=image)
    image.refresh_from_db()
    assert image.collection.name == "Practice documents"


def test_a_contributors_admin_upload_is_private_until_its_practice_is_published(
    site_tree, themes, countries
):
    """The "Contributions" collection, where contributors upload in the admin,
    is readable by signed-in users only; publishing the practice releases
    its files like a proposal's."""
    from translator_helpers import run_setup_roles

    run_setup_roles()
    contributions = Collection.objects.get(name="Contributions")
    assert contributions.get_view_restrictions().exists()
    document = get_document_model().objects.create(
        title="Evaluation report", file=pdf(), collection=contributions
    )
    page = PracticePage(
        title="Neighbourhood kitchens",
        slug="neighbourhood-kitchens",
        summary="Residents cook together once a week.",
        context="<p>Isolation.</p>",
        method_text="<p>A shared kitchen.</p>",
        outcomes="<p>Meals together.</p>",
        transferability="<p>Any district.</p>",
        attachments=[("attachment", {"document": document, "title": ""})],
    )
    site_tree["index"].add_child(instance=page)
    page.save_revision()
    before = anonymous_download(document)
    assert before.status_code == 302 and "/login/" in before["Location"]

    page.get_latest_revision().publish()

    document.refresh_from_db()
    assert document.collection.name == "Practice documents"
    assert anonymous_download(document).status_code == 200
