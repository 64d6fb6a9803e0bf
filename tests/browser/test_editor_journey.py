"""An editor writes a complete practice in Wagtail's page editor, publishes it,
and finds it in the public search; and publishes it just as well when the
click comes while Wagtail's autosave is creating the page as a draft
(practices/static/practices/js/editor-autosave.js)."""

import contextlib
import re

import pytest
from playwright.sync_api import Error, expect

from practices.models import PracticePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Same-day duty social worker"
SECTIONS = {
    "Context": "Families wait weeks for a first appointment with a social worker.",
    "Method": "A duty social worker answers every call on the same day.",
    "Outcomes": "The waiting time fell from three weeks to two days.",
    "Transferability": "Any municipal service with two social workers can adopt it.",
}


PUBLISHED = re.compile(rf"'{TITLE}' (created and published|has been published)")


def write_practice(page):
    """Type a complete practice into the editor of a new one: title, summary,
    the four required sections, a theme and a country."""
    page.get_by_role("textbox", name=re.compile(r"^Title\*?$")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile(r"^Summary\*?$")).fill(
        "A duty social worker answers every family's first call on the day it comes."
    )
    for name, text in SECTIONS.items():
        type_rich_text(page, name, text)

    page.get_by_role("tab", name="Classification").click()
    page.get_by_role("checkbox", name="Child protection", exact=True).check()
    page.get_by_role("checkbox", name="France", exact=True).check()


def section(page, name):
    """The panel of the editor whose heading is `name` (required ones end in *)."""
    return page.get_by_role("region", name=re.compile(rf"^{name}\*?$"))


def type_rich_text(page, name, text):
    """Type into the Draftail editor of a rich text panel."""
    editor = section(page, name).get_by_role("textbox").first
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)


def test_editor_publishes_a_practice_that_visitors_find(
    live_server, person, site_tree, themes, countries, superuser
):
    page = person(superuser)
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name="Add practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Practice"))

    write_practice(page)

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    # "created and published" if no autosave had saved the new page as a
    # draft before the click, "has been published" if one had.
    expect(page.get_by_role("status").first).to_contain_text(PUBLISHED)

    page.goto(f"{live_server.url}/en/search/?q=duty+social+worker")
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    for name, text in SECTIONS.items():
        expect(page.get_by_role("region", name=name, exact=True)).to_contain_text(text)


# Whether Wagtail's UnsavedController (w-unsaved, through its documented
# Stimulus application) has taken the form's starting point.
EDITOR_WATCHES_EDITS = """() => {
    const form = document.querySelector("form[data-edit-form]");
    const unsaved = form && window.wagtail.app.getControllerForElementAndIdentifier(form, "w-unsaved");
    return Boolean(unsaved && unsaved.initialFormData);
}"""


class FirstAutosaveHeld:
    """Network routing that holds the editor's first autosave of a new page (a
    POST to Wagtail's create view asking for JSON) on its way to the server,
    as a slow network or a busy server does, until `release()`.

    A form submission to the create view (Save draft, Publish) sent while it
    is held reaches the server only after the autosave's answer, so that the
    autosave has created the page first: the order of a busy CI machine."""

    CREATE_VIEW = "**/admin/pages/add/**"

    def __init__(self, page):
        self.page = page
        self.autosave = None
        self.released = False
        self.answered = False
        self.submissions = []
        page.route(self.CREATE_VIEW, self._route)
        page.on("response", self._response)

    @staticmethod
    def _is_autosave(request):
        return request.method == "POST" and "application/json" in (
            request.headers.get("accept") or ""
        )

    def _route(self, route):
        request = route.request
        if request.method == "POST" and self.autosave is None and self._is_autosave(request):
            self.autosave = route
        elif request.method == "POST" and self.autosave is not None and not self.answered:
            self.submissions.append(route)
        else:
            route.continue_()

    def _response(self, response):
        if self.autosave is not None and response.request == self.autosave.request:
            self.answered = True
            while self.submissions:
                self.submissions.pop(0).continue_()

    def wait_for_the_editor(self, timeout_ms=10_000):
        """Until Wagtail watches the form for edits (2 s after it opens): the
        edits made before are the form's starting point, never autosaved."""
        waited = 0
        while not self.page.evaluate(EDITOR_WATCHES_EDITS) and waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
        assert self.page.evaluate(EDITOR_WATCHES_EDITS), "The editor never watched for edits"

    def wait(self, timeout_ms=10_000):
        """Until the autosave is held (Wagtail sends it after a pause of the typing)."""
        waited = 0
        while self.autosave is None and waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
        assert self.autosave is not None, "No autosave of the new page within 10 s"

    def release(self):
        self.released = True
        self.autosave.continue_()

    def stop(self):
        """Let anything still held go (a test that failed half-way)."""
        self.page.unroute_all(behavior="ignoreErrors")
        held = [
            *self.submissions,
            *([self.autosave] if self.autosave and not self.released else []),
        ]
        for route in held:
            with contextlib.suppress(Error):
                route.continue_()


def test_publish_clicked_while_the_first_autosave_creates_the_page(
    person, site_tree, themes, countries, superuser, settings
):
    """The editor clicks Publish while the autosave that creates the new page as
    a draft is on its way: the practice is published once, with everything typed,
    and no error is shown. (Once in CI: "The page could not be created due to
    validation errors", the autosave's page holding the slug.)"""
    # The POSTs held with the autosave are let go together; Wagtail's editing-
    # session ping (every 10 s) would be among them, and the live server's
    # threads share one in-memory SQLite connection, where two requests at once
    # fail ("cannot start a transaction within a transaction", CI once). Each
    # gunicorn worker has its own connection: nothing of the kind in production.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 600_000
    page = person(superuser)
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name="Add practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Practice"))
    network = FirstAutosaveHeld(page)
    try:
        network.wait_for_the_editor()
        write_practice(page)
        network.wait()
        page.get_by_role("button", name="More actions").click()
        # Without waiting for a navigation: the Publish sent while the autosave
        # is held would wait for it.
        page.get_by_role("button", name="Publish", exact=True).click(no_wait_after=True)
        network.release()

        # Published by the edit view, the autosave having created the page.
        expect(page.get_by_role("status").first).to_contain_text(f"'{TITLE}' has been published")
    finally:
        network.stop()
    practices = PracticePage.objects.filter(title=TITLE)
    assert practices.count() == 1
    practice = practices.get()
    assert practice.live and not practice.has_unpublished_changes
    assert SECTIONS["Transferability"] in practice.transferability
    assert [theme.name for theme in practice.themes.all()] == ["Child protection"]
