"""The home page of each language tree."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index

from practices.localization import localize_terms
from practices.models import Country, PracticeIndexPage, PracticePage, Theme
from practices.visibility import practices_for_locale

LATEST_COUNT = 6
FEATURED_COUNT = 3


class HomePage(Page):
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("What the repository is for, in a few sentences."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["practices.PracticeIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = practices_for_locale(self.locale).select_related("locale")
        context["latest_practices"] = practices.order_by(
            "-first_published_at", "-pk"
        ).prefetch_related("countries")[:LATEST_COUNT]
        context["featured_practices"] = practices.filter(featured=True).order_by("title")[
            :FEATURED_COUNT
        ]
        context["practice_index"] = PracticeIndexPage.objects.live().child_of(self).first()
        context["themes"] = self.theme_counts()
        context["countries"] = self.country_counts()
        return context

    @staticmethod
    def _count_visible_practices(queryset):
        """Annotate each term with its number of live, public practices; a
        practice counts once whatever the number of its translations."""
        visible = PracticePage.objects.live().public().values("pk")
        return (
            queryset.filter(practices__in=visible)
            .annotate(practice_count=Count("practices__translation_key", distinct=True))
            .filter(practice_count__gt=0)
        )

    def theme_counts(self):
        themes = self._count_visible_practices(Theme.objects.filter(locale=Locale.get_default()))
        counts = {theme.translation_key: theme.practice_count for theme in themes}
        localized = localize_terms(themes, locale=self.locale)
        for theme in localized:
            theme.practice_count = counts[theme.translation_key]
        return sorted(localized, key=lambda t: t.name.casefold())

    def country_counts(self):
        countries = self._count_visible_practices(Country.objects.all())
        return sorted(countries, key=lambda c: c.name.casefold())
