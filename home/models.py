"""The home page of each language tree."""

import html
import unicodedata

from django.conf import settings
from django.db.models import Count, prefetch_related_objects
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.navigation import for_request as navigation_for_request
from practices.localization import localize_terms
from practices.models import Country, Theme
from practices.routing import RoutedViewRestrictionsMixin, TypedChildRoutingMixin
from practices.visibility import practices_for_locale

from .search_links import country_url, theme_url

LATEST_COUNT = 6
FEATURED_COUNT = 3
DEFAULT_PURPOSE = _(
    "Social services from across Europe share here the good practices they exchange, "
    "so that others can learn from them and adapt them."
)


def collation_key(name):
    """Sort key ignoring case and accents ("Île" next to "Italie")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class HomePage(RoutedViewRestrictionsMixin, TypedChildRoutingMixin, Page):
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
        cards = practices.select_related("locale")
        latest = list(cards.order_by("-first_published_at", "-pk")[:LATEST_COUNT])
        featured = list(cards.filter(featured=True).order_by("title")[:FEATURED_COUNT])
        prefetch_related_objects(latest + featured, "countries")
        context["latest_practices"] = latest
        context["featured_practices"] = featured
        context["practice_total"] = practices.count()
        context["practice_index"] = navigation_for_request(request, self).practice_index
        context["themes"] = self.theme_counts(practices)
        context["countries"] = self.country_counts(practices)
        context["default_purpose"] = DEFAULT_PURPOSE
        context["meta_description"] = self.meta_description()
        return context

    def meta_description(self):
        """The search description, else the introduction as plain text, else
        the default sentence of purpose."""
        if self.search_description:
            return self.search_description
        introduction = " ".join(html.unescape(strip_tags(self.introduction)).split())
        return Truncator(introduction).chars(300) if introduction else str(DEFAULT_PURPOSE)

    @staticmethod
    def _count_practices(terms, practices):
        """Annotate each term with its number of `practices` (one page per
        practice, as practices_for_locale gives them: a practice counts once
        whatever the number of its translations) and keep those with some."""
        return (
            terms.filter(practices__in=practices.values("pk"))
            .annotate(practice_count=Count("practices", distinct=True))
            .filter(practice_count__gt=0)
        )

    def theme_counts(self, practices=None):
        """The default-locale themes with practices, named in this page's
        language, with their count and search link, in alphabetical order."""
        if practices is None:
            practices = practices_for_locale(self.locale)
        default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        themes = list(
            self._count_practices(
                Theme.objects.filter(locale__language_code=default_language), practices
            )
        )
        counts = {theme.translation_key: theme.practice_count for theme in themes}
        localized = localize_terms(themes, locale=self.locale)
        for theme in localized:
            theme.practice_count = counts[theme.translation_key]
            theme.url = theme_url(theme.slug)
        return sorted(localized, key=lambda t: collation_key(t.name))

    def country_counts(self, practices=None):
        """The countries with practices, with their count and search link,
        in alphabetical order of their name in the active language."""
        if practices is None:
            practices = practices_for_locale(self.locale)
        countries = list(self._count_practices(Country.objects.all(), practices))
        for country in countries:
            country.url = country_url(country.code)
        return sorted(countries, key=lambda c: collation_key(c.name))
