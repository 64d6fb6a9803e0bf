"""With the page cache on, a visitor sees an editor's publish and unpublish at the next visit.

The visitor's pages come from the cache (`X-Page-Cache: hit`) until the editor publishes in
Wagtail's editor; the next visit shows the new title on the practice and in the search, and
after the editor unpublishes it, the practice is gone from both.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from search_engines import configure

from search import service
from search.query import SearchQuery

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD, NEW = "Home support for seniors", "Home support for seniors in rural villages"


def visit(page, url):
    """Open `url` as the visitor does; the response, to read how it was served."""
    response = page.goto(url)
    assert response is not None
    return response


@pytest.mark.parametrize("engine", ["tantivy", "database"])
def test_a_visitor_sees_a_publish_and_an_unpublish_at_the_next_visit(
    engine, live_server, settings, new_page, person, make_practice, superuser
):
    """On Tantivy (the site's default) the index is updated after the editor's
    commit, and the kept pages are let go when it is; on the database engine,
    within the editor's transaction."""
    configure(engine, settings)
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    settings.PAGE_CACHE_SECONDS = 300
    practice = make_practice(OLD, slug="seniors", summary="Volunteers visit isolated pensioners.")
    # The practice reached the engine under test (no fallback could hide a miss).
    assert service.search(SearchQuery(language="en", text="pensioners")).engine == engine
    practice_url = f"{live_server.url}{practice.url}"
    search_url = f"{live_server.url}/en/search/?q=pensioners"

    visitor = new_page()
    visit(visitor, practice_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(OLD)
    assert visit(visitor, practice_url).headers["x-page-cache"] == "hit"
    visit(visitor, search_url)
    assert visit(visitor, search_url).headers["x-page-cache"] == "hit"
    expect(visitor.get_by_role("link", name=OLD, exact=True)).to_be_visible()

    editor = person(superuser)
    editor.get_by_role("link", name="Practices", exact=True).click()
    editor.get_by_role("link", name=OLD, exact=True).first.click()
    editor.get_by_role("textbox", name=re.compile(r"^Title\*?$")).fill(NEW)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish", exact=True).click()
    expect(editor.get_by_role("status").first).to_contain_text(f"'{NEW}' has been published")

    response = visit(visitor, practice_url)
    assert response.headers["x-page-cache"] == "miss"
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW)
    visit(visitor, search_url)
    expect(visitor.get_by_role("link", name=NEW, exact=True)).to_be_visible()

    # Publishing led the editor back to the listing: they open the practice again.
    menu = editor.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Practices", exact=True).click()
    editor.get_by_role("link", name=NEW, exact=True).first.click()
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("link", name="Unpublish", exact=True).click()
    editor.get_by_role("button", name=re.compile("Yes, unpublish")).click()
    expect(editor.get_by_role("status").first).to_contain_text("unpublished")

    assert visit(visitor, practice_url).status == 404
    visit(visitor, search_url)
    expect(visitor.get_by_role("link", name=NEW, exact=True)).to_have_count(0)
