"""An editor writes a complete practice in Wagtail's page editor, publishes it,
and finds it in the public search."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECTIONS = {
    "Context": "Families wait weeks for a first appointment with a social worker.",
    "Method": "A duty social worker answers every call on the same day.",
    "Outcomes": "The waiting time fell from three weeks to two days.",
    "Transferability": "Any municipal service with two social workers can adopt it.",
}


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
    live_server, settings, person, site_tree, themes, countries, superuser
):
    # Wagtail's autosave (every 500 ms of changes) raced the Publish click once
    # on a busy CI machine: a draft autosave answered 400, then the publish of
    # the new page failed validation. Kept out of this journey until understood
    # (the closing note of session 8 says so); the publish path is what it proves.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    page = person(superuser)
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name="Add practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Practice"))

    page.get_by_role("textbox", name=re.compile(r"^Title\*?$")).fill("Same-day duty social worker")
    page.get_by_role("textbox", name=re.compile(r"^Summary\*?$")).fill(
        "A duty social worker answers every family's first call on the day it comes."
    )
    for name, text in SECTIONS.items():
        type_rich_text(page, name, text)

    page.get_by_role("tab", name="Classification").click()
    page.get_by_role("checkbox", name="Child protection", exact=True).check()
    page.get_by_role("checkbox", name="France", exact=True).check()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    # Wagtail's message if an autosave had saved the new page as a draft first.
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"'Same-day duty social worker' (created and published|has been published)")
    )

    page.goto(f"{live_server.url}/en/search/?q=duty+social+worker")
    page.get_by_role("link", name="Same-day duty social worker", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Same-day duty social worker")
    for name, text in SECTIONS.items():
        expect(page.get_by_role("region", name=name, exact=True)).to_contain_text(text)
