"""The partnership's languages: configuration, language of every page,
outdated translations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail_localize.models import TranslationSource

from practices.localize.po_translation import translate

ROOT = Path(__file__).resolve().parent.parent
PARTNER_LANGUAGES = ["en", "fr", "it", "lt", "nl", "fi", "da", "bg", "pt"]
FRENCH = {
    "title": "Aide à domicile",
    "slug": "aide-a-domicile",
    "summary": "Résumé.",
    "context": "<p>Contexte.</p>",
    "method_text": "<ol><li>Première étape.</li><li>Deuxième étape.</li></ol>",
    "outcomes": "<p>Résultats.</p>",
    "transferability": "<p>Transférabilité.</p>",
}


def settings_languages(**env):
    code = (
        "import sys; sys.path.insert(0, 'site'); import django; from django.conf import settings; "
        "django.setup(); print(settings.LANGUAGE_CODE, [c for c, _ in settings.LANGUAGES], "
        "[c for c, _ in settings.WAGTAIL_CONTENT_LANGUAGES])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "SITE_LANGUAGES"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_nine_partner_languages_are_configured_with_english_first():
    assert [code for code, _ in settings.LANGUAGES] == PARTNER_LANGUAGES
    assert settings.LANGUAGE_CODE == "en"
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    names = dict(settings.LANGUAGES)
    assert (names["bg"], names["fr"], names["lt"]) == ("Български", "Français", "Lietuvių")


def test_a_deployment_chooses_its_languages_without_touching_code():
    result = settings_languages(SITE_LANGUAGES="en, fr ,it")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "en ['en', 'fr', 'it'] ['en', 'fr', 'it']"


def test_an_unknown_language_code_stops_the_site_with_a_clear_message():
    result = settings_languages(SITE_LANGUAGES="en,xx")
    assert result.returncode != 0
    assert "SITE_LANGUAGES: unknown language code 'xx'" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("code", PARTNER_LANGUAGES)
def test_every_language_has_its_prefix_and_html_lang(client, site_tree, code):
    response = client.get(f"/{code}/", HTTP_HOST="localhost")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser").html
    assert html["lang"] == code
    assert html["dir"] == "ltr"


@pytest.mark.django_db
def test_translation_is_outdated_when_the_original_changes_until_resynchronised(
    client, make_practice, locales
):
    original = make_practice("Home support")
    french = translate(original, locales["fr"], FRENCH)

    def notice():
        page = BeautifulSoup(client.get(french.url, HTTP_HOST="localhost").content, "html.parser")
        return page.select_one("header .notice")

    assert notice() is None

    original.outcomes = "<p>New results, measured in 2026.</p>"
    original.save_revision().publish()
    shown = notice()
    assert shown is not None
    assert shown.find("a")["href"] == original.url
    assert shown.find("a")["hreflang"] == "en"

    # The original itself never carries the notice.
    original_page = client.get(original.url, HTTP_HOST="localhost").content.decode()
    assert "was updated on" not in original_page

    # Synchronising the translation with its source (wagtail-localize's
    # "Sync translated pages") without publishing it leaves it outdated;
    # publishing the synchronised translation brings it up to date.
    TranslationSource.update_or_create_from_instance(original)
    assert notice() is not None
    french.save_revision().publish()
    assert notice() is None


@pytest.mark.django_db
def test_relations_appear_in_the_language_of_the_page(client, make_practice, locales, themes):
    original = make_practice("Home support", themes_=[themes["child-protection"]])
    french = translate(original, locales["fr"], FRENCH)
    page = BeautifulSoup(client.get(french.url, HTTP_HOST="localhost").content, "html.parser")
    facts = page.select_one(".key-facts").get_text(" ", strip=True)
    assert "Protection de l'enfance" in facts
    assert "Child protection" not in facts
    available = page.select_one(".key-facts").find_all("a", hreflang=True)
    assert {a["hreflang"] for a in available} == {"en", "fr"}
