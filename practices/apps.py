from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Connected here, not in wagtail_hooks.py (loaded with the admin), so
        # that approvals made outside the admin also reset "last reviewed".
        from wagtail.signals import workflow_approved

        from practices import translation_notices
        from practices.freshness import mark_reviewed_on_approval

        workflow_approved.connect(mark_reviewed_on_approval, dispatch_uid="practices_mark_reviewed")
        # Translators hear of a changed original however it was published.
        translation_notices.connect()
