"""An editor uses the Wagtail admin: practice pages, snippets, page type rules."""

from pathlib import Path

import pytest
from admin_forms import EMPTY_RICH_TEXT, practice_form_data
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from site_helpers import HOST

from home.models import HomePage
from practices.models import ErasmusProject, Organisation, PracticeIndexPage, PracticePage, Theme


def add_practice_url(parent):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])


def post_practice(client, parent, data):
    return client.post(add_practice_url(parent), data, HTTP_HOST=HOST)


def build_data(theme_terms, country_rows, **overrides):
    """Form data for a complete practice; `themes` and `countries` overrides are lists of ids."""
    overrides.setdefault("themes", [theme_terms["ageing"].pk])
    overrides.setdefault("countries", [country_rows["FR"].pk])
    return practice_form_data(**overrides)


@pytest.fixture
def editor(admin_client):
    return admin_client


# The "add practice" form ---------------------------------------------------


@pytest.mark.django_db
def test_add_practice_form_shows_tabs_and_default_locale_themes(editor, site_tree, themes):
    response = editor.get(add_practice_url(site_tree["index"]), HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    tabs = [" ".join(tab.find(string=True).split()) for tab in soup.select('[role="tab"]')]
    for tab in ("Content", "Classification", "Key facts"):
        assert tab in tabs
    checkboxes = soup.select('input[type="checkbox"][name="themes"]')
    assert {int(box["value"]) for box in checkboxes} == {
        themes["child-protection"].pk,
        themes["ageing"].pk,
    }
    labels = {" ".join(box.parent.get_text().split()) for box in checkboxes}
    assert labels == {"Child protection", "Ageing and loss of autonomy"}
    html = response.content.decode()
    assert "Protection de l" not in html
    assert "Vieillissement" not in html


@pytest.mark.django_db
def test_the_editors_load_the_script_that_holds_a_submission_during_an_autosave(
    editor, site_tree, make_practice
):
    # Wagtail 8.0.1 lets a Publish cross an autosave on its way (the script
    # says how); tests/browser/test_editor_journey.py shows the script at work.
    practice = make_practice()
    for url in (
        add_practice_url(site_tree["index"]),
        reverse("wagtailadmin_pages:edit", args=[practice.pk]),
    ):
        soup = BeautifulSoup(editor.get(url, HTTP_HOST=HOST).content, "html.parser")
        assert soup.find("script", src=static("practices/js/editor-autosave.js")), url
    script = Path(finders.find("practices/js/editor-autosave.js")).read_text()
    assert "w-autosave:success" in script and "requestSubmit" in script


@pytest.mark.django_db
def test_publishing_a_complete_practice(editor, site_tree, themes, countries):
    data = build_data(
        themes,
        countries,
        themes=[themes["ageing"].pk, themes["child-protection"].pk],
        countries=[countries["FR"].pk, countries["IT"].pk],
    )
    response = post_practice(editor, site_tree["index"], data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""

    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert page.live
    assert page.get_parent().pk == site_tree["index"].pk
    assert page.locale.language_code == "en"
    assert set(page.themes.values_list("slug", flat=True)) == {"ageing", "child-protection"}
    assert set(page.countries.values_list("code", flat=True)) == {"FR", "IT"}
    assert page.indicators[0].value["value"] == "1 200"

    public = editor.get(page.url, HTTP_HOST=HOST)
    assert public.status_code == 200
    html = public.content.decode()
    assert "Neighbourhood care teams" in html
    assert "Older people living alone in rural villages." in html
    assert "Households supported" in html

    index = editor.get(site_tree["index"].url, HTTP_HOST=HOST)
    assert "Neighbourhood care teams" in index.content.decode()


@pytest.mark.django_db
def test_incomplete_practice_is_refused_with_clear_messages(editor, site_tree, themes, countries):
    data = build_data(
        themes,
        countries,
        summary="",
        context=EMPTY_RICH_TEXT,
        method_text=EMPTY_RICH_TEXT,
        outcomes=EMPTY_RICH_TEXT,
        transferability=EMPTY_RICH_TEXT,
        themes=[],
        countries=[],
    )
    response = post_practice(editor, site_tree["index"], data)
    assert response.status_code == 200
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()
    html = response.content.decode()
    for message in (
        "Write a short summary: it is shown in search results and on cards.",
        "Describe the context: the situation and needs addressed, and for whom.",
        "Describe the method: what was done, step by step.",
        "Describe the outcomes: the results and the evidence for them.",
        "Describe the transferability: preconditions and what another country must adapt.",
        "Choose at least one theme.",
        "Choose at least one country.",
    ):
        assert message in html, message


@pytest.mark.django_db
def test_inconsistent_key_facts_are_refused(editor, site_tree, themes, countries):
    data = build_data(themes, countries, start_year="2020", end_year="2015")
    response = post_practice(editor, site_tree["index"], data)
    assert response.status_code == 200
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()
    assert "The end year cannot be before the start year." in response.content.decode()
    assert response.context["form"].errors["end_year"] == [
        "The end year cannot be before the start year."
    ]

    data = build_data(themes, countries, contact_consent="on")
    response = post_practice(editor, site_tree["index"], data)
    assert response.status_code == 200
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()
    assert "Give a contact name or e-mail, or untick the consent." in response.content.decode()

    # The same year twice is fine.
    data = build_data(themes, countries, start_year="2020", end_year="2020")
    assert post_practice(editor, site_tree["index"], data).status_code == 302
    assert PracticePage.objects.get(slug="neighbourhood-care-teams").years == "2020"


@pytest.mark.django_db
def test_a_saved_draft_is_not_public(editor, client, site_tree, themes, countries):
    data = build_data(themes, countries)
    del data["action-publish"]
    response = post_practice(editor, site_tree["index"], data)
    assert response.status_code == 302

    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert not page.live
    assert page.first_published_at is None

    editor.logout()
    assert client.get("/en/practices/neighbourhood-care-teams/", HTTP_HOST=HOST).status_code == 404
    index = client.get(site_tree["index"].url, HTTP_HOST=HOST)
    assert index.status_code == 200
    assert "Neighbourhood care teams" not in index.content.decode()
    home = client.get("/en/", HTTP_HOST=HOST)
    assert "Neighbourhood care teams" not in home.content.decode()


# Snippets -------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_creates_a_theme(editor, themes):
    url = reverse("wagtailsnippets_practices_theme:add")
    assert editor.get(url, HTTP_HOST=HOST).status_code == 200
    response = editor.post(
        url,
        {"name": "Homelessness", "slug": "homelessness", "description": "", "locale": "en"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 302
    theme = Theme.objects.get(slug="homelessness")
    assert theme.name == "Homelessness"
    assert theme.locale.language_code == "en"

    # A slug already used in the language is refused.
    response = editor.post(
        url,
        {"name": "Children", "slug": "child-protection", "description": "", "locale": "en"},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 200
    assert "This slug is already used by another term." in response.content.decode()
    assert Theme.objects.filter(slug="child-protection", locale__language_code="en").count() == 1


@pytest.mark.django_db
def test_editor_creates_an_organisation(editor, db):
    url = reverse("wagtailsnippets_practices_organisation:add")
    assert editor.get(url, HTTP_HOST=HOST).status_code == 200
    response = editor.post(
        url,
        {
            "name": "Social cooperative of Bergamo",
            "type": "social_cooperative",
            "country": "IT",
            "city": "Bergamo",
            "website": "https://example.org/",
        },
        HTTP_HOST=HOST,
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Social cooperative of Bergamo")
    assert organisation.country.code == "IT"
    assert organisation.type == "social_cooperative"


def project_data(**overrides):
    data = {
        "title": "Care in the community",
        "acronym": "CARECOM",
        "reference": "2017-1-FR01-KA202-037403",
        "key_action": "KA2",
        "action_type": "",
        "call_year": "2017",
        "start_date": "",
        "end_date": "",
        "eu_grant": "",
        "coordinator": "",
        "url": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_erasmus_project_reference_format(editor, db):
    url = reverse("wagtailsnippets_practices_erasmusproject:add")
    for reference in ("FR-2017-KA2", "2017-1-fr01-KA202-037403", "2017-1-FR01-KA202-03740"):
        response = editor.post(url, project_data(reference=reference), HTTP_HOST=HOST)
        assert response.status_code == 200, reference
        assert (
            "Use the Erasmus+ reference format, for example 2017-1-FR01-KA202-037403."
            in response.content.decode()
        ), reference
    assert not ErasmusProject.objects.exists()

    response = editor.post(url, project_data(), HTTP_HOST=HOST)
    assert response.status_code == 302
    assert ErasmusProject.objects.get().reference == "2017-1-FR01-KA202-037403"


# Page type rules ------------------------------------------------------------


def assert_refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_page_type_rules(editor, site_tree, themes, countries):
    assert PracticePage not in site_tree["home"].specific.creatable_subpage_models()
    url = add_practice_url(site_tree["home"])
    response = editor.get(url, HTTP_HOST=HOST, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert_refused(editor.post(url, build_data(themes, countries), HTTP_HOST=HOST))
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()
    # The same form under the practice index is accepted (the refusal is about the parent).
    assert editor.get(add_practice_url(site_tree["index"]), HTTP_HOST=HOST).status_code == 200

    # A practice index only goes under a home page.
    assert PracticeIndexPage.allowed_parent_page_models() == [HomePage]

    def add_index_url(parent):
        return reverse("wagtailadmin_pages:add", args=["practices", "practiceindexpage", parent.pk])

    # Under the practice index (not a home page): refused.
    assert_refused(editor.get(add_index_url(site_tree["index"]), HTTP_HOST=HOST))
    # Under the site root: refused.
    assert_refused(editor.get(add_index_url(site_tree["home"].get_parent()), HTTP_HOST=HOST))
    # Under the home page, which already has one: max_count_per_parent refuses a second.
    assert_refused(editor.get(add_index_url(site_tree["home"]), HTTP_HOST=HOST))
    # A home page without an index accepts one.
    new_home = HomePage(title="Other home", slug="other-home")
    site_tree["home"].get_parent().add_child(instance=new_home)
    assert editor.get(add_index_url(new_home), HTTP_HOST=HOST).status_code == 200
