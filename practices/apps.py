from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Connected here, not in wagtail_hooks.py (loaded with the admin), so
        # that approvals made outside the admin also reset "last reviewed".
        from wagtail.signals import page_published, workflow_approved

        from practices.editorial.freshness import mark_reviewed_on_approval
        from practices.editorial.proposals.publication import practice_published
        from practices.localize import notices as translation_notices
        from practices.models import PracticePage

        workflow_approved.connect(mark_reviewed_on_approval, dispatch_uid="practices_mark_reviewed")

        # Every `migrate` gives the default Wagtail Site the address of
        # SITE_BASE_URL (practices/site_address.py).
        from django.db.models.signals import post_migrate

        from practices.site_address import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="practices_site_address")
        # A published practice's files leave the private "Proposals" collection.
        page_published.connect(
            practice_published, sender=PracticePage, dispatch_uid="practices_release_files"
        )
        # Translators hear of a changed original however it was published.
        translation_notices.connect()
