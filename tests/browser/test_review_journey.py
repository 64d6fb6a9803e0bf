"""The review journey in Chromium, through the interface only: an editor
creates a practice and edits an existing one (autosave saves it), submits it;
a reviewer requests changes with a comment; the author reads it on the edit
view and resubmits; the reviewer approves; a visitor reads the new text. And
a Lithuanian translator writing a new practice can only submit it to review."""

import re

import pytest
from playwright.sync_api import expect
from translator_helpers import make_user, run_setup_roles
from wagtail.models import Locale

from practices.models import PracticePage
from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COMMENT = "Please name the municipality that pooled its budget."
NEW_SUMMARY = "Carers of Saint-Nazaire visit isolated pensioners every week."


def field(page, name):
    return page.get_by_role("textbox", name=re.compile(rf"^{name}\*?$"))


def open_practice(page, title):
    """From anywhere in the admin: the Practices menu, then the practice."""
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def add_child_page(page, index_title):
    """The Pages menu, the language's practice index, then "Add child page"."""
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name=index_title, exact=True).click()
    page.get_by_role("link", name="Add child page").first.click()
    expect(field(page, "Title")).to_be_visible()


def more_actions(page, action):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=action).click()


# Wagtail's unsaved-changes watcher takes the form's initial state (more than
# once) about two seconds after the editor opens: an edit typed before then is
# not seen as an edit. A person types later; so does `edit`.
WATCH_EDITS = """document.addEventListener("w-unsaved:watch-edits", () => {
    window.editsWatchedAt = performance.now();
});"""


def edit(page, name, text):
    """Type into a field of the editor once Wagtail watches for edits."""
    page.wait_for_function(
        "() => window.editsWatchedAt && performance.now() - window.editsWatchedAt > 1000"
    )
    field(page, name).fill(text)


def wait_for_autosave(page):
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    page.watch.check()


def test_a_practice_goes_through_review_and_back(
    person, new_page, live_server, site_tree, themes, countries, make_practice
):
    run_setup_roles()
    existing = make_practice("Home support for seniors", slug="home-support")
    editor = make_user("emma", "Editors")
    reviewer = make_user("rita", "Reviewers")
    reviewer.first_name, reviewer.last_name = "Rita", "Rossi"
    reviewer.save()

    # The editor starts a practice and saves a draft.
    author = person(editor)
    author.get_by_role("link", name="Practices", exact=True).click()
    author.get_by_role("link", name="Add practice").click()
    field(author, "Title").fill("Neighbourhood kitchens")
    field(author, "Summary").fill("Residents cook together once a week.")
    # Leaving the title, Wagtail fills the slug (Promote tab) from it.
    expect(author.locator("#id_slug")).to_have_value("neighbourhood-kitchens")
    author.get_by_role("button", name="Save draft").click()
    expect(author.get_by_role("status").first).to_contain_text("'Neighbourhood kitchens' created")

    # They edit an existing practice: autosave saves it, then they submit it.
    author.context.add_init_script(WATCH_EDITS)
    open_practice(author, existing.title)
    edit(author, "Summary", NEW_SUMMARY)
    wait_for_autosave(author)
    more_actions(author, "Submit to Practice review")
    expect(author.get_by_role("status").first).to_contain_text("submitted for moderation")

    # The reviewer finds it on their dashboard and requests changes.
    checker = person(reviewer)
    checker.get_by_role("link", name=existing.title).first.click()
    more_actions(checker, "Request changes")
    checker.get_by_role("textbox", name=re.compile("Comment")).fill(COMMENT)
    checker.get_by_role("dialog").get_by_role("button", name="Request changes").click()
    expect(checker.get_by_role("status").first).to_contain_text("has been updated")

    # The author reads the comment and who wrote it, edits and resubmits.
    author.get_by_role("link", name="Dashboard").click()
    open_practice(author, existing.title)
    request = author.locator("[data-review-comment]")
    expect(request).to_contain_text("Changes requested by Rita Rossi on")
    expect(request).to_contain_text(COMMENT)
    edit(author, "Summary", NEW_SUMMARY + " In Nantes too.")
    wait_for_autosave(author)
    more_actions(author, re.compile("^Resubmit to"))
    expect(author.get_by_role("status").first).to_contain_text("submitted for moderation")

    # The reviewer approves from the edit view; a visitor reads the new text.
    checker.get_by_role("link", name="Dashboard").click()
    checker.get_by_role("link", name=existing.title).first.click()
    more_actions(checker, re.compile("^Approve and publish", re.IGNORECASE))
    expect(checker.get_by_role("status").first).to_contain_text("has been updated")

    visitor = new_page()
    visitor.goto(live_server.url + PracticePage.objects.get(pk=existing.pk).url)
    expect(visitor.get_by_text(NEW_SUMMARY + " In Nantes too.")).to_be_visible()


def test_a_lithuanian_translator_submits_a_new_practice_to_review(
    person, site_tree, themes, countries
):
    lithuanian = Locale.objects.get_or_create(language_code="lt")[0]
    translate(site_tree["home"], lithuanian, {"title": "Gerosios praktikos", "slug": "pradzia"})
    translate(site_tree["index"], lithuanian, {"title": "Praktikos", "slug": "praktikos"})
    run_setup_roles()
    translator = make_user("ieva", "Translators — Lithuanian")

    page = person(translator)
    add_child_page(page, "Praktikos")
    field(page, "Title").fill("Kaimynystės virtuvės")

    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Submit to Practice review")).to_be_visible()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
