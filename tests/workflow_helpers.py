"""Helpers of the review workflow tests: the admin's buttons as POST data."""

import json

from admin_forms import practice_form_data
from django.urls import reverse
from wagtail.models import Page


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", parent.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def pressing(button, page=None, **form):
    """The edit form of `page` (or a new practice) as posted by one of the admin's buttons.

    The form shows the latest revision of `page`, as the admin's edit view does.

    button: "save" (Save draft), "submit" (Submit to Practice review), "publish",
    or a workflow action of the current task: "approve", "reject" (Request changes).
    `comment` goes with a workflow action, as its modal sends it.
    """
    comment = form.pop("comment", None)
    if page is not None:
        page = latest(page)[0]
        # A revision's relations are in memory: no values_list("pk") on them.
        form.setdefault("themes", [term.pk for term in page.themes.all()])
        form.setdefault("countries", [country.pk for country in page.countries.all()])
    data = {
        key: value
        for key, value in practice_form_data(page, **form).items()
        if not key.startswith("action-")
    }
    if button in ("submit", "publish"):
        data[f"action-{button}"] = f"action-{button}"
    elif button in ("approve", "reject"):
        data["action-workflow-action"] = "true"
        data["workflow-action-name"] = button
        data["workflow-action-extra-data"] = json.dumps({"comment": comment} if comment else {})
    elif button != "save":
        raise ValueError(button)
    return data


def latest(page):
    """The page as its latest revision (draft included) shows it, and its live state."""
    page = Page.objects.get(pk=page.pk).specific
    return page.get_latest_revision_as_object(), page


def workflow_status(page):
    state = Page.objects.get(pk=page.pk).workflow_states.order_by("-pk").first()
    return state.status if state else None
