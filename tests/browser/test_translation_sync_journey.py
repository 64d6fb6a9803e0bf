"""A changed original reaches its Italian translation, through the interface only.

An administrator changes a paragraph of an English practice and publishes it;
the Italian translator is told by e-mail and on their dashboard, brings the
changes in from there, sees the changed
paragraph untranslated with its previous translation offered, translates it and
republishes; the visitor's Italian page no longer says that the original
was updated. "Convert to alias page" is not offered to the translator.
(Issue #15, points 2, 4 and 8.)
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from translator_helpers import practice_values

from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDED = " Fewer emergency admissions."
CHANGED = "What changed." + ADDED
PREVIOUS = "Che cosa è cambiato."
NEW = "Che cosa è cambiato. Meno ricoveri d'urgenza."


@pytest.fixture
def italian_practice(practice, locales):
    """The `practice` fixture, its Italian outcomes translated into Italian."""
    values = practice_values("Assistenza domiciliare", "assistenza", practice["en"])
    values["outcomes"] = f"<p>{PREVIOUS}</p>"
    return translate(practice["en"], locales["it"], values)


def test_the_translator_brings_a_changed_original_in(
    live_server, person, new_page, italian_practice, translator, superuser
):
    italiano = italian_practice.locale.get_display_name()
    public_url = f"{live_server.url}{italian_practice.url}"

    def notice(visitor):
        """The "original (English) was updated" notice, in Italian."""
        return visitor.locator("p.notice[role=status]", has_text="Inglese")

    # 1. An administrator changes a paragraph of the original and publishes it.
    page = person(superuser)
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name="Home support for seniors").first.click()
    step = page.get_by_role("region", name="Outcomes").get_by_text("What changed.", exact=True)
    step.click()
    page.keyboard.press("End")
    page.keyboard.type(ADDED)
    expect(page.get_by_role("region", name="Outcomes")).to_contain_text(CHANGED)
    # Draftail writes its form field a moment after the last key.
    expect(page.locator('input[name="outcomes"]')).to_have_value(re.compile(ADDED))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("has been published")
    page.watch.check()

    visitor = new_page()
    visitor.goto(public_url)
    expect(notice(visitor)).to_be_visible()

    # 2. The Italian translator is told by e-mail, and finds the change on
    # their dashboard.
    (message,) = [m for m in mail.outbox if translator.email in m.to]
    assert "Home support for seniors" in message.subject
    page = person(translator)
    page.get_by_role(
        "link", name="Bring the changes of the original into “Assistenza domiciliare”"
    ).click()

    # 3. They bring the changes in, back to their dashboard, where the
    # translation now waits for them among the translations in progress.
    expect(page.get_by_role("checkbox", name=italiano)).to_be_checked()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status").first).to_contain_text("Successfully updated translations")
    expect(
        page.get_by_role(
            "link", name="Bring the changes of the original into “Assistenza domiciliare”"
        )
    ).to_have_count(0)
    page.get_by_role("link", name="Continue translating “Assistenza domiciliare”").click()
    # The editor's action menu holds its other actions, not this one.
    expect(page.get_by_text("Stop Synced translation")).to_be_attached()
    expect(page.get_by_text("Convert to alias page")).to_have_count(0)

    # 4. The changed step waits for its translation, its previous one offered.
    row = page.locator("li", has_text=CHANGED).last
    expect(row).to_contain_text(f"Previous translation (of “What changed.”): {PREVIOUS}")
    row.get_by_role("button", name="Translate", exact=True).click()
    row.get_by_role("textbox").fill(NEW)
    row.get_by_role("button", name="Save", exact=True).click()
    expect(row.get_by_role("button", name="Edit", exact=True)).to_be_visible()
    page.get_by_role("button", name=f"Publish in {italiano}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"in {italiano}")

    # 5. The visitor reads the new step in Italian, with no notice.
    visitor.goto(public_url)
    expect(visitor.get_by_text(NEW)).to_be_visible()
    expect(notice(visitor)).to_have_count(0)
