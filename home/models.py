"""The home page of each language tree."""

import html
import unicodedata

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practices.links import country_url, theme_url
from practices.models import Country, PracticePage, Theme
from practices.navigation import for_request as navigation_for_request
from practices.routing import RoutedViewRestrictionsMixin, TypedChildRoutingMixin
from search import service
from search.models import IndexedAudience
from search.query import SearchQuery

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
        # The practices a visitor of this language sees (practices_for_locale)
        # are the documents the search shows in it: the total, the counts and
        # the newest come from one search with no words; the featured ones
        # from the database engine's audience rows (one per practice and
        # visitor language, kept in step in the editor's transaction).
        total, counts, latest_ids = self.counts()
        audience = IndexedAudience.objects.filter(language=self.locale.language_code)
        # The featured ones' ids from the `featured` index and the pages'
        # titles, without reading the wide rows of the others.
        featured_ids = (
            PracticePage.objects.filter(
                Exists(audience.filter(document_id=OuterRef("pk"))), featured=True
            )
            .order_by("title", "pk")
            .values("pk")[:FEATURED_COUNT]
        )
        # Both lists' pages in one query: the newest of them are the latest
        # (a featured practice is among those only if it is among the newest
        # of all), and the first featured ones by title are the featured.
        cards = list(
            PracticePage.objects.filter(Q(pk__in=latest_ids) | Q(pk__in=featured_ids))
            .select_related("locale")
            .prefetch_related("countries")
        )
        latest = sorted(
            cards,
            key=lambda page: (
                page.first_published_at is not None,
                page.first_published_at,
                page.pk,
            ),
            reverse=True,
        )[:LATEST_COUNT]
        featured = sorted(
            (page for page in cards if page.featured), key=lambda page: (page.title, page.pk)
        )[:FEATURED_COUNT]
        context["latest_practices"] = latest
        context["featured_practices"] = featured
        context["practice_total"] = total
        context["practice_index"] = navigation_for_request(request, self).practice_index
        context["themes"] = self.theme_counts(counts["theme"])
        context["countries"] = self.country_counts(counts["country"])
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

    def counts(self):
        """(practices a visitor of this page's language sees, {facet: {value: count}},
        ids of the newest): the search engine's answer to a search with no words, so
        that every count is the total of the search it links to (a few milliseconds on
        Tantivy at 50 000 practices, where the database's index rows took tens)."""
        answer = service.search(
            SearchQuery(language=self.locale.language_code, sort="newest", per_page=LATEST_COUNT)
        )
        counts = {
            facet.name: {value.value: value.count for value in facet.values}
            for facet in answer.facets
        }
        return answer.total, counts, [hit.page_id for hit in answer.hits]

    def theme_counts(self, counts):
        """The default-locale themes with practices (`counts`: {slug: count}), named
        in this page's language, with their count and search link, in alphabetical
        order: one query."""
        default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        translated = Theme.objects.filter(
            translation_key=OuterRef("translation_key"), locale_id=self.locale_id
        )
        themes = list(
            Theme.objects.filter(
                locale__language_code=default_language, slug__in=list(counts)
            ).annotate(
                localized_name=Subquery(translated.values("name")[:1]),
                localized_slug=Subquery(translated.values("slug")[:1]),
            )
        )
        for theme in themes:
            theme.practice_count = counts[theme.slug]
            # Shown in the page's language where the theme is translated.
            theme.name = theme.localized_name or theme.name
            theme.slug = theme.localized_slug or theme.slug
            theme.url = theme_url(theme.slug)
        return sorted(themes, key=lambda t: collation_key(t.name))

    def country_counts(self, counts):
        """The countries with practices (`counts`: {lower-case code: count}), with
        their count and search link, in alphabetical order of their name in the
        active language."""
        countries = [
            country for country in Country.objects.all() if str(country.code).lower() in counts
        ]
        for country in countries:
            country.practice_count = counts[str(country.code).lower()]
            country.url = country_url(country.code)
        return sorted(countries, key=lambda c: collation_key(c.name))
