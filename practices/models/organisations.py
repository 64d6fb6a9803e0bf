"""Organisations behind practices, and the Erasmus+ projects that fund them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class Organisation(index.Indexed, models.Model):
    class Type(models.TextChoices):
        PUBLIC_AUTHORITY = "public_authority", _("Public authority")
        SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
        NGO = "ngo", _("Non-governmental organisation")
        UNIVERSITY = "university", _("University or higher education")
        MEDICO_SOCIAL = "medico_social_institution", _("Medico-social institution")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        GUIDANCE_CENTRE = "guidance_centre", _("Guidance centre")
        RESEARCH_BODY = "research_body", _("Research or foresight body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=40, choices=Type.choices, default=Type.OTHER)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Created from the free text of a public proposal (practices/editorial/proposals/):
    # its type and country are guesses until an editor checks them.
    needs_checking = models.BooleanField(
        _("to check"),
        default=False,
        help_text=_(
            "Named by a proposer in the public form: check its name, type, country and "
            "website, then untick."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("type"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
        FieldPanel("website"),
        FieldPanel("needs_checking"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("city"),
        index.FilterField("country"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


erasmus_reference_validator = RegexValidator(
    r"^\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}-\d{6}$",
    _("Use the Erasmus+ reference format, for example 2017-1-FR01-KA202-037403."),
)


class ErasmusProject(index.Indexed, ClusterableModel):
    class KeyAction(models.TextChoices):
        KA1 = "KA1", _("KA1 — Learning mobility of individuals")
        KA2 = "KA2", _("KA2 — Cooperation among organisations and institutions")
        KA3 = "KA3", _("KA3 — Support to policy development and cooperation")

    title = models.CharField(_("title"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        blank=True,
        validators=[erasmus_reference_validator],
        help_text=_(
            "The agreement number, for example 2017-1-FR01-KA202-037403. "
            "Leave empty while the project has none."
        ),
    )
    key_action = models.CharField(_("key action"), max_length=3, choices=KeyAction.choices)
    action_type = models.CharField(
        _("action type"),
        max_length=120,
        blank=True,
        help_text=_("For example KA202 — Strategic partnerships for vocational education."),
    )
    call_year = models.PositiveSmallIntegerField(
        _("call year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    eu_grant = models.DecimalField(
        _("EU grant (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_projects",
    )
    partners = ParentalManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="projects"
    )
    url = models.URLField(_("link"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("reference")]),
        FieldRowPanel(
            [FieldPanel("key_action"), FieldPanel("action_type"), FieldPanel("call_year")]
        ),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("eu_grant")]),
        MultiFieldPanel(
            [FieldPanel("coordinator"), FieldPanel("partners")], heading=_("Organisations")
        ),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("acronym"),
        index.SearchField("reference"),
    ]

    class Meta:
        verbose_name = _("Erasmus+ project")
        verbose_name_plural = _("Erasmus+ projects")
        ordering = ["-call_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="unique_erasmus_reference",
                violation_error_message=_("Another project already has this reference."),
            )
        ]

    def __str__(self):
        return f"{self.acronym} — {self.title}" if self.acronym else self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
