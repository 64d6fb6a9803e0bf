"""The practice pages: PracticeIndexPage lists PracticePages.

A PracticePage follows the structure of the established good-practice
databases: four required sections (context, method, outcomes,
transferability) with structured indicators, plus key facts and
classifications that drive filtering and search.
"""

import copy
import datetime
import functools
import unicodedata

from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import AttachmentBlock, IndicatorBlock
from practices.citation import citation
from practices.forms import PracticePageForm
from practices.links import country_url, theme_url
from practices.localization import localize_terms
from practices.proposals.panels import ProposalPanel
from practices.publish_permissions import PracticeIndexPermissionTester, PracticePermissionTester
from practices.related import related_practices
from practices.review_comment import ReviewCommentPanel
from practices.routing import RoutedViewRestrictionsMixin, TypedChildRoutingMixin
from practices.structured_data import json_ld_script, practice_json_ld
from practices.visibility import original_status
from search.models import IndexedAudience

from .organisations import ErasmusProject, Organisation
from .taxonomy import Country, PracticeType, Profession, TargetGroup, Theme, default_locale_terms


def sorted_by_name(terms):
    """Terms in the alphabetical order of their names in the visitor's
    language, accents and case aside ("Économie" among the E's)."""

    def key(term):
        decomposed = unicodedata.normalize("NFKD", term.name)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    return sorted(terms, key=key)


# Markers for the page's and the locale's pks in PracticePage._classification_sql.
_PAGE, _LOCALE = -7_000_001, -7_000_002

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
YEAR_VALIDATORS = [MinValueValidator(1950), MaxValueValidator(2100)]


class PracticeIndexPage(RoutedViewRestrictionsMixin, TypedChildRoutingMixin, Page):
    """The list of practices of one language tree."""

    introduction = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice index page")

    def permissions_for_user(self, user):
        # Translators publish translations only (practices.publish_permissions).
        return PracticeIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The practices a visitor of this language sees (practices_for_locale),
        # newest first, paginated on the database search engine's audience
        # rows (one per practice and visitor language, kept in step in the
        # editor's transaction whatever the engine, and indexed); then the
        # page's practices themselves.
        ids = (
            IndexedAudience.objects.filter(language=self.locale.language_code)
            .order_by(models.F("published").desc(nulls_last=True), "-document_id")
            .values_list("document_id", flat=True)
        )
        paginator = Paginator(ids, settings.PRACTICES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        page_ids = list(page.object_list)
        practices = (
            PracticePage.objects.filter(pk__in=page_ids)
            .select_related("locale")
            .prefetch_related("countries")
            .in_bulk()
        )
        page.object_list = [practices[pk] for pk in page_ids if pk in practices]
        context["practices"] = page
        return context


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticePage(RoutedViewRestrictionsMixin, Page):
    # What the page shows besides its own row, read with it when routed to.
    route_select_related = ("locale", "project", "image")

    class Status(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        ONGOING = "ongoing", _("Ongoing")
        MAINSTREAMED = "mainstreamed", _("Mainstreamed")
        ENDED = "ended", _("Ended")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
        CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
        CC_BY_NC = (
            "cc-by-nc-4.0",
            _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
        )
        CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")
        RESERVED = "all-rights-reserved", _("All rights reserved")

    LICENCE_URLS = {
        "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
        "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
        "cc-by-nc-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
        "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    }

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences (400 characters at most) shown in results and cards."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The four required sections.
    context = RichTextField(
        _("context"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The situation and the needs addressed, and for whom."),
    )
    method_text = RichTextField(
        _("method"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What was done, step by step, with the tools and the people involved."),
    )
    outcomes = RichTextField(
        _("outcomes"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The results and the evidence for them."),
    )
    indicators = StreamField(
        [("indicator", IndicatorBlock())],
        verbose_name=_("indicators"),
        blank=True,
        help_text=_("Measured results shown as figures: a label, a value and a unit."),
    )
    transferability = RichTextField(
        _("transferability"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Preconditions, what must be adapted in another country, and who could replicate it."
        ),
    )
    resources = RichTextField(
        _("resources needed"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("People, time, budget and tools the practice needs."),
    )
    difficulties = RichTextField(
        _("difficulties and lessons learned"), blank=True, features=RICH_TEXT_FEATURES
    )
    attachments = StreamField(
        [("attachment", AttachmentBlock())], verbose_name=_("attachments"), blank=True
    )

    # Key facts.
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    region = models.CharField(
        _("region or city"),
        max_length=200,
        blank=True,
        help_text=_("For example: Saint-Nazaire, Loire-Atlantique."),
    )

    # Classification. Relations point at the default-locale terms.
    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="practices",
        limit_choices_to=default_locale_terms,
    )
    countries = ParentalManyToManyField(
        Country, verbose_name=_("countries"), related_name="practices"
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("target groups"),
        related_name="practices",
        blank=True,
        limit_choices_to=default_locale_terms,
    )
    professions = ParentalManyToManyField(
        Profession,
        verbose_name=_("professions"),
        related_name="practices",
        blank=True,
        limit_choices_to=default_locale_terms,
    )
    practice_types = ParentalManyToManyField(
        PracticeType,
        verbose_name=_("practice types"),
        related_name="practices",
        blank=True,
        limit_choices_to=default_locale_terms,
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="practices", blank=True
    )
    project = models.ForeignKey(
        ErasmusProject,
        verbose_name=_("Erasmus+ project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    tags = ClusterTaggableManager(
        verbose_name=_("keywords"),
        through=PracticeTag,
        blank=True,
        help_text=_("Free keywords, separated by commas."),
    )

    # Contact, licence and review.
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(
        _("the contact agreed to be shown publicly"),
        default=False,
        help_text=_("Without this consent the contact is never shown on the public site."),
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=datetime.date.today,
        help_text=_("When an editor last checked that the practice is accurate."),
    )
    featured = models.BooleanField(_("feature on the home page"), default=False)

    base_form_class = PracticePageForm
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    content_panels = [
        ReviewCommentPanel(heading=_("Changes requested")),
        ProposalPanel(),  # shown only on a practice proposed through the public form
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        HelpPanel(
            _(
                "The four sections below are required: context, method, outcomes and "
                "transferability."
            )
        ),
        FieldPanel("context"),
        FieldPanel("method_text"),
        MultiFieldPanel([FieldPanel("outcomes"), FieldPanel("indicators")], heading=_("Outcomes")),
        FieldPanel("transferability"),
        FieldPanel("resources"),
        FieldPanel("difficulties"),
        FieldPanel("attachments"),
    ]
    classification_panels = [
        FieldPanel("themes"),
        FieldPanel("countries"),
        FieldPanel("target_groups"),
        FieldPanel("professions"),
        FieldPanel("practice_types"),
        FieldPanel("tags"),
    ]
    facts_panels = [
        FieldPanel("organisations"),
        FieldPanel("project"),
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")]),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_consent"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("licence"),
        FieldPanel("last_reviewed"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("featured")]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(facts_panels, heading=_("Key facts")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("method_text"),
        index.SearchField("outcomes"),
        index.SearchField("transferability"),
        index.SearchField("region"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("featured"),
        index.FilterField("status"),
        index.FilterField("start_year"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("context"),
        TranslatableField("method_text"),
        TranslatableField("outcomes"),
        TranslatableField("indicators"),
        TranslatableField("transferability"),
        TranslatableField("resources"),
        TranslatableField("difficulties"),
        TranslatableField("region"),
        SynchronizedField("image"),
        SynchronizedField("attachments"),
        SynchronizedField("start_year"),
        SynchronizedField("end_year"),
        SynchronizedField("status"),
        SynchronizedField("themes"),
        SynchronizedField("countries"),
        SynchronizedField("target_groups"),
        SynchronizedField("professions"),
        SynchronizedField("practice_types"),
        SynchronizedField("organisations"),
        SynchronizedField("project"),
        SynchronizedField("tags"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_role"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_consent"),
        SynchronizedField("licence"),
        SynchronizedField("last_reviewed"),
        SynchronizedField("featured"),
    ]

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            # The home page's featured practices: a few rows among thousands
            # of wide ones, found without reading the others.
            models.Index(
                fields=["featured"], condition=models.Q(featured=True), name="practice_featured"
            ),
        ]

    def permissions_for_user(self, user):
        # Translators publish translations only (practices.publish_permissions).
        return PracticePermissionTester(user, self)

    @property
    def licence_url(self):
        return self.LICENCE_URLS.get(self.licence, "")

    @property
    def public_contact(self):
        """The contact, only where its holder consented to publication."""
        if not self.contact_consent or not (self.contact_name or self.contact_email):
            return None
        return {"name": self.contact_name, "role": self.contact_role, "email": self.contact_email}

    @property
    def years(self):
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year and not self.end_year:
            return _("since %(year)s") % {"year": self.start_year}
        return str(self.start_year or self.end_year or "")

    @property
    def table_of_contents(self):
        """(anchor, heading) of the sections the page shows, in order."""
        sections = [
            ("context", _("Context")),
            ("method", _("Method")),
            ("outcomes", _("Outcomes")),
            ("transferability", _("Transferability")),
        ]
        optional = [
            ("resources", _("Resources needed"), self.resources),
            ("difficulties", _("Difficulties and lessons learned"), self.difficulties),
            ("attachments", _("Documents"), self.attachments),
            ("contact", _("Contact"), self.public_contact),
        ]
        return sections + [(anchor, heading) for anchor, heading, shown in optional if shown]

    # The translatable taxonomies a practice is classified by.
    CLASSIFICATION_FIELDS = ("themes", "target_groups", "professions", "practice_types")

    def classification(self, locale):
        """The page's themes, target groups, professions and practice types
        (named in `locale` where translated, with the pk and, as
        `source_slug`, the slug of the default-locale term the page relates
        to), countries, organisations and keywords
        ("tags"): {field name: list}, in one query whatever
        their number (seven relations would cost seven, and four more to name
        the terms in another language).

        A page whose relations are held in memory (a preview, a revision)
        reads them through its managers instead."""
        if getattr(self, "_cluster_related_objects", None):
            return self._classification_from_managers(locale)

        sql, params = self._classification_sql(connection.vendor)
        params = [
            self.pk if value == _PAGE else locale.pk if value == _LOCALE else value
            for value in params
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[7]))
        result = {name: [] for name in (*self.CLASSIFICATION_FIELDS, "countries")}
        result.update(organisations=[], tags=[])
        for kind, pk, a, b, c, d, e, _order in rows:
            if kind in self.CLASSIFICATION_FIELDS:
                model = type(self)._meta.get_field(kind).related_model
                item = model(pk=pk, name=a, slug=b)
                item.source_slug = c  # the default-locale term's
            elif kind == "countries":
                item = Country(pk=pk, code=a)
            elif kind == "organisations":
                item = Organisation(pk=pk, name=a, type=b, country=c, city=d, website=e)
            else:
                item = Tag(pk=pk, name=a, slug=b)
            result[kind].append(item)
        # In the order the managers give: organisations by name, the rest as stored.
        result["organisations"].sort(key=lambda organisation: organisation.name)
        return result

    @classmethod
    def _classification_query(cls, page_pk, locale_pk):
        """The UNION ALL of `classification`: (kind, pk, five text columns,
        order) rows."""

        def text(value):
            return Cast(value, output_field=CharField())

        none = Value(None, output_field=CharField())
        parts = []
        for name in cls.CLASSIFICATION_FIELDS:
            model = cls._meta.get_field(name).related_model
            translated = model.objects.filter(
                translation_key=OuterRef("translation_key"), locale_id=locale_pk
            )
            parts.append(
                model.objects.filter(practices=page_pk)
                .annotate(
                    c_kind=Value(name, output_field=CharField()),
                    c_pk=F("pk"),
                    c_a=Coalesce(Subquery(translated.values("name")[:1]), F("name")),
                    c_b=Coalesce(Subquery(translated.values("slug")[:1]), F("slug")),
                    c_c=F("slug"),
                    c_d=none,
                    c_e=none,
                    c_order=F("pk"),
                )
                .order_by()
            )
        parts.append(
            Country.objects.filter(practices=page_pk)
            .annotate(
                c_kind=Value("countries", output_field=CharField()),
                c_pk=F("pk"),
                c_a=text(F("code")),
                c_b=none,
                c_c=none,
                c_d=none,
                c_e=none,
                c_order=F("pk"),
            )
            .order_by()
        )
        parts.append(
            Organisation.objects.filter(practices=page_pk)
            .annotate(
                c_kind=Value("organisations", output_field=CharField()),
                c_pk=F("pk"),
                c_a=F("name"),
                c_b=F("type"),
                c_c=text(F("country")),
                c_d=F("city"),
                c_e=F("website"),
                c_order=F("pk"),
            )
            .order_by()
        )
        parts.append(
            PracticeTag.objects.filter(content_object_id=page_pk)
            .annotate(
                c_kind=Value("tags", output_field=CharField()),
                c_pk=F("tag_id"),
                c_a=F("tag__name"),
                c_b=F("tag__slug"),
                c_c=none,
                c_d=none,
                c_e=none,
                c_order=F("pk"),
            )
            .order_by()
        )
        columns = ("c_kind", "c_pk", "c_a", "c_b", "c_c", "c_d", "c_e", "c_order")
        first, *others = (part.values_list(*columns) for part in parts)
        return first.union(*others, all=True)

    @classmethod
    @functools.cache
    def _classification_sql(cls, vendor):
        """The SQL of `_classification_query` and its parameters, with
        markers for the page's and the locale's pks: built by the ORM once
        per process, not on each request."""
        return cls._classification_query(_PAGE, _LOCALE).query.sql_with_params()

    def _classification_from_managers(self, locale):
        result = {}
        for name in self.CLASSIFICATION_FIELDS:
            terms = list(getattr(self, name).all())
            localized = localize_terms(terms, locale)
            for term, shown in zip(terms, localized, strict=True):
                if shown is not term:
                    shown = copy.copy(shown)
                    shown.pk = term.pk
                shown.source_slug = term.slug
                result.setdefault(name, []).append(shown)
            result.setdefault(name, [])
        result.update(
            countries=list(self.countries.all()),
            organisations=list(self.organisations.all()),
            tags=list(self.tags.all()),
        )
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The visitor's language is the page's, but for a page served as
        # another language's fallback.
        locale = self.locale
        if locale.language_code != get_language():
            locale = Locale.get_active()
        classification = self.classification(locale)
        themes = sorted_by_name(classification["themes"])
        countries = sorted_by_name(classification["countries"])
        for theme in themes:
            theme.landing_url = theme_url(theme.slug)
        for country in countries:
            country.landing_url = country_url(country.code)
        organisations = classification["organisations"]
        # The header reads the page's translations once per request; reuse them.
        from home.navigation import for_request

        navigation = for_request(request, self)
        translations = [
            navigation.translations[code] for code in sorted(navigation.public_languages)
        ]
        original = navigation.original
        status = (
            original_status(original, original.synced_at, self.last_published_at)
            if original
            else None
        )
        tags = classification["tags"]
        url = self.get_full_url(request) or ""
        image_url = self.image.get_rendition("width-960").url if self.image_id else ""
        context.update(
            themes=themes,
            target_groups=sorted_by_name(classification["target_groups"]),
            professions=sorted_by_name(classification["professions"]),
            practice_types=sorted_by_name(classification["practice_types"]),
            countries=countries,
            organisations=organisations,
            translations=translations,
            translation_status=status,
            tags=tags,
            table_of_contents=self.table_of_contents,
            page_full_url=url,
            citation=citation(self, organisations=organisations, url=url),
            related_practices=related_practices(
                self,
                locale,
                theme_slugs=[theme.source_slug for theme in themes],
                country_codes=[country.code for country in countries],
                exclude_ids=[version.pk for version in navigation.translations.values()],
            ),
            structured_data=json_ld_script(
                practice_json_ld(
                    self,
                    request,
                    themes=themes,
                    theme_urls={theme.slug: theme.landing_url for theme in themes},
                    countries=countries,
                    organisations=organisations,
                    tags=tags,
                    translations=translations,
                    original=status["original"] if status else None,
                    image_url=image_url,
                    home_url="/",
                )
            ),
        )
        return context


# The practice's relations to translatable taxonomy terms, by field name.
TAXONOMY_FIELDS = {
    "themes": Theme,
    "target_groups": TargetGroup,
    "professions": Profession,
    "practice_types": PracticeType,
}
