"""The journeys' watch catches what a person would see go wrong."""

import pytest
from conftest import PageWatch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_watch_reports_console_errors_http_errors_and_a_visible_network_error(
    browser_page, live_server, site_tree
):
    page = browser_page
    watch = PageWatch(page)
    page.goto(f"{live_server.url}/en/no-such-page/")
    page.evaluate("console.error('broken widget')")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p>A network error occurred</p>')"
    )
    with pytest.raises(AssertionError) as failure:
        watch.check()
    report = str(failure.value)
    assert "HTTP 404: GET" in report
    assert "console error: broken widget" in report
    assert "'A network error occurred'" in report


def test_the_watch_accepts_an_error_provoked_on_purpose(browser_page, live_server, site_tree):
    page = browser_page
    watch = PageWatch(page)
    watch.allow(404, "/en/no-such-page/")
    page.goto(f"{live_server.url}/en/no-such-page/")
    watch.check()
