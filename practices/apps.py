from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Connected here, not in wagtail_hooks.py (loaded with the admin), so
        # that approvals made outside the admin also reset "last reviewed".
        from wagtail.signals import page_published, workflow_approved

        from practices.freshness import mark_reviewed_on_approval
        from practices.models import PracticePage
        from practices.proposals.publication import practice_published

        workflow_approved.connect(mark_reviewed_on_approval, dispatch_uid="practices_mark_reviewed")
        # A published practice's files leave the private "Proposals" collection.
        page_published.connect(
            practice_published, sender=PracticePage, dispatch_uid="practices_release_files"
        )
