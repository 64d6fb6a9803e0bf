"""Playwright for Python driving Debian's Chromium against pytest-django's
live server. `playwright install` cannot download browsers here, so the
tests use /usr/bin/chromium, which `make test` installs."""

import os
from pathlib import Path

import pytest

# The live server runs in a thread while Playwright's sync API holds an
# event loop in the test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as a test artefact (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        for label, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(VIEWPORTS["desktop"])

    return take
