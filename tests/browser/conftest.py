"""Playwright for Python driving Debian's Chromium against pytest-django's
live server. `playwright install` cannot download browsers here, so the
tests use /usr/bin/chromium, which `make test` installs.

Accessibility checks run axe-core, installed from the npm registry by
`make node-modules` (package.json) and injected into the page under test.
"""

import json
import os
from pathlib import Path

import pytest

# The live server runs in a thread while Playwright's sync API holds an
# event loop in the test thread; Django must allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Generous waits: the live server shares two cores with the other test worker.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)
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
def new_page(browser):
    """`new_page(**context_options)`: a page in a fresh browser context
    (desktop size, British English), closed at the end of the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            **{"viewport": VIEWPORTS["desktop"], "locale": "en-GB", **options}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    return new_page()


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


# The password of the users of tests/conftest.py's fixtures.
FIXTURE_PASSWORD = "password"  # noqa: S105


@pytest.fixture
def log_in(live_server):
    """`log_in(page, user)`: sign in to the Wagtail admin through its login form."""

    def sign_in(page, user):
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(FIXTURE_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live_server.url}/admin/")

    return sign_in


# Accessibility ---------------------------------------------------------------
AXE_RUN = """async (tags) => await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
})"""


def describe_violations(violations):
    """One line per rule: id, impact, help, and the first targets."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{len(violation['nodes'])} element(s): {'; '.join(targets)}"
            f"{f'; +{more} more' if more > 0 else ''}]"
        )
    return lines


# Where the page under test loads axe-core from: a same-origin address that
# Playwright answers with node_modules' file (the server never sees it).
AXE_URL_PATH = "/__axe-core__/axe.min.js"


def inject_axe(page):
    """Load axe-core into the page, under the page's own Content-Security-Policy.

    add_script_tag(path=…) would insert an inline script, which the site's
    policy (script-src 'self') refuses; bypassing the policy (bypass_csp)
    would check a page that visitors never get. So axe-core is loaded as a
    script file of the page's origin, answered by Playwright. A page without
    an origin (set_content, about:blank) has no policy and gets it inline."""
    origin = page.evaluate("window.location.origin")
    if not origin.startswith("http"):
        page.add_script_tag(path=str(AXE))
        return
    url = origin + AXE_URL_PATH

    def answer(route):
        route.fulfill(path=str(AXE), content_type="text/javascript")

    page.route(url, answer)
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url, answer)


def run_axe(page):
    """axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-modules` (npm ci).")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        inject_axe(page)
    return page.evaluate(AXE_RUN, WCAG_TAGS)


@pytest.fixture
def check_accessibility():
    """`check_accessibility(page, name)`: run axe-core on the page at the
    desktop and phone widths; fail on any serious or critical violation.

    The full axe results go to test-artifacts/axe-<name>-<width>.json.
    """
    ARTIFACTS.mkdir(exist_ok=True)

    def check(page, name, viewports=tuple(VIEWPORTS)):
        report = []
        for label in viewports:
            page.set_viewport_size(VIEWPORTS[label])
            results = run_axe(page)
            path = ARTIFACTS / f"axe-{name}-{label}.json"
            path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
            blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
            if blocking:
                report.append(f"{name} at {label} width ({page.url}), details in {path.name}:")
                report.extend(describe_violations(blocking))
        page.set_viewport_size(VIEWPORTS["desktop"])
        assert not report, "axe-core: serious or critical violations\n" + "\n".join(report)

    return check


# Admin journeys ---------------------------------------------------------------
# Text that Wagtail shows when a request of the page failed (autosave, a
# save action): a journey fails if any becomes visible.
NETWORK_ERROR_TEXTS = ("A network error occurred", "Autosave is paused")


class PageWatch:
    """Records what a person would see go wrong on a page: console errors,
    uncaught exceptions, failed requests and HTTP errors."""

    def __init__(self, page, allowed_statuses=()):
        self.page = page
        self.problems = []
        self.allowed = list(allowed_statuses)  # (status, URL substring) pairs
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def allow(self, status, url_part):
        """Accept one kind of HTTP error the journey provokes on purpose."""
        self.allowed.append((status, url_part))

    def _console(self, message):
        # Chromium also logs each HTTP error response: _response judges those.
        if message.type == "error" and not message.text.startswith(
            "Failed to load resource: the server responded with a status"
        ):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _request_failed(self, request):
        failure = request.failure or ""
        # A navigation cancels the requests of the page it leaves.
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.method} {request.url} {failure}")

    def _response(self, response):
        if response.status >= 400 and not any(
            response.status == status and part in response.url for status, part in self.allowed
        ):
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    def check(self):
        """Fail on anything recorded so far and on a visible network error."""
        problems = list(self.problems)
        if not self.page.is_closed():
            for text in NETWORK_ERROR_TEXTS:
                if self.page.get_by_text(text).filter(visible=True).count():
                    problems.append(f"visible on {self.page.url}: {text!r}")
        assert not problems, "The journey met problems:\n" + "\n".join(problems)


@pytest.fixture
def person(new_page, live_server):
    """`person(user)`: a browser page signed in as `user` through the login
    form, on the admin dashboard, watched for errors (checked at the end of
    the test, or earlier with `page.watch.check()`). The journey goes on
    from the dashboard by clicking only."""
    watches = []

    def sign_in(user, password=None, **context_options):
        page = new_page(**context_options)
        page.watch = PageWatch(page)
        watches.append(page.watch)
        page.goto(f"{live_server.url}/admin/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password or FIXTURE_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live_server.url}/admin/")
        return page

    yield sign_in
    for watch in watches:
        watch.check()
