"""The practice pages: PracticeIndexPage lists PracticePages, whose sections
follow the established good-practice databases."""

import datetime
import html

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
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
from practices.classification import classify, sorted_by_name
from practices.editorial.proposals.panels import ProposalPanel
from practices.editorial.review_comment import ReviewCommentPanel
from practices.forms import PracticePageForm
from practices.links import country_url, theme_url
from practices.localize.publish_permissions import (
    PracticeIndexPermissionTester,
    PracticePermissionTester,
)
from practices.navigation import for_request
from practices.routing import RoutedViewRestrictionsMixin, TypedChildRoutingMixin
from practices.structured_data import json_ld_script, practice_json_ld
from practices.visibility import original_status

from .organisations import ErasmusProject, Organisation
from .taxonomy import (
    TAXONOMIES,
    Country,
    PracticeType,
    Profession,
    TargetGroup,
    Theme,
    default_locale_terms,
)

# The practice's rich text fields, in the order the page shows them.
RICH_TEXT_FIELDS = (
    "context",
    "method_text",
    "outcomes",
    "transferability",
    "resources",
    "difficulties",
)
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
        # Translators publish translations only (practices.localize.publish_permissions).
        return PracticeIndexPermissionTester(user, self)

    def meta_description(self):
        """The introduction as plain text, else a sentence in the page's language."""
        introduction = " ".join(html.unescape(strip_tags(self.introduction)).split())
        if introduction:
            return Truncator(introduction).chars(300)
        return gettext(
            "Good practices in social work from across Europe: what was done, where, "
            "and what came of it."
        )


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
        # Translators publish translations only (practices.localize.publish_permissions).
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The visitor's language is the page's, but for a page served as
        # another language's fallback.
        locale = self.locale
        if locale.language_code != get_language():
            locale = Locale.get_active()
        classification = classify(self, locale)
        themes = sorted_by_name(classification["themes"])
        countries = sorted_by_name(classification["countries"])
        for theme in themes:
            theme.landing_url = theme_url(theme.slug)
        for country in countries:
            country.landing_url = country_url(country.code)
        organisations = classification["organisations"]
        # The header reads the page's translations once per request; reuse them.

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
            {t.field: sorted_by_name(classification[t.field]) for t in TAXONOMIES},
            themes=themes,
            countries=countries,
            organisations=organisations,
            translations=translations,
            translation_status=status,
            tags=tags,
            table_of_contents=self.table_of_contents,
            page_full_url=url,
            citation=citation(self, organisations=organisations, url=url),
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
