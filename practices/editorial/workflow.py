"""The "Practice review" workflow: no practice goes live before a reviewer
approves it."""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from practices.editorial.staff_groups import REVIEWERS
from practices.models import PracticeIndexPage

WORKFLOW_NAME = "Practice review"
TASK_NAME = "Review"


def review_workflow():
    return Workflow.objects.filter(name=WORKFLOW_NAME).first()


def setup_review_workflow(report):
    """Create or update the workflow, its task and its pages; note changes in `report`."""
    reviewers = Group.objects.get(name=REVIEWERS)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        report.changes.append(f"Created the workflow {WORKFLOW_NAME!r}.")
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        report.changes.append(f"Reactivated the workflow {WORKFLOW_NAME!r}.")

    task = _review_task(workflow, report)
    if set(task.groups.all()) != {reviewers}:
        task.groups.set([reviewers])
        report.changes.append(f"{WORKFLOW_NAME}: the task {TASK_NAME!r} goes to {REVIEWERS!r}.")

    steps = list(WorkflowTask.objects.filter(workflow=workflow))
    if [step.task_id for step in steps] != [task.pk]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        report.changes.append(f"{WORKFLOW_NAME}: one task, {TASK_NAME!r}.")

    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow_id"))
    for index in PracticeIndexPage.objects.select_related("locale").order_by("path"):
        if assigned.get(index.pk) == workflow.pk:
            continue
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        report.changes.append(
            f"{WORKFLOW_NAME}: assigned to {index.title!r} ({index.locale.language_code})."
        )
    return workflow


def _review_task(workflow, report):
    """The workflow's "Review" task (or one of that name), active; created if missing."""
    task = (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, name=TASK_NAME).first()
        or GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        report.changes.append(f"{WORKFLOW_NAME}: created the task {TASK_NAME!r}.")
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
        report.changes.append(f"{WORKFLOW_NAME}: reactivated the task {TASK_NAME!r}.")
    return task
