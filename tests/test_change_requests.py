"""A reviewer's request for changes reaches the author: on the practice's edit
view (with the reviewer's name and the date) and by an e-mail that says
"changes requested", in the author's language."""

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.utils import timezone, translation
from django.utils.formats import date_format
from translator_helpers import make_user
from wagtail.users.models import UserProfile
from workflow_helpers import edit_url, pressing, workflow_status

pytestmark = pytest.mark.django_db

COMMENT = "Please name the municipality that pooled its budget."


@pytest.fixture
def people(roles):
    reviewer = make_user("rita", "Reviewers")
    reviewer.first_name, reviewer.last_name = "Rita", "Rossi"
    reviewer.save()
    return {"editor": make_user("emma", "Editors"), "reviewer": reviewer}


@pytest.fixture
def submitted(people, client, make_practice, capture):
    """A practice of the editor's, submitted to Practice review."""
    page = make_practice("Neighbourhood care teams", slug="care-teams", publish=False)
    page.owner = people["editor"]
    page.save()
    client.force_login(people["editor"])
    with capture(execute=True):
        client.post(edit_url(page), pressing("submit", page))
    assert workflow_status(page) == "in_progress"
    return page


def act(client, user, page, button, capture, **form):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(edit_url(page), pressing(button, page, **form))
    assert response.status_code == 302
    return response


def edit_view(client, user, page):
    client.force_login(user)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return response.content.decode()


def test_the_author_sees_the_comment_with_the_reviewers_name(people, client, submitted, capture):
    editor, reviewer = people["editor"], people["reviewer"]
    assert "data-review-comment" not in edit_view(client, editor, submitted)

    act(client, reviewer, submitted, "reject", capture, comment=COMMENT)

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    html = edit_view(client, editor, submitted)
    assert "data-review-comment" in html
    assert f"Changes requested by Rita Rossi on {today}:" in html
    assert COMMENT in html
    assert "Make the changes, then submit the practice to review again." in html

    # Resubmitted: the request stays in sight, as the last one; approved: gone.
    act(client, editor, submitted, "submit", capture)
    assert "this was the last request for changes" in edit_view(client, reviewer, submitted)
    act(client, reviewer, submitted, "approve", capture)
    assert "data-review-comment" not in edit_view(client, editor, submitted)


def test_the_mail_says_changes_requested_in_the_authors_language(
    people, client, submitted, capture, settings
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    editor = people["editor"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    rendered = []

    def record(sender, template, context, **kwargs):
        rendered.append((template.name, translation.get_language()))

    template_rendered.connect(record)
    mail.outbox.clear()
    try:
        with translation.override("en"):  # the reviewer's admin is in English
            act(client, people["reviewer"], submitted, "reject", capture, comment=COMMENT)
    finally:
        template_rendered.disconnect(record)

    [message] = mail.outbox
    assert message.to == [editor.email]
    html = message.alternatives[0][0]
    # Wagtail's own greeting is translated already: the French catalogue answers.
    assert message.body.startswith("Salut emma,")
    assert "Salut emma," in html and 'lang="fr"' in html
    assert COMMENT in message.body and COMMENT in html
    assert "rejected" not in message.body + message.subject + html
    ours = {
        name: language
        for name, language in rendered
        if name.startswith("practices/notifications/") or "workflow_state_rejected" in name
    }
    assert ours == {
        "wagtailadmin/notifications/workflow_state_rejected_subject.txt": "fr",
        "wagtailadmin/notifications/workflow_state_rejected.txt": "fr",
        "practices/notifications/changes_requested.txt": "fr",
        "wagtailadmin/notifications/workflow_state_rejected.html": "en",
        "practices/notifications/changes_requested.html": "fr",
        "practices/notifications/changes_requested_body.html": "fr",
    }
