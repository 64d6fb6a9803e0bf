"""Translators work from their dashboard, through the interface only.

An Italian translator finds on the dashboard the English practice with no
Italian translation, clicks "Translate into Italian", translates some texts
online, the rest in the downloaded PO file (filled with polib) uploaded
through the editor, and publishes; a visitor finds the Italian page. A
Lithuanian translator sees only Lithuanian work, and "Add practice" opens
the Lithuanian tree. An editor requests an
Italian translation from the page's menu, and the Italian translator gets
an e-mail. (Issue #15, points 3 and 10.)
"""

import re

import polib
import pytest
from django.core import mail
from playwright.sync_api import expect
from translator_helpers import make_user, run_setup_roles
from wagtail.models import Locale

from practices.localize.po_translation import translate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Assistenza domiciliare per anziani"
SLUG = "assistenza-domiciliare"
ONLINE = {
    "Home support for seniors": TITLE,
    "A short summary of the practice.": "Un breve riassunto della pratica.",
}
OFFLINE = {
    "The context of the practice.": "Il contesto della pratica.",
    "First step.": "Primo passo.",
    "Second step.": "Secondo passo.",
    "What changed.": "Che cosa è cambiato.",
    "What another country must adapt.": "Che cosa deve adattare un altro paese.",
    "home-support": SLUG,
}


def translate_segment(page, source, value):
    row = page.locator("li", has_text=source).last
    row.get_by_role("button", name="Translate", exact=True).click()
    row.get_by_role("textbox").fill(value)
    row.get_by_role("button", name="Save", exact=True).click()
    expect(row.get_by_role("button", name="Edit", exact=True)).to_be_visible()


def fill_po_file(path):
    po = polib.pofile(str(path))
    for entry in po:
        if not entry.msgstr:
            entry.msgstr = OFFLINE.get(entry.msgid, entry.msgid)
    po.save(str(path))


@pytest.fixture
def lithuanian_tree(italian_tree):
    locale = Locale.objects.get_or_create(language_code="lt")[0]
    translate(italian_tree["home"], locale, {"title": "Gerosios praktikos", "slug": "pradzia"})
    translate(italian_tree["index"], locale, {"title": "Praktikos", "slug": "praktikos"})
    run_setup_roles()
    return italian_tree


def test_translators_work_from_their_dashboard(
    live_server, person, new_page, lithuanian_tree, make_practice, tmp_path
):
    make_practice("Home support for seniors", slug="home-support")
    make_practice("Foster family network", slug="foster")
    giulia = make_user("giulia", "Translators — Italian")
    rasa = make_user("rasa", "Translators — Lithuanian")
    emma = make_user("emma", "Editors")
    italiano = Locale.objects.get(language_code="it").get_display_name()

    # 1. The Italian translator starts the translation from the dashboard.
    page = person(giulia)
    work = page.get_by_role("region", name="Your work in Italian")
    expect(work).to_contain_text("Practices to translate (2)")
    work.get_by_role("button", name="Translate “Home support for seniors” into Italian").click()
    expect(page.get_by_role("status").first).to_contain_text("translate it below")

    # 2. Some texts online, the rest in the PO file.
    for source, value in ONLINE.items():
        translate_segment(page, source, value)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PO file").filter(visible=True).first.click()
    po_path = tmp_path / "translation.po"
    download.value.save_as(po_path)
    fill_po_file(po_path)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload PO file").filter(visible=True).first.click()
    chooser.value.set_files(str(po_path))
    expect(page.get_by_role("status").first).to_contain_text("PO")
    for value in OFFLINE.values():
        if value != SLUG:
            expect(page.get_by_text(value, exact=True).first).to_be_attached()
    page.get_by_role("button", name=f"Publish in {italiano}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Published '{TITLE}' in {italiano}")

    # 3. Back on the dashboard, only the other practice is left to translate.
    page.get_by_role("link", name="Dashboard").click()
    work = page.get_by_role("region", name="Your work in Italian")
    expect(work).to_contain_text("Practices to translate (1)")
    expect(work).to_contain_text("Foster family network")
    page.watch.check()

    # 4. A visitor finds the Italian page.
    visitor = new_page()
    visitor.goto(f"{live_server.url}/it/search/?q=domiciliare")
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    expect(visitor).to_have_url(f"{live_server.url}/it/pratiche/{SLUG}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text(OFFLINE["First step."])).to_be_visible()

    # 5. The Lithuanian translator sees Lithuanian work only.
    page = person(rasa)
    work = page.get_by_role("region", name="Your work in Lithuanian")
    expect(work).to_contain_text("Practices to translate (2)")
    expect(work.get_by_role("button", name=re.compile("into Lithuanian$"))).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile("into Italian"))).to_have_count(0)
    expect(page.get_by_role("region", name="Your work in Italian")).to_have_count(0)
    # "Add practice" opens the Lithuanian tree.
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name=re.compile("^Add")).first.click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Praktikos")

    # 6. An editor requests an Italian translation from the page's menu;
    # the Italian translator is told by e-mail.
    page = person(emma)
    page.get_by_role("link", name="Practices", exact=True).click()
    page.get_by_role("link", name="Foster family network").click()
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_role("checkbox", name=italiano, exact=True).check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"successfully submitted for translation into {italiano}"
    )
    (message,) = [m for m in mail.outbox if giulia.email in m.to]
    assert "Foster family network" in message.subject
    assert "/admin/pages/" in message.body
