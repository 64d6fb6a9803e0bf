"""The accessibility check itself: it must fail on a serious violation and say which."""

import pytest


def test_the_check_names_the_rule_and_the_element(browser_page, check_accessibility):
    page = browser_page
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><input id="unnamed" type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page, "broken-fixture", viewports=("desktop",))
    message = str(failure.value)
    assert "label (critical): Form elements must have labels" in message
    assert "#unnamed" in message
