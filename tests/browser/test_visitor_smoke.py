"""A visitor in a real browser: home, search, practice page, keyboard.

Screenshots of these pages are taken by test_accessibility.py."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_searches_and_opens_a_practice(live_server, browser_page, make_practice):
    practice = make_practice(
        "Universal social reception desk",
        summary="Every reception desk gives the same first answer to every resident.",
        featured=True,
    )
    page = browser_page
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("h1")).to_have_text("Good practices")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Search the practices").fill("reception")
    page.get_by_label("Search the practices").press("Enter")
    expect(page.locator(".result-count")).to_contain_text("1 practice found")

    page.get_by_role("link", name=practice.title).click()
    expect(page.locator("h1")).to_have_text(practice.title)
    for section in ("Context", "Method", "Outcomes", "Transferability"):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()


def test_skip_link_is_the_first_stop_for_keyboard_users(live_server, browser_page, site_tree):
    page = browser_page
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
