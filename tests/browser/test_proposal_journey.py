"""A contributor proposes a practice with a document and a new organisation
through the public form; a reviewer finds it on the dashboard, sees the
organisation in the editor and approves it; an anonymous visitor of the
published practice opens the document (issue #15, points 6 and 7)."""

import re

import pytest
from playwright.sync_api import expect
from translator_helpers import make_user, run_setup_roles

from practices.models import PracticePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Neighbourhood kitchens"
ORGANISATION = "Cuisines solidaires de Nantes"
ANSWERS = {
    "Summary": "Residents cook together once a week with social workers.",
    "Context": "Isolated older people have few places to meet.",
    "Method": "A weekly kitchen in a community centre, run with a social worker.",
    "Outcomes": "Forty regular participants after a year.",
    "Transferability": "Needs a kitchen and a volunteer cook.",
}


def small_pdf():
    """A valid one-page PDF: header, four objects, cross-reference table, trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def field(page, label):
    return page.get_by_label(re.compile(rf"^{label}( \(required\))?$"))


def test_a_proposal_with_a_document_and_an_organisation_is_approved_and_opens_for_visitors(
    live_server, person, new_page, site_tree, themes, countries
):
    run_setup_roles()
    contributor = make_user("ada", "Contributors")
    reviewer = make_user("rita", "Reviewers")

    # The contributor signs in, goes to the site and follows its link to the form.
    page = person(contributor)
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Propose a practice").click()
    field(page, "Title").fill(TITLE)
    for label, answer in ANSWERS.items():
        field(page, label).fill(answer)
    page.get_by_role("checkbox", name="Ageing and loss of autonomy").check()
    page.get_by_role("checkbox", name="France").check()
    field(page, "Organisations").fill(ORGANISATION)
    field(page, "Documents").set_input_files(
        files=[{"name": "kitchen-report.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}]
    )
    field(page, "Your name").fill("Ada Lovelace")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your proposal")

    # The reviewer finds it on the dashboard, sees the organisation, approves.
    page = person(reviewer)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("From the proposal of Ada Lovelace")).to_be_visible()
    page.get_by_role("tab", name="Key facts").click()
    expect(page.get_by_label("Organisations").locator("option:checked")).to_have_text(
        [ORGANISATION]
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text(TITLE)

    # An anonymous visitor opens the published practice and its document.
    practice = PracticePage.objects.get(title=TITLE)
    assert practice.live
    visitor = new_page()
    visitor.goto(live_server.url + practice.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text(f"{ORGANISATION} (France)")).to_be_visible()
    with visitor.expect_response(re.compile(r"/documents/")) as answer:
        visitor.get_by_role("link", name="kitchen-report").click()
    response = answer.value
    assert response.status == 200, response.url
    assert response.headers["content-type"] == "application/pdf"
    assert "/login/" not in response.url
