"""A French visitor searches, filters, opens a practice and switches to English,
with JavaScript and without it (the filters form then submits with its button)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from translator_helpers import practice_values

from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def french(message):
    """An interface string as the French visitor reads it."""
    with translation.override("fr"):
        return translation.gettext(message)


def facet_checkbox(page, label):
    """The filter checkbox whose label starts with `label` (a count follows it)."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)}\b"))


def result_link(page, title):
    return page.get_by_role("link", name=title, exact=True)


@pytest.fixture
def french_practices(make_practice, themes, countries, locales):
    """Two practices about children, translated into French: only the first
    is about child protection in France and Italy."""
    wanted = make_practice(
        "Family links for children in care",
        slug="family-links",
        themes_=[themes["child-protection"]],
        countries_=[countries["FR"], countries["IT"]],
    )
    wanted_fr = translate(
        wanted,
        locales["fr"],
        {
            **practice_values("Garder le lien familial de l'enfant placé", "lien-familial", wanted),
            "summary": "Chaque enfant placé garde un lien régulier avec sa famille.",
        },
    )
    other = make_practice(
        "Grandparents as storytellers",
        slug="grandparents",
        themes_=[themes["ageing"]],
        countries_=[countries["LT"]],
    )
    other_fr = translate(
        other,
        locales["fr"],
        {
            **practice_values("Des grands-parents conteurs", "grands-parents", other),
            "summary": "Des aînés racontent des histoires à chaque enfant du quartier.",
        },
    )
    return {"wanted": wanted, "wanted_fr": wanted_fr, "other_fr": other_fr}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_french_visitor_filters_opens_a_practice_and_reads_it_in_english(
    live_server, new_page, french_practices, javascript
):
    wanted, wanted_fr = french_practices["wanted"], french_practices["wanted_fr"]
    other_fr = french_practices["other_fr"]
    page = new_page(java_script_enabled=javascript, locale="fr-FR")

    page.goto(f"{live_server.url}/fr/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    search_box = page.get_by_role("searchbox").first
    search_box.fill("enfant")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/search/\?(.*&)?q=enfant"))
    expect(result_link(page, wanted_fr.title)).to_be_visible()
    expect(result_link(page, other_fr.title)).to_be_visible()

    theme = re.compile(r"[?&]theme=child-protection(&|$)")
    country = re.compile(r"[?&]country=it(&|$)", re.IGNORECASE)
    if javascript:
        # Each ticked filter updates the results and the address at once.
        facet_checkbox(page, "Protection de l'enfance").click()
        expect(page).to_have_url(theme)
        facet_checkbox(page, "Italie").click()
        expect(page).to_have_url(country)
    else:
        facet_checkbox(page, "Protection de l'enfance").check()
        facet_checkbox(page, "Italie").check()
        page.get_by_role("button", name=french("Apply filters")).click()

    expect(page).to_have_url(theme)
    expect(page).to_have_url(country)
    expect(facet_checkbox(page, "Protection de l'enfance")).to_be_checked()
    expect(facet_checkbox(page, "Italie")).to_be_checked()
    expect(result_link(page, other_fr.title)).to_have_count(0)

    result_link(page, wanted_fr.title).click()
    expect(page).to_have_url(f"{live_server.url}/fr/pratiques/lien-familial/")
    expect(page.get_by_role("heading", level=1)).to_have_text(wanted_fr.title)

    switcher = page.get_by_role("navigation", name=french("Choose a language"))
    switcher.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/practices/family-links/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(wanted.title)


def test_a_visitor_typing_without_accents_finds_and_sees_what_matched(
    live_server, new_page, french_practices
):
    """Typed as on a phone, without accents, with a quoted phrase: the words are found
    in the accented text, and the snippet marks them (the phrase as one)."""
    other_fr, wanted_fr = french_practices["other_fr"], french_practices["wanted_fr"]
    page = new_page(locale="fr-FR")
    page.goto(f"{live_server.url}/fr/")
    search_box = page.get_by_role("searchbox").first
    search_box.fill("aines a quartier")
    search_box.press("Enter")
    expect(result_link(page, other_fr.title)).to_be_visible()
    expect(result_link(page, wanted_fr.title)).to_have_count(0)
    marks = page.locator("mark")
    expect(marks).to_have_text(["aînés", "quartier"])

    search_box = page.get_by_role("searchbox").first
    search_box.fill('"garde un lien" famille')
    search_box.press("Enter")
    expect(result_link(page, wanted_fr.title)).to_be_visible()
    expect(result_link(page, other_fr.title)).to_have_count(0)
    expect(page.locator("mark")).to_have_text(["garde un lien", "famille"])
