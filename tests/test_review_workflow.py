"""The review path through the admin: an editor submits a practice, a reviewer
requests changes with a comment, the author resubmits, a reviewer approves,
and the practice goes live and into the public search; e-mails go to the
reviewers on submission and back to the author on each decision
(locmem backend: django.core.mail.outbox).

Also: setup_roles creates the "Practice review" workflow and keeps it in step.
"""

import pytest
from admin_forms import EMPTY_RICH_TEXT
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from translator_helpers import make_user, run_setup_roles
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState
from workflow_helpers import add_url, edit_url, latest, pressing, workflow_status

from practices.models import PracticeIndexPage, PracticePage
from practices.editorial.translator_groups import setup_roles

TITLE = "Neighbourhood care teams"
COMMENT = "Please name the municipality that pooled its budget."


@pytest.fixture
def people(roles):
    return {
        "editor": make_user("emma", "Editors"),
        "reviewer": make_user("rita", "Reviewers"),
        "second_reviewer": make_user("raul", "Reviewers"),
    }


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def public_search(words):
    """The public search page for `words`, as an anonymous visitor sees it."""
    response = Client().get("/en/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def mails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


# The whole path --------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_reject_with_comment_resubmit_approve(
    people, as_user, site_tree, themes, countries, capture
):
    editor, reviewer = people["editor"], people["reviewer"]
    data = pressing("submit", themes=[themes["ageing"].pk], countries=[countries["FR"].pk])

    # 1. The editor writes a practice and submits it.
    response = post(as_user(editor), add_url(site_tree["index"]), data, capture)
    assert response.status_code == 302
    page = PracticePage.objects.get(slug="neighbourhood-care-teams")
    assert not page.live
    assert page.owner == editor
    state = WorkflowState.objects.for_instance(page).get()
    assert (state.workflow.name, state.status) == ("Practice review", "in_progress")
    assert state.current_task_state.task.name == "Review"

    # 2. Every reviewer, and nobody else, gets an e-mail naming the practice.
    assert sorted(recipient for m in mail.outbox for recipient in m.to) == [
        "raul@example.org",
        "rita@example.org",
    ]
    submitted = mails_to(reviewer)[0]
    assert f'"{TITLE}"' in submitted.subject
    assert "Review" in submitted.subject
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in submitted.body
    mail.outbox.clear()

    # 3. The reviewer requests changes with a comment.
    response = post(
        as_user(reviewer), edit_url(page), pressing("reject", page, comment=COMMENT), capture
    )
    assert response.status_code == 302
    assert workflow_status(page) == "needs_changes"
    assert not PracticePage.objects.get(pk=page.pk).live

    # 4. The author gets the comment by e-mail.
    assert [m.to for m in mail.outbox] == [[editor.email]]
    rejected = mail.outbox[0]
    assert rejected.subject == f'Changes requested on "{TITLE}" (Practice review)'
    assert "rita requested changes" in rejected.body and "rejected" not in rejected.body
    assert COMMENT in rejected.body
    mail.outbox.clear()

    # 5. The author edits and resubmits: the same workflow resumes.
    new_title = "Neighbourhood care teams in Nantes"
    response = post(
        as_user(editor), edit_url(page), pressing("submit", page, title=new_title), capture
    )
    assert response.status_code == 302
    assert WorkflowState.objects.for_instance(page).count() == 1
    assert workflow_status(page) == "in_progress"
    draft, stored = latest(page)
    assert draft.title == new_title
    assert not stored.live
    assert sorted(r for m in mail.outbox for r in m.to) == ["raul@example.org", "rita@example.org"]
    mail.outbox.clear()

    # Before approval the public search does not know the practice.
    assert new_title not in public_search("Nantes")

    # 6. A reviewer approves: the page is published as the author last wrote it.
    response = post(as_user(reviewer), edit_url(page), pressing("approve", page), capture)
    assert response.status_code == 302
    assert workflow_status(page) == "approved"
    page = PracticePage.objects.get(pk=page.pk)
    assert page.live
    assert page.title == new_title
    assert not page.has_unpublished_changes

    # 7. The author is told; the practice is in the public search.
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert f'"{new_title}"' in mail.outbox[0].subject
    assert "approved" in mail.outbox[0].subject
    results = public_search("Nantes")
    assert new_title in results
    assert page.url in results


@pytest.mark.django_db
def test_an_incomplete_practice_is_not_submitted(people, as_user, site_tree, themes, capture):
    editor = people["editor"]
    data = pressing(
        "submit", method_text=EMPTY_RICH_TEXT, themes=[themes["ageing"].pk], countries=[]
    )

    response = post(as_user(editor), add_url(site_tree["index"]), data, capture)

    assert response.status_code == 200  # the form again, with its errors
    assert "Describe the method: what was done, step by step." in response.content.decode()
    assert not PracticePage.objects.filter(slug="neighbourhood-care-teams").exists()
    assert not WorkflowState.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_incomplete_draft_is_not_submitted_and_stays_a_draft(
    people, as_user, make_practice, capture
):
    editor = people["editor"]
    page = make_practice(TITLE, slug="care-teams", publish=False)
    page.owner = editor
    page.save()
    revisions = page.revisions.count()

    response = post(as_user(editor), edit_url(page), pressing("submit", page, summary=""), capture)

    assert response.status_code == 200
    draft, stored = latest(page)
    assert not stored.live
    assert draft.summary == page.summary
    assert stored.revisions.count() == revisions
    assert workflow_status(page) is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_author_is_not_mailed_about_their_own_decision(people, as_user, make_practice, capture):
    """A reviewer who submits and approves their own practice is not mailed about it."""
    reviewer = people["reviewer"]
    page = make_practice(TITLE, slug="care-teams", publish=False)

    post(as_user(reviewer), edit_url(page), pressing("submit", page), capture)
    assert [m.to for m in mail.outbox] == [["raul@example.org"]]
    mail.outbox.clear()
    post(as_user(reviewer), edit_url(page), pressing("approve", page), capture)

    assert PracticePage.objects.get(pk=page.pk).live
    assert mail.outbox == []


# setup_roles and the workflow -------------------------------------------------------


def workflow_snapshot():
    workflow = Workflow.objects.get(name="Practice review")
    tasks = [task.specific for task in workflow.tasks]
    return (
        workflow.active,
        [(task.name, task.active, sorted(g.name for g in task.groups.all())) for task in tasks],
        sorted(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)),
    )


@pytest.mark.django_db
def test_setup_roles_assigns_the_review_workflow_to_every_practice_index(italian_tree):
    output = run_setup_roles()

    indexes = sorted(PracticeIndexPage.objects.values_list("pk", flat=True))
    assert len(indexes) == 3  # en, fr, it
    assert workflow_snapshot() == (True, [("Review", True, ["Reviewers"])], indexes)
    practice_in_review = italian_tree["index_it"]
    assert practice_in_review.get_workflow().name == "Practice review"
    assert "Created the workflow 'Practice review'." in output
    assert "Practice review: assigned to 'Pratiche' (it)." in output


@pytest.mark.django_db
def test_setup_roles_twice_keeps_the_workflow_and_changes_nothing(italian_tree):
    run_setup_roles()
    first = workflow_snapshot()
    counts = (Workflow.objects.count(), GroupApprovalTask.objects.count(), Group.objects.count())

    output = run_setup_roles()

    assert workflow_snapshot() == first
    assert (
        Workflow.objects.count(),
        GroupApprovalTask.objects.count(),
        Group.objects.count(),
    ) == counts
    assert "Nothing to change" in output
    assert setup_roles().changes == []


@pytest.mark.django_db
def test_setup_roles_repairs_a_workflow_changed_in_the_admin(italian_tree):
    run_setup_roles()
    expected = workflow_snapshot()
    workflow = Workflow.objects.get(name="Practice review")
    workflow.deactivate()  # also drops the page assignments
    task = GroupApprovalTask.objects.get(name="Review")
    task.active = False
    task.save()
    task.groups.set([Group.objects.get(name="Editors")])

    output = run_setup_roles()

    assert workflow_snapshot() == expected
    assert "Reactivated the workflow 'Practice review'." in output
    assert "Practice review: the task 'Review' goes to 'Reviewers'." in output
