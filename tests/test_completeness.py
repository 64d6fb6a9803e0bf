"""Completeness of a practice's optional parts: the module, and its indicator
in the admin's listing of practices (a constant number of queries)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from site_helpers import HOST
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from practices.editorial.completeness import PARTS, annotate_completeness, completeness
from practices.models import (
    ErasmusProject,
    Organisation,
    PracticePage,
    PracticeType,
    Profession,
    TargetGroup,
)

LISTING = "/admin/practices/"


@pytest.fixture
def related(locales):
    document = Document.objects.create(title="Guide", file=ContentFile(b"%PDF-1.4", "guide.pdf"))
    return {
        "image": Image.objects.create(title="Visit", file=get_test_image_file()),
        "document": document,
        "organisation": Organisation.objects.create(name="Ville de Nantes"),
        "project": ErasmusProject.objects.create(
            title="Care at home", key_action="KA2", call_year=2021
        ),
        "target_group": TargetGroup.objects.create(
            name="Older people", slug="older", locale=locales["en"]
        ),
        "profession": Profession.objects.create(
            name="Social workers", slug="social-workers", locale=locales["en"]
        ),
        "practice_type": PracticeType.objects.create(
            name="Method", slug="method", locale=locales["en"]
        ),
    }


@pytest.fixture
def make_complete(make_practice, related):
    """A practice with every optional part filled."""

    def make(title, **fields):
        page = make_practice(
            title,
            image=related["image"],
            indicators=[("indicator", {"label": "Visits", "value": "120", "unit": "a week"})],
            resources="<p>Two carers.</p>",
            difficulties="<p>Finding volunteers.</p>",
            attachments=[("attachment", {"document": related["document"], "title": ""})],
            project=related["project"],
            region="Nantes",
            start_year=2019,
            contact_name="Anne Martin",
            contact_consent=True,
            **fields,
        )
        page.organisations = [related["organisation"]]
        page.target_groups = [related["target_group"]]
        page.professions = [related["profession"]]
        page.practice_types = [related["practice_type"]]
        page.save_revision().publish()
        return PracticePage.objects.get(pk=page.pk)

    return make


@pytest.mark.django_db
def test_a_practice_with_only_its_required_parts(make_practice):
    page = make_practice("Bare practice", start_year=None)

    result = completeness(page)

    assert (result.count, result.total) == (0, 13)
    assert result.missing == tuple(PARTS)
    assert "image" in [str(label) for label in result.missing_labels]


@pytest.mark.django_db
def test_a_practice_with_every_optional_part(make_complete):
    page = make_complete("Complete practice")

    result = completeness(page)

    assert (result.count, result.total) == (13, 13)
    assert result.missing == ()


@pytest.mark.django_db
def test_each_part_counts_on_its_own(make_practice):
    page = make_practice(
        "Some parts", start_year=None, region="Lyon", difficulties="<p>Staff turnover.</p>"
    )
    assert set(completeness(page).filled) == {"region", "difficulties"}

    # Empty rich text and a contact without consent do not count.
    page = make_practice(
        "Hollow parts",
        slug="hollow",
        start_year=None,
        resources="<p> </p>",
        contact_email="a@example.org",
        contact_consent=False,
    )
    assert completeness(page).count == 0


@pytest.mark.django_db
def test_annotations_agree_with_the_page(make_practice, make_complete):
    make_practice("Bare practice", start_year=None)
    make_complete("Complete practice", slug="complete")

    annotated = annotate_completeness(PracticePage.objects.order_by("title"))
    plain = PracticePage.objects.order_by("title")

    assert [completeness(page) for page in annotated] == [completeness(page) for page in plain]
    assert [completeness(page).count for page in annotated] == [0, 13]


def listing_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for row in soup.select("table.listing tbody tr"):
        title = " ".join(row.select_one("[data-listing-page-title] a").get_text().split())
        rows[title] = row
    return soup, rows


@pytest.mark.django_db
def test_the_listing_shows_completeness_and_last_review(admin_client, make_practice):
    make_practice("Bare practice", start_year=None, region="Lyon")

    response = admin_client.get(LISTING, HTTP_HOST=HOST)

    assert response.status_code == 200
    soup, rows = listing_rows(response)
    headers = [" ".join(th.get_text().split()) for th in soup.select("table.listing thead th")]
    assert headers[2:] == ["Language", "Status", "Completeness", "Last reviewed"]
    assert headers[1].startswith("Title")
    row = rows["Bare practice"]
    indicator = row.select_one(".practice-completeness")
    # The figure is text, not colour alone; the meter repeats it for the eye.
    assert indicator.select_one(".practice-completeness__figure").get_text(strip=True) == (
        "1 of 13"
    )
    meter = indicator.select_one("meter")
    assert (meter["value"], meter["max"]) == ("1", "13")
    # What is missing: in a tooltip and for screen readers.
    assert indicator["title"].startswith("Missing: image; indicators; resources needed;")
    assert "region or city" not in indicator["title"]
    hidden = indicator.select_one(".w-sr-only").get_text(strip=True)
    assert hidden == indicator["title"]
    cells = [" ".join(td.get_text().split()) for td in row.select("td")]
    assert "English" in cells
    assert "Jan. 15, 2026" in cells


@pytest.mark.django_db
def test_the_admin_menu_leads_to_the_listing(admin_client, site_tree):
    response = admin_client.get(reverse("wagtailadmin_home"), HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    props = json.loads(soup.select_one("#wagtail-sidebar-props").string)
    main_menu = next(
        module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule"
    )
    top_level = [item["_args"][0] for item in main_menu["_args"][0]]
    labels = {item["label"]: item.get("url") for item in top_level}
    assert labels["Practices"] == LISTING


def listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LISTING, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_the_listing_reads_a_constant_number_of_queries(
    admin_client, make_practice, make_complete, django_assert_max_num_queries
):
    for number in range(2):
        make_complete(f"Complete {number}", slug=f"complete-{number}")
    listing_queries(admin_client)  # warm the caches (content types, sites, …)
    small, _ = listing_queries(admin_client)

    for number in range(2, 10):
        make_complete(f"Complete {number}", slug=f"complete-{number}")
        make_practice(f"Bare {number}", slug=f"bare-{number}")

    with django_assert_max_num_queries(small):
        response = admin_client.get(LISTING, HTTP_HOST=HOST)
    _, rows = listing_rows(response)
    assert len(rows) == 18
    figure = rows["Complete 9"].select_one(".practice-completeness__figure").get_text(strip=True)
    assert figure == "13 of 13"
