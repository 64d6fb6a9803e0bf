"""An Italian translator translates an English practice in wagtail-localize's
editor, publishes it, and finds it in the Italian search."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The source strings of make_practice's practice and their Italian
# translation, tab by tab of the translation editor.
TITLE = "Assistenza domiciliare per anziani"
PROMOTE = {"home-support": "assistenza-domiciliare"}
CONTENT = {
    "Home support for seniors": TITLE,
    "A short summary of the practice.": "Un breve riassunto della pratica.",
    "The context of the practice.": "Il contesto della pratica.",
    "First step.": "Primo passo.",
    "Second step.": "Secondo passo.",
    "What changed.": "Che cosa è cambiato.",
    "What another country must adapt.": "Che cosa deve adattare un altro paese.",
}


def segment(page, source):
    """The editor's row of one source string: the innermost list item holding it."""
    return page.locator("li", has_text=source).last


def translate_segment(page, source, value):
    row = segment(page, source)
    row.get_by_role("button", name="Translate", exact=True).click()
    row.get_by_role("textbox").fill(value)
    row.get_by_role("button", name="Save", exact=True).click()
    expect(row.get_by_role("button", name="Edit", exact=True)).to_be_visible()
    expect(row).to_contain_text(value)


def test_translator_translates_publishes_and_finds_the_italian_practice(
    live_server, browser_page, log_in, italian_tree, make_practice, translator
):
    english = make_practice("Home support for seniors", slug="home-support")
    italian = italian_tree["home_it"].locale.get_display_name()
    page = browser_page
    log_in(page, translator)

    # The "Translate this page" action of the English page (a translator
    # cannot explore the English tree, so it is reached by its address).
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    page.goto(live_server.url + url)
    page.get_by_role("checkbox", name=italian, exact=True).check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"successfully submitted for translation into {italian}"
    )

    for source, value in CONTENT.items():
        translate_segment(page, source, value)
    page.get_by_role("tab", name="Promote").click()
    for source, value in PROMOTE.items():
        translate_segment(page, source, value)
    page.get_by_role("button", name=f"Publish in {italian}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Published '{TITLE}' in {italian}")

    page.goto(f"{live_server.url}/it/search/?q=domiciliare")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/it/pratiche/assistenza-domiciliare/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(CONTENT["First step."])).to_be_visible()
