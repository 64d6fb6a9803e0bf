"""A practice cannot be submitted for review or published while a required
part is missing; the admin names every missing part in one message at the
top, and "Save draft" still keeps an unfinished practice."""

import pytest
from admin_forms import EMPTY_RICH_TEXT, practice_form_data
from bs4 import BeautifulSoup
from django.urls import reverse
from site_helpers import HOST
from wagtail.models import WorkflowState

from practices.models import PracticePage

REFUSAL = "This practice cannot be submitted or published yet. Missing: "


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def without_action(data):
    return {key: value for key, value in data.items() if not key.startswith("action-")}


def as_action(data, action):
    """The form as posted by the "Save draft" (None), "Submit" or "Publish" button."""
    data = without_action(data)
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return data


def error_banner(response):
    """The texts of the items of the admin's error message at the top of the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    banner = soup.select_one(".messages .error")
    assert banner is not None, "no error message at the top of the page"
    return [" ".join(item.get_text().split()) for item in banner.select("li")]


@pytest.fixture
def draft(make_practice):
    return make_practice("Neighbourhood care teams", slug="care-teams", publish=False)


def incomplete(page, **overrides):
    return practice_form_data(
        page,
        **{
            "summary": "",
            "method_text": EMPTY_RICH_TEXT,
            "countries": [],
            **overrides,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["submit", "publish"])
def test_submitting_or_publishing_an_incomplete_practice_lists_what_is_missing(
    admin_client, draft, action
):
    response = admin_client.post(
        edit_url(draft), as_action(incomplete(draft), action), HTTP_HOST=HOST
    )

    assert response.status_code == 200
    items = error_banner(response)
    assert items[0] == REFUSAL + "a summary; the method; at least one country."
    # The per-field messages remain, in the banner and beside each field.
    html = response.content.decode()
    assert "Write a short summary: it is shown in search results and on cards." in html
    assert "Describe the method: what was done, step by step." in html
    assert "Choose at least one country." in html
    draft.refresh_from_db()
    assert not draft.live
    assert draft.summary == "A short summary of the practice."
    assert not WorkflowState.objects.filter(object_id=str(draft.pk)).exists()


@pytest.mark.django_db
def test_every_missing_part_is_named(admin_client, draft):
    data = incomplete(
        draft,
        context=EMPTY_RICH_TEXT,
        outcomes=EMPTY_RICH_TEXT,
        transferability=EMPTY_RICH_TEXT,
        themes=[],
    )
    response = admin_client.post(edit_url(draft), as_action(data, "submit"), HTTP_HOST=HOST)

    assert response.status_code == 200
    assert error_banner(response)[0] == REFUSAL + (
        "a summary; the context; the method; the outcomes; the transferability; "
        "at least one theme; at least one country."
    )


@pytest.mark.django_db
def test_other_errors_alone_do_not_claim_missing_parts(admin_client, draft):
    data = practice_form_data(draft, start_year="2020", end_year="2015")
    response = admin_client.post(edit_url(draft), as_action(data, "publish"), HTTP_HOST=HOST)

    assert response.status_code == 200
    assert "The end year cannot be before the start year." in response.content.decode()
    assert REFUSAL not in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


@pytest.mark.django_db
def test_saving_a_draft_with_missing_parts_keeps_it(admin_client, draft):
    response = admin_client.post(
        edit_url(draft), as_action(incomplete(draft, themes=[]), None), HTTP_HOST=HOST
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    saved = draft.get_latest_revision_as_object()
    assert saved.summary == ""
    assert saved.method_text == ""
    assert list(saved.themes.all()) == []
    assert list(saved.countries.all()) == []


@pytest.mark.django_db
def test_creating_an_incomplete_practice_as_a_draft_then_publishing_it(admin_client, site_tree):
    data = practice_form_data(summary="", outcomes=EMPTY_RICH_TEXT, themes=[], countries=[])

    refused = admin_client.post(add_url(site_tree["index"]), data, HTTP_HOST=HOST)
    assert refused.status_code == 200
    assert error_banner(refused)[0] == REFUSAL + (
        "a summary; the outcomes; at least one theme; at least one country."
    )
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()

    saved = admin_client.post(add_url(site_tree["index"]), as_action(data, None), HTTP_HOST=HOST)
    assert saved.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert not page.live
    assert page.summary == ""


@pytest.mark.django_db
def test_a_complete_practice_is_submitted(admin_client, draft):
    response = admin_client.post(
        edit_url(draft), as_action(practice_form_data(draft), "submit"), HTTP_HOST=HOST
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress
