"""`setup_roles`: every group of the site and the review workflow, kept in step."""

from django.db import transaction

from practices.editorial.group_sync import RolesReport
from practices.editorial.staff_groups import setup_editorial_roles
from practices.editorial.translator_groups import setup_translator_roles
from practices.editorial.workflow import setup_review_workflow


@transaction.atomic
def setup_roles():
    """Every role of the site, kept in step; idempotent. Returns a RolesReport.

    The translator groups (translator_groups.py), then the editorial groups and the
    review workflow (staff_groups.py, workflow.py).
    """
    report = RolesReport()
    setup_translator_roles(report)
    setup_editorial_roles(report)
    setup_review_workflow(report)
    return report
