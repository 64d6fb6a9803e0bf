"""Stored content renders harmlessly wherever it appears (issue #8).

A practice, its terms, organisation, project, keywords, image and document
carry script tags, attribute breakouts, event handlers, `javascript:` links,
`</script>` and template syntax in every text field an editor fills. It is
published through the admin, as an editor would, and every place that shows
it is read as a browser or a machine would read it: the practice page, the
home page, the practice index, the search page (with highlighted snippets),
the JSON API, the Atom feed, the CSV and JSON exports, the JSON-LD, the
sitemap, and the admin. Uploads (SVG, HTML, lying extensions, oversized
files, pixel bombs) are refused with a message, and documents are served
so that they cannot run in the site's origin.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from admin_forms import practice_form_data
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from site_helpers import HOST, get
from translator_helpers import practice_values
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, CollectionViewRestriction, UploadedFile
from wagtail.test.utils.form_data import streamfield
from workflow_helpers import add_url

from practices.editorial.group_sync import root_collection
from practices.editorial.proposals.submission import proposals_collection
from practices.localize.po_translation import translate
from practices.models import (
    ErasmusProject,
    Organisation,
    PracticePage,
    PracticeType,
    Profession,
    Proposal,
    TargetGroup,
    Theme,
)

# What an attacker types: a script, an attribute breakout into an image with
# an error handler, a bare handler, a closing </script> and template syntax.
PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)> onmouseover=alert(1) {{ 7 }}{% now "Y" %}'  # noqa: E501
SHORT = "<script>alert(1)</script>{{ 7 }}"  # for fields of 40 characters
JS_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"}
SEARCH_WORD = "onerror"  # a word of the payload the search finds


def labelled(label, payload=PAYLOAD, limit=120):
    return f"{label} {payload}"[:limit]


def contentstate(label):
    """Draftail's JSON for a paragraph of hostile text whose words link to
    `javascript:` URLs, as a hand-made request (not the editor) sends it."""
    text = labelled(label, limit=400)
    entity_map = {
        str(number): {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}
        for number, url in enumerate(JS_URLS)
    }
    ranges = [{"offset": 0, "length": len(label), "key": number} for number in range(1)]
    blocks = [
        {
            "key": f"b{number}",
            "type": "unstyled",
            "depth": 0,
            "text": text if number == 0 else f"link {number}",
            "inlineStyleRanges": [],
            "entityRanges": ranges if number == 0 else [{"offset": 0, "length": 4, "key": number}],
        }
        for number in range(len(JS_URLS))
    ]
    return json.dumps({"blocks": blocks, "entityMap": entity_map})


def png_bytes(width=8, height=8):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


# The hostile practice ------------------------------------------------------------


@pytest.fixture
def hostile(site_tree, locales, countries, admin_client):
    """A practice whose every text carries the payload, published through the admin."""
    en = locales["en"]
    terms = {
        model: model.objects.create(
            name=labelled(model.__name__), slug=model.__name__.lower(), locale=en,
            description=labelled("description"),
        )
        for model in (Theme, TargetGroup, Profession, PracticeType)
    }  # fmt: skip
    organisation = Organisation.objects.create(
        name=labelled("Organisation"), country="FR", city=labelled("City"),
        website="https://example.org/?q=%22%3E%3Cscript%3E",
    )  # fmt: skip
    project = ErasmusProject.objects.create(
        title=labelled("Project"), acronym=SHORT, key_action="KA2", call_year=2020,
        action_type=labelled("Action"), url="https://example.org/project?x=\"'><script>",
    )  # fmt: skip
    image = get_image_model().objects.create(
        title=labelled("Image title", limit=255),
        description=labelled("Alt text", limit=255),
        file=ContentFile(png_bytes(), name="picture.png"),
    )
    document = get_document_model().objects.create(
        title=labelled("Document title", limit=255), file=ContentFile(PDF, name="report.pdf")
    )
    data = practice_form_data(
        title=labelled("Title", limit=255),
        slug="hostile",
        seo_title=labelled("SEO title", limit=255),
        search_description=labelled("Search description", limit=400),
        summary=labelled("Summary", limit=400),
        context=contentstate("Context"),
        method_text=contentstate("Method"),
        outcomes=contentstate("Outcomes"),
        transferability=contentstate("Transferability"),
        resources=contentstate("Resources"),
        difficulties=contentstate("Difficulties"),
        indicators=streamfield(
            [("indicator", {"label": labelled("Indicator"), "value": SHORT, "unit": SHORT})]
        ),
        attachments=streamfield(
            [("attachment", {"document": document.pk, "title": labelled("Attachment")})]
        ),
        image=str(image.pk),
        region=labelled("Region", limit=200),
        contact_name=labelled("Contact"),
        contact_role=labelled("Role"),
        contact_email="contact@example.org",
        contact_consent="on",
        tags="<script>alert(1)</script><img src=x onerror=alert(1)>, {{ 7 }}{% now 'Y' %}",
        themes=[terms[Theme].pk],
        countries=[countries["FR"].pk],
    )
    data.update(
        target_groups=[str(terms[TargetGroup].pk)],
        professions=[str(terms[Profession].pk)],
        practice_types=[str(terms[PracticeType].pk)],
        organisations=[str(organisation.pk)],
        project=str(project.pk),
    )
    response = admin_client.post(add_url(site_tree["index"]), data, HTTP_HOST=HOST)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PracticePage.objects.get(slug="hostile")
    assert page.live
    admin_client.logout()  # the public pages are read by an anonymous visitor
    return {"page": page, "terms": terms, "image": image, "document": document}


# What a browser would run ----------------------------------------------------------


def _scheme(url):
    folded = re.sub(r"[\x00-\x20\x7f-\xa0\s`]+", "", url or "").lower()
    return folded.split(":", 1)[0] if ":" in folded.split("/", 1)[0] else ""


def assert_harmless_html(content, *, admin=False):
    """No script but the site's own, no event handler, no javascript: URL,
    and no element the payload could have created.

    The public site's only inline script is its JSON-LD; the admin (Wagtail's
    own templates) also has JSON data and short inline scripts of its own,
    which must not hold the payload."""
    html = content.decode() if isinstance(content, bytes) else content
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("src"):
            # The site's own files: a path on this origin.
            assert script["src"].startswith("/") and not script["src"].startswith("//"), script
        elif script.get("type") in ("application/ld+json", "application/json"):
            json.loads(script.string)  # whole: no payload ended the element early
        else:
            assert admin and script.get("type") in (None, "text/javascript"), script
            assert "alert(1)" not in script.get_text(), script
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name, value)
            if name.lower() in URL_ATTRIBUTES:
                values = value if isinstance(value, list) else [value]
                for url in values:
                    assert _scheme(url) not in ("javascript", "vbscript", "data"), element
        if element.name in ("img", "iframe", "object", "embed", "svg", "base", "meta"):
            assert element.get("src") != "x", element
    # The text survives as text: nothing was evaluated by the template engine.
    assert "alert(1)" not in "".join(
        str(value) for element in soup.find_all(True) for value in element.attrs.values()
        if isinstance(value, str) and value.lower().startswith(("javascript", "java"))
    )  # fmt: skip
    return soup


def visible_text(soup):
    return " ".join(soup.get_text().split())


# Public pages ------------------------------------------------------------------------


def test_practice_page_shows_the_payloads_as_text(client, hostile):
    response = get(client, hostile["page"].url)
    assert response.status_code == 200
    soup = assert_harmless_html(response.content)
    text = visible_text(soup)
    # Every payload is there, as text, with the template syntax unevaluated.
    for label in (
        "Title", "Summary", "Context", "Method", "Outcomes", "Transferability", "Resources",
        "Difficulties", "Indicator", "Attachment", "Region", "Contact", "Role",
        "TargetGroup", "Profession", "PracticeType", "Theme", "Organisation",
    ):  # fmt: skip
        assert " ".join(labelled(label).split()) in text, label
    assert SHORT in text
    assert '{% now "Y" %}' in text and "{{ 7 }}" in text
    # The rich text links lost their javascript: targets (the admin's converter).
    for section in ("context", "method", "difficulties"):
        links = soup.find(id=section).find_all("a")
        assert links and all(_scheme(a.get("href")) in ("", "http", "https") for a in links)
    # The image's alt text is the payload, in an attribute, quoted.
    image = soup.select_one(".practice__image img")
    assert image["alt"] == labelled("Alt text", limit=255)
    assert image["src"].startswith("/media/") or image["src"].startswith("http")
    # The meta description and Open Graph tags hold the payload as a value.
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Search description <script>")


def test_json_ld_keeps_the_payload_as_data(client, hostile):
    response = get(client, hostile["page"].url)
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    raw = script.string
    assert "</script" not in raw.lower() and "<!--" not in raw and "<" not in raw
    data = json.loads(raw)
    assert data["name"] == labelled("Title", limit=255)
    assert data["description"] == labelled("Search description", limit=400)
    assert data["spatialCoverage"][-1]["name"] == labelled("Region", limit=200)
    assert data["author"][0]["name"] == labelled("Organisation")
    assert data["isPartOf"]["name"] == labelled("Project")
    assert data["about"][0]["name"] == labelled("Theme")
    assert "<script>alert(1)</script><img src=x onerror=alert(1)>" in data["keywords"]
    # Outside the JSON-LD, the only </script> are the ends of the site's own elements.
    assert html.lower().count("</script") == len(soup.find_all("script"))


@pytest.mark.parametrize("url", ["/en/", "/en/practices/"])
def test_cards_show_the_payloads_as_text(client, hostile, url):
    response = get(client, url)
    assert response.status_code == 200
    soup = assert_harmless_html(response.content)
    text = visible_text(soup)
    assert " ".join(labelled("Title", limit=255).split()) in text
    assert " ".join(labelled("Summary", limit=400).split()) in text


@pytest.mark.parametrize("fragment", [False, True])
def test_search_results_and_highlighted_snippets_are_escaped(client, hostile, fragment):
    extra = {"HTTP_X_SEARCH_FRAGMENT": "1"} if fragment else {}
    response = client.get("/en/search/", {"q": SEARCH_WORD}, HTTP_HOST=HOST, **extra)
    assert response.status_code == 200
    soup = assert_harmless_html(response.content)
    text = visible_text(soup)
    assert "alert(1)" in text  # the payload is found and shown, as text
    assert soup.find("mark") is not None  # highlighted
    # Also a query that is itself a payload.
    response = get(client, "/en/search/", {"q": PAYLOAD})
    assert response.status_code == 200
    assert_harmless_html(response.content)


@pytest.mark.parametrize("url", ["/en/themes/theme/", "/en/countries/fr/"])
def test_landing_pages_show_the_payloads_as_text(client, hostile, url):
    response = get(client, url)
    assert response.status_code == 200
    soup = assert_harmless_html(response.content)
    assert "alert(1)" in visible_text(soup)


def test_json_api_carries_the_payload_as_data(client, hostile):
    response = client.get("/api/v1/search/", {"q": SEARCH_WORD, "lang": "en"}, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    (result,) = data["results"]
    assert result["title"] == labelled("Title", limit=255)
    assert result["summary"] == labelled("Summary", limit=400)
    # The snippet is the only HTML the API hands out: escaped text and <mark>.
    snippet = BeautifulSoup(result["snippet"], "html.parser")
    assert {element.name for element in snippet.find_all(True)} == {"mark"}
    assert "alert(1)" in snippet.get_text()
    # Everywhere else the payload is a plain string.
    assert labelled("Theme") in _strings(data)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def test_feed_is_well_formed_with_the_payload_as_text(client, hostile):
    response = get(client, "/en/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = root.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == labelled("Title", limit=255)
    summary = entry.find(f"{atom}summary")
    # A summary of type html is unescaped by readers: it must hold no markup.
    if summary.get("type") == "html":
        assert "<script" not in summary.text and "<img" not in summary.text
    else:
        assert summary.text == labelled("Summary", limit=400)
    assert _scheme(entry.find(f"{atom}link").get("href")) == "http"
    categories = [c.get("term") for c in entry.findall(f"{atom}category")]
    assert labelled("Theme") in categories


def test_exports_carry_the_payload_as_data(client, hostile):
    response = get(client, "/en/search/export.json")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    (row,) = response.json()["results"]
    assert row["title"] == labelled("Title", limit=255)
    response = get(client, "/en/search/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert labelled("Title", limit=255).replace('"', '""') in response.content.decode()


def test_sitemap_is_well_formed(client, hostile):
    response = get(client, "/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    assert "http://localhost/en/practices/hostile/" in locations
    assert all(_scheme(location) == "http" for location in locations)


# Links an editor cannot store, and links stored behind the admin's back --------------


@pytest.mark.parametrize("url", JS_URLS + ["data:text/html,<script>alert(1)</script>"])
def test_the_admin_refuses_javascript_urls_of_organisations_and_projects(admin_client, url):
    # (Also those of projects: both are Django URLFields, http, https, ftp and ftps only.)
    response = admin_client.post(
        reverse("wagtailsnippets_practices_organisation:add"),
        {"name": "Evil", "type": "other", "country": "FR", "city": "", "website": url},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not Organisation.objects.exists()


def test_javascript_urls_stored_without_the_admin_are_not_links(client, hostile):
    """An import or a shell may bypass the forms: the page still links only
    to http(s) URLs, and the JSON-LD leaves the others out."""
    page = hostile["page"]
    Organisation.objects.update(website="javascript:alert(1)")
    ErasmusProject.objects.update(url=" JavaScript:alert(1)")
    response = get(client, page.url)
    soup = assert_harmless_html(response.content)
    assert labelled("Organisation") in visible_text(soup)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert "url" not in data["author"][0] and "url" not in data["isPartOf"]


def test_the_admin_refuses_a_slug_carrying_markup(admin_client, site_tree, themes, countries):
    data = practice_form_data(
        slug='"><script>alert(1)</script>',
        themes=[themes["ageing"].pk],
        countries=[countries["FR"].pk],
    )
    response = admin_client.post(add_url(site_tree["index"]), data, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert not PracticePage.objects.filter(title=data["title"]).exists()


# The admin ---------------------------------------------------------------------------


def admin_urls(hostile):
    page = hostile["page"]
    urls = [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        reverse("wagtailadmin_pages:search") + f"?q={SEARCH_WORD}",
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("practices:index"),
        reverse("wagtailadmin_home"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[hostile["image"].pk]),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[hostile["document"].pk]),
        reverse("wagtailsnippets_practices_organisation:list"),
        reverse("wagtailsnippets_practices_erasmusproject:list"),
        reverse(
            "wagtailsnippets_practices_organisation:edit", args=[Organisation.objects.get().pk]
        ),
    ]
    for model in (Theme, TargetGroup, Profession, PracticeType):
        name = model._meta.model_name
        urls.append(reverse(f"wagtailsnippets_practices_{name}:list"))
        urls.append(
            reverse(f"wagtailsnippets_practices_{name}:edit", args=[hostile["terms"][model].pk])
        )
    return urls


def test_admin_views_show_the_payloads_as_text(client, superuser, hostile):
    admin_client = client
    admin_client.force_login(superuser)
    for url in admin_urls(hostile):
        response = admin_client.get(url, HTTP_HOST=HOST)
        assert response.status_code == 200, url
        soup = assert_harmless_html(response.content, admin=True)
        assert "alert(1)" in response.content.decode(), url
        assert soup.find("img", src="x") is None, url


def test_a_translation_and_its_editor_show_the_payloads_as_text(
    client, superuser, hostile, locales
):
    """The French version, made through wagtail-localize's PO path with a
    hostile title, renders harmlessly, and so does the translation editor."""
    page = hostile["page"]
    french = translate(
        page, locales["fr"], practice_values(labelled("Titre", limit=255), "hostile-fr", page)
    )
    response = get(client, french.url)
    assert response.status_code == 200
    soup = assert_harmless_html(response.content)
    assert " ".join(labelled("Titre", limit=255).split()) in visible_text(soup)
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]), HTTP_HOST=HOST)
    assert response.status_code == 200
    assert (
        "wagtail-localize" in response.content.decode() or "localize" in response.content.decode()
    )
    assert_harmless_html(response.content, admin=True)
    assert "alert(1)" in response.content.decode()


# Uploads ------------------------------------------------------------------------------


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def messages_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        " ".join(element.get_text().split())
        for element in soup.select(".error-message, .help-critical, .w-field__errors, .errorlist")
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.svg", SVG, "Not a supported image format"),
        ("evil.html", HTML, "Not a supported image format"),
        ("evil.png", HTML, "Not a valid .png image"),  # the extension lies
        ("evil.png", SVG, "Not a valid .png image"),
        ("photo.jpg", png_bytes(), "Not a valid .jpeg image"),  # a PNG named .jpg
    ],
    ids=["svg", "html", "html-as-png", "svg-as-png", "png-as-jpg"],
)
def test_the_image_upload_refuses_scripts_and_lying_extensions(
    admin_client, site_tree, name, content, message
):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Evil", "file": upload(name, content, "image/png")},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert message in messages_of(response), messages_of(response)
    assert not get_image_model().objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_the_image_upload_refuses_an_oversized_file(admin_client, site_tree):
    big = png_bytes(200, 200) + b"\0" * 2048
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Big", "file": upload("big.png", big, "image/png")},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "This file is too big" in messages_of(response)
    assert not get_image_model().objects.exists()


def test_the_image_upload_refuses_a_pixel_bomb(admin_client, site_tree):
    """A small file of huge dimensions (64 megapixels in a few kilobytes):
    decoding it would take hundreds of megabytes for each rendition."""
    buffer = io.BytesIO()
    PILImage.new("1", (8000, 8000)).save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 100 * 1024
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Bomb", "file": upload("bomb.png", buffer.getvalue(), "image/png")},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "too many pixels" in messages_of(response), messages_of(response)
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.svg", SVG),
        ("evil.html", HTML),
        ("evil.htm", HTML),
        ("evil.xhtml", HTML),
        ("evil.js", b"alert(1)"),
        ("macro.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
    ],
    ids=["svg", "html", "htm", "xhtml", "js", "doc"],
)
def test_the_document_upload_refuses_active_content(admin_client, site_tree, name, content):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Evil", "file": upload(name, content), "collection": ""},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "File extension" in messages_of(response) and "is not allowed" in messages_of(response)
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", HTML), ("report.pdf", SVG), ("sheet.xlsx", HTML), ("notes.odt", PDF)],
    ids=["html-as-pdf", "svg-as-pdf", "html-as-xlsx", "pdf-as-odt"],
)
def test_the_document_upload_refuses_a_file_whose_content_is_not_its_type(
    admin_client, site_tree, name, content
):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Liar", "file": upload(name, content), "collection": ""},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "does not match its extension" in messages_of(response), messages_of(response)
    assert not get_document_model().objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_the_document_upload_refuses_an_oversized_file(admin_client, site_tree):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Big", "file": upload("big.pdf", PDF.ljust(4096, b"\n")), "collection": ""},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "This file is too big" in messages_of(response)
    assert not get_document_model().objects.exists()


def pixel_bomb():
    buffer = io.BytesIO()
    PILImage.new("1", (8000, 8000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("view", "name", "content", "message"),
    [
        ("wagtaildocs:add_multiple", "evil.svg", SVG, "is not allowed"),
        ("wagtaildocs:add_multiple", "evil.html", HTML, "is not allowed"),
        ("wagtaildocs:add_multiple", "report.pdf", HTML, "does not match its extension"),
        ("wagtailimages:add_multiple", "evil.svg", SVG, "Not a supported image format"),
        ("wagtailimages:add_multiple", "evil.png", HTML, "Not a valid .png image"),
        ("wagtailimages:add_multiple", "bomb.png", None, "too many pixels"),
    ],
    ids=["doc-svg", "doc-html", "doc-html-as-pdf", "image-svg", "image-html-as-png", "bomb"],
)
def test_the_multiple_uploader_refuses_them_too(
    admin_client, site_tree, view, name, content, message
):
    """The admin's "Add a document" and "Add an image" buttons lead to
    Wagtail's multiple uploader, which answers in JSON."""
    response = admin_client.post(
        reverse(view),
        {"files[]": upload(name, content or pixel_bomb()), "collection": root_collection().pk},
        HTTP_HOST=HOST,
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False and message in data["error_message"], data
    assert not get_document_model().objects.exists()
    assert not get_image_model().objects.exists()
    assert not UploadedFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("evil.svg", SVG), ("evil.html", HTML)], ids=["svg", "html"]
)
def test_the_proposal_form_refuses_svg_and_html(
    admin_client, site_tree, themes, countries, name, content
):
    data = {
        "title": "Neighbourhood kitchens",
        "summary": "Residents cook together.",
        "context": "Context.",
        "method_text": "Method.",
        "outcomes": "Outcomes.",
        "transferability": "Transferability.",
        "themes": [themes["ageing"].pk],
        "countries": [countries["FR"].pk],
        "start_year": "2020",
        "name": "Ada",
        "email": "ada@example.org",
        "attachments": [upload(name, content, "image/svg+xml")],
    }
    cache.clear()  # the proposal form's rate limit
    response = admin_client.post("/en/propose/", data, HTTP_HOST=HOST)
    cache.clear()
    assert response.status_code == 400
    errors = BeautifulSoup(response.content, "html.parser").find(id="id_attachments_error")
    assert f"“{name}”" in errors.get_text()
    assert not get_document_model().objects.exists()
    assert not PracticePage.objects.filter(title="Neighbourhood kitchens").exists()


# Serving documents ---------------------------------------------------------------------


def stored_document(name, content, collection=None):
    document = get_document_model()(title=name, file=ContentFile(content, name=name))
    if collection is not None:
        document.collection = collection
    document.save()
    return document


def serve(client, document):
    response = client.get(document.url, HTTP_HOST=HOST)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.mark.parametrize(
    ("name", "content", "content_type", "inline"),
    [
        ("report.pdf", PDF, "application/pdf", True),
        ("notes.txt", HTML, "text/plain", False),
        ("table.csv", b"=HYPERLINK(1)\n", "text/csv", False),
        ("letter.rtf", b"{\\rtf1 hello}", "application/rtf", False),
    ],
    ids=["pdf", "txt", "csv", "rtf"],
)
def test_documents_are_served_so_that_they_cannot_run(
    client, site_tree, name, content, content_type, inline
):
    document = stored_document(name, content)
    assert document.url.startswith("/documents/")  # through the view, never /media/
    response, body = serve(client, document)
    assert response.status_code == 200
    assert body == content
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert policy == "default-src 'none'"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment"), disposition


def test_media_files_are_not_served_raw(client, site_tree):
    document = stored_document("report.pdf", PDF)
    response = client.get(f"/media/{document.file.name}", HTTP_HOST=HOST)
    assert response.status_code == 404


def test_proposal_documents_stay_private(client, superuser, site_tree):
    document = stored_document("proposal.pdf", PDF, collection=proposals_collection())
    assert CollectionViewRestriction.objects.filter(
        collection=document.collection, restriction_type=BaseViewRestriction.LOGIN
    ).exists()
    client.logout()
    response = client.get(document.url, HTTP_HOST=HOST)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(superuser)
    response, body = serve(client, document)
    assert response.status_code == 200 and body == PDF
    assert response["X-Content-Type-Options"] == "nosniff"


# CSV formula injection: the cases tests/test_open_data.py does not cover ---------------


def test_csv_cells_starting_with_plus_tab_or_cr_and_term_columns_are_not_formulas(
    client, make_practice, locales
):
    """test_open_data covers "=", "-" and "@" in titles and summaries; here
    "+", a tab and a carriage return, and the columns of terms and projects."""
    project = ErasmusProject.objects.create(
        title="Project", acronym="@SUM(A1)", key_action="KA2", call_year=2020
    )
    theme = Theme.objects.create(name="+SUM(1)", slug="plus", locale=locales["en"])
    practice = make_practice(
        "\t=1+1", slug="tab", summary="\r=2+3", themes_=[theme], project=project
    )
    practice.target_groups = [
        TargetGroup.objects.create(name="-1+1", slug="minus", locale=locales["en"])
    ]
    practice.save_revision().publish()
    response = get(client, "/en/search/export.csv")
    assert response.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["title"] == "'\t=1+1"
    assert row["summary"] == "'\r=2+3"
    assert row["themes"] == "'+SUM(1)"
    assert row["target_groups"] == "'-1+1"
    assert row["project"] == "'@SUM(A1)"


# A hostile proposal from the public form ------------------------------------------------


def test_a_hostile_proposal_reads_as_text_in_the_admin(
    client, superuser, site_tree, themes, countries, settings
):
    settings.PROPOSALS_ALLOW_ANONYMOUS = True
    cache.clear()  # the proposal form's rate limit
    data = {
        "title": labelled("Proposal"),
        "summary": labelled("Summary"),
        "context": labelled("Context") + "\n\n" + SHORT,
        "method_text": labelled("Method"),
        "outcomes": labelled("Outcomes"),
        "transferability": labelled("Transferability"),
        "themes": [themes["ageing"].pk],
        "countries": [countries["FR"].pk],
        "region": labelled("Region"),
        "start_year": "2020",
        "organisations": labelled("Organisation") + "\n" + SHORT,
        "name": labelled("Proposer"),
        "email": "proposer@example.org",
        "contact_consent": "on",
        "website": "",
    }
    response = client.post("/en/propose/", data, HTTP_HOST=HOST)
    cache.clear()
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    client.force_login(superuser)
    for url in (
        reverse("wagtailsnippets_practices_proposal:list"),
        reverse("wagtailsnippets_practices_proposal:inspect", args=[proposal.pk]),
        reverse("wagtailadmin_pages:edit", args=[proposal.page_id]),
        reverse("practices:index"),
    ):
        response = client.get(url, HTTP_HOST=HOST)
        assert response.status_code == 200, url
        assert_harmless_html(response.content, admin=True)
        assert "alert(1)" in response.content.decode(), url
