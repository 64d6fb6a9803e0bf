"""axe-core on the public pages, at desktop and phone widths (WCAG 2.0/2.1 A and AA).

Each test also saves screenshots of the page at both widths (test-artifacts/).
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def practices(make_practice, themes, countries):
    """A featured practice with indicators and a second one, so that the
    home page, the results and the facets all have content."""
    featured = make_practice(
        "Universal social reception desk",
        slug="reception-desk",
        summary="Every reception desk gives the same first answer to every resident.",
        featured=True,
        themes_=[themes["child-protection"], themes["ageing"]],
        countries_=[countries["FR"], countries["IT"]],
        indicators=[
            ("indicator", {"label": "Residents received", "value": "4 300", "unit": "a year"})
        ],
        region="Saint-Nazaire",
    )
    make_practice(
        "Neighbourhood reception points",
        slug="reception-points",
        summary="Volunteers welcome residents at the reception points of each district.",
        countries_=[countries["LT"]],
    )
    return featured


def test_home_page(live_server, browser_page, practices, check_accessibility, screenshot):
    page = browser_page
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "home-en")
    check_accessibility(page, "home-en")


def test_search_page_with_results_and_filters(
    live_server, browser_page, practices, check_accessibility, screenshot
):
    page = browser_page
    page.goto(f"{live_server.url}/en/search/?q=reception&theme=ageing&country=fr")
    expect(page.get_by_role("link", name=practices.title, exact=True)).to_be_visible()
    expect(
        page.get_by_role("checkbox", name=re.compile(r"^Ageing and loss of autonomy\b"))
    ).to_be_checked()
    screenshot(page, "search-en")
    check_accessibility(page, "search-en")


def test_practice_page(live_server, browser_page, practices, check_accessibility, screenshot):
    page = browser_page
    page.goto(f"{live_server.url}{practices.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(practices.title)
    screenshot(page, "practice-en")
    check_accessibility(page, "practice-en")
