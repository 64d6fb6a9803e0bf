"""The reviewer's request for changes, shown to the author at the top of the
edit form."""

from wagtail.admin.panels import Panel
from wagtail.models import TaskState


def latest_change_request(page):
    """The latest rejected task state of `page`'s current workflow, or None."""
    if page is None or page.pk is None:
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        return None
    return (
        TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


class ReviewCommentPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practices/admin/review_comment_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.change_request = latest_change_request(self.instance)

        def is_shown(self):
            return self.change_request is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["change_request"] = self.change_request
            context["current_status"] = self.instance.current_workflow_state.status
            return context
