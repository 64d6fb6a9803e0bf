"""Taxonomies that classify practices: themes, target groups, professions,
practice types (translatable snippets) and countries (ISO codes named by
django-countries)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


def default_locale_terms():
    """limit_choices_to for relations to taxonomy terms: the canonical rows."""
    return models.Q(locale_id=Locale.get_default().pk)


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        help_text=_("Stable identifier used in links and filters. Shared by all translations."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_%(class)s_slug_locale")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.slug:
            clash = type(self).objects.filter(slug=self.slug, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"slug": _("This slug is already used by another term.")})


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Profession(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("profession")
        verbose_name_plural = _("professions")


class PracticeType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("practice type")
        verbose_name_plural = _("practice types")


@dataclass(frozen=True)
class Taxonomy:
    """A translatable taxonomy: its model, the practice's relation to it, and
    its search facet (also the URL parameter and the index field)."""

    model: type
    field: str
    facet: str


# The one list of the translatable taxonomies, in the order pages show them.
TAXONOMIES = (
    Taxonomy(Theme, "themes", "theme"),
    Taxonomy(TargetGroup, "target_groups", "target_group"),
    Taxonomy(Profession, "professions", "profession"),
    Taxonomy(PracticeType, "practice_types", "practice_type"),
)
TAXONOMY_MODELS = tuple(taxonomy.model for taxonomy in TAXONOMIES)


class Country(models.Model):
    """A country practices come from. Only the ISO 3166-1 alpha-2 code is
    stored; the name is django-countries' translation for the active language."""

    code = CountryField(_("country"), unique=True)

    panels = [FieldPanel("code")]

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        # No Meta.ordering: modelcluster sorts by it in memory, and
        # django-countries' values do not compare. Order in queries instead.

    def __str__(self):
        return self.name

    @property
    def name(self):
        return str(countries.name(self.code)) if self.code else ""

    @property
    def slug(self):
        return str(self.code).lower()
