"""Who proposed a practice through the public form
(practices/editorial/proposals/): what the draft page does not keep."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    page = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposer_name = models.CharField(_("name"), max_length=120)
    proposer_email = models.EmailField(_("e-mail"))
    organisations = models.TextField(_("organisations"), blank=True)
    contact_consent = models.BooleanField(_("the contact agreed to be shown publicly"))
    language = models.CharField(_("language"), max_length=10)
    ip_hash = models.CharField(_("IP address (keyed hash)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.page.title} ({self.proposer_name})"
