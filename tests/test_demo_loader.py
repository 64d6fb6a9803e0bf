"""The demo content loads completely, in several languages, and only once."""

import io

import pytest
from django.core.management import call_command
from django.http import QueryDict
from wagtail.models import Page, Site
from world import migrated_database

from practices.models import ErasmusProject, Organisation, PracticePage, Theme
from search import service

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "practices": PracticePage.objects.count(),
        "themes": Theme.objects.count(),
        "organisations": Organisation.objects.count(),
        "projects": ErasmusProject.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module into the database as `migrate` left
    it, inside a transaction rolled back at the end; each test runs in a
    savepoint of it."""
    with django_db_blocker.unblock(), migrated_database():
        # Publishing indexes every practice as the demo loads: no rebuild needed.
        call_command("load_demo", "--no-admin", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(demo_loaded, db):
    return None


def test_second_run_adds_nothing_and_keeps_editors_changes(demo, capsys):
    before = counts()
    practice = PracticePage.objects.filter(locale__language_code="en").first()
    practice.title = "Changed by an editor"
    practice.save_revision().publish()

    call_command("load_demo", "--no-admin")

    assert counts() == before
    assert "Nothing to add" in capsys.readouterr().out
    practice.refresh_from_db()
    assert practice.title == "Changed by an editor"


def languages_by_practice():
    languages = {}
    for key, code in PracticePage.objects.live().values_list(
        "translation_key", "locale__language_code"
    ):
        languages.setdefault(key, set()).add(code)
    return languages


def test_the_demo_site_has_the_public_address_and_name(demo, settings):
    """load_demo leaves the Wagtail Site at SITE_BASE_URL, named after the site."""
    site = Site.objects.get(is_default_site=True)
    assert (site.root_url, site.site_name) == (settings.SITE_BASE_URL, settings.WAGTAIL_SITE_NAME)
    assert site.root_page.specific_class.__name__ == "HomePage"

    settings.SITE_BASE_URL = "https://practices.example.eu"
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("practices.example.eu", 443)
    assert site.root_url == "https://practices.example.eu"


def test_at_least_ten_practices_each_in_english_and_french(demo):
    languages = languages_by_practice()
    assert sum({"en", "fr"} <= codes for codes in languages.values()) >= 10
    assert sum({"en", "fr", "it"} <= codes for codes in languages.values()) >= 3


def test_some_practices_exist_only_in_their_original_language(demo):
    assert any(len(codes) == 1 for codes in languages_by_practice().values())


def test_one_translation_is_outdated(demo, client):
    from practices.visibility import translation_status

    outdated = [
        page
        for page in PracticePage.objects.live()
        if (status := translation_status(page)) and status["outdated"]
    ]
    assert len(outdated) == 1
    response = client.get(outdated[0].url, HTTP_HOST="localhost")
    assert "was updated on" in response.content.decode()


def test_every_practice_is_complete_and_classified(demo):
    for practice in PracticePage.objects.all():
        for field in ("summary", "context", "method_text", "outcomes", "transferability"):
            assert getattr(practice, field).strip(), (practice, field)
        assert practice.themes.exists() and practice.countries.exists(), practice
        assert not practice.has_unpublished_changes, practice


def test_translations_share_relations_and_show_them_in_their_language(demo, client):
    french = PracticePage.objects.filter(
        locale__language_code="fr", themes__slug="access-to-rights-and-social-reception"
    ).first()
    english = french.get_translation(french.locale.get_default())
    assert list(french.themes.all()) == list(english.themes.all())
    response = client.get(french.url, HTTP_HOST="localhost")
    html = response.content.decode()
    assert "Accès aux droits" in html
    assert "Access to rights and social reception" not in html


def test_projects_and_organisations_are_linked(demo):
    cocade = ErasmusProject.objects.get(reference="2017-1-FR01-KA202-037403")
    assert cocade.coordinator is not None
    assert cocade.partners.count() >= 3
    assert cocade.practices.exists()


def test_every_demo_page_is_served(demo, client):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url, HTTP_HOST="localhost")
        assert response.status_code == 200, page.url


# Relevance (formerly tests/test_search_relevance.py, which loaded the demo again)


def first_titles(language, words, count=1):
    results = service.run(QueryDict(f"q={words}"), language)
    return [hit.title for hit in results.hits[:count]], results


def test_relevance_on_the_demo_content(demo):
    """Relevance on the demo content, in French, English and Italian:
    inflected and unaccented words find their practice, and the practice
    whose title matches comes first."""
    # French.
    assert first_titles("fr", "accueil social universel")[0][0].startswith(
        "L'accueil social universel"
    )
    assert first_titles("fr", "personnes agees domicile")[0][0].startswith("IsèreADOME")
    assert first_titles("fr", "jeunes handicapés")[0][0].startswith(
        "Observation croisée entre quatre établissements"
    )
    metiers = first_titles("fr", "métiers", count=2)[0]
    assert all("métiers" in title for title in metiers)
    assert first_titles("fr", "metiers", 20)[0] == first_titles("fr", "métiers", 20)[0]
    assert first_titles("fr", "enfant", 20)[0] == first_titles("fr", "enfants", 20)[0]
    assert first_titles("fr", "enfant")[1].total >= 1

    # English.
    assert first_titles("en", "job shadowing")[0][0].startswith("Job shadowing between")
    assert first_titles("en", "career counsellors")[0][0].startswith(
        "Up-skilling career counsellors"
    )
    assert first_titles("en", "counsellor", 20)[0] == first_titles("en", "counsellors", 20)[0]

    # Italian: singular and plural, with and without the accent.
    assert first_titles("it", "giovani disabilità")[0][0].startswith("Job shadowing tra quattro")
    assert (
        first_titles("it", "giovane disabilita", 20)[0]
        == first_titles("it", "giovani disabilità", 20)[0]
    )
