"""The search page's filter panel at phone and desktop widths: the server
renders it closed (as a phone shows it) and CSS shows it on wide screens, so
the first paint is the final one and nothing shifts when search.js runs."""

import re
import time

import pytest
from conftest import VIEWPORTS
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = ("/en/search/", "/en/themes/ageing/", "/en/countries/it/")
# search.js arrives late, as on a slow phone network: the page is painted
# before the script runs, so a script that moved anything would be caught.
SCRIPT_DELAY_S = 0.5
SEARCH_SCRIPT = re.compile(r"/js/search(\.[0-9a-f]+)?\.js$")

LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  const shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) {
        shifts.push({value: entry.value, sources: (entry.sources || []).map(
          (source) => source.node ? source.node.nodeName + "#" + (source.node.id || "")
                                     + "." + (source.node.className || "") : "?")});
      }
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(shifts), 500);
})"""


def delay_search_script(page):
    def answer(route):
        time.sleep(SCRIPT_DELAY_S)
        route.continue_()

    page.route(SEARCH_SCRIPT, answer)


def open_search_page(page, url):
    page.goto(url)
    # Wait for search.js to have run, then read every shift since navigation.
    expect(page.locator("html.search-enhanced")).to_have_count(1)
    shifts = page.evaluate(LAYOUT_SHIFTS)
    return sum(shift["value"] for shift in shifts), shifts


def panel_state(page):
    panel = page.locator("#search-filters")
    return {
        "open": panel.evaluate("details => details.open"),
        "toggle_visible": panel.locator("summary").is_visible(),
        "filters_visible": page.get_by_role("checkbox").first.is_visible(),
    }


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        ("phone", {"open": False, "toggle_visible": True, "filters_visible": False}),
        ("desktop", {"open": True, "toggle_visible": False, "filters_visible": True}),
    ],
)
def test_the_filter_panel_paints_once_in_its_final_state(
    live_server, new_page, catalogue, width, expected
):
    page = new_page(viewport=VIEWPORTS[width])
    delay_search_script(page)

    for path in PAGES:
        total, shifts = open_search_page(page, live_server.url + path)

        assert total < 0.1, (path, width, shifts)
        assert panel_state(page) == expected, (path, width)


def test_a_phone_visitor_opens_the_filters_and_filters(live_server, new_page, catalogue):
    page = new_page(viewport=VIEWPORTS["phone"])
    page.goto(f"{live_server.url}/en/search/")
    expect(page.locator(".result-count")).to_have_text("3 practices found")
    toggle = page.locator("#search-filters summary")
    italy = page.get_by_role("checkbox", name=re.compile(r"^Italy\b"))
    expect(italy).to_be_hidden()

    toggle.click()
    italy.click()

    expect(page).to_have_url(re.compile(r"[?&]country=it(&|$)"))
    expect(page.locator(".result-count")).to_have_text("2 practices found")
    # The panel the visitor opened stays open across the update.
    expect(italy).to_be_checked()
    expect(italy).to_be_visible()
    expect(page.locator("#search-filters summary")).to_have_text("Filters (1 active)")


def test_a_desktop_visitor_filters_without_opening_anything(live_server, new_page, catalogue):
    page = new_page(viewport=VIEWPORTS["desktop"])
    page.goto(f"{live_server.url}/en/search/")

    page.get_by_role("checkbox", name=re.compile(r"^Italy\b")).click()

    expect(page).to_have_url(re.compile(r"[?&]country=it(&|$)"))
    expect(page.locator(".result-count")).to_have_text("2 practices found")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_without_javascript_the_panel_is_reachable_at_every_width(
    live_server, new_page, catalogue, width
):
    page = new_page(viewport=VIEWPORTS[width], java_script_enabled=False)
    page.goto(f"{live_server.url}/en/search/")
    italy = page.get_by_role("checkbox", name=re.compile(r"^Italy\b"))
    toggle = page.locator("#search-filters summary")

    if width == "phone":
        expect(italy).to_be_hidden()
        toggle.click()
    else:
        expect(toggle).to_be_hidden()
    italy.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]country=it(&|$)"))
    expect(page.locator(".result-count")).to_have_text("2 practices found")
