"""The home page of each language tree."""

import unicodedata

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index

from practices.localization import localize_terms
from practices.models import Country, PracticeIndexPage, PracticePage, Theme
from practices.visibility import practices_for_locale

from .search_links import country_url, theme_url

LATEST_COUNT = 6
FEATURED_COUNT = 3


def collation_key(name):
    """Sort key ignoring case and accents ("Île" next to "Italie")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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
        practices = practices_for_locale(self.locale)
        cards = practices.select_related("locale").prefetch_related("countries")
        context["latest_practices"] = cards.order_by("-first_published_at", "-pk")[:LATEST_COUNT]
        context["featured_practices"] = cards.filter(featured=True).order_by("title")[
            :FEATURED_COUNT
        ]
        context["practice_total"] = practices.count()
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
            theme.url = theme_url(theme.slug)
        return sorted(localized, key=lambda t: collation_key(t.name))

    def country_counts(self):
        countries = list(self._count_visible_practices(Country.objects.all()))
        for country in countries:
            country.url = country_url(country.code)
        return sorted(countries, key=lambda c: collation_key(c.name))
