"""Lists of practices read from the search tables: a practice index's pages
and a practice's related practices."""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.translation import get_language

from practices.models import PracticePage
from practices.navigation import for_request
from search.models import IndexedAudience
from search.related import related_practices as ranked_related_practices

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_listing(context, index):
    """The page of practices the index's visitors see, newest first."""
    ids = (
        IndexedAudience.objects.filter(language=index.locale.language_code)
        .order_by(F("published").desc(nulls_last=True), "-document_id")
        .values_list("document_id", flat=True)
    )
    page = Paginator(ids, settings.PRACTICES_PER_PAGE).get_page(context["request"].GET.get("page"))
    page_ids = list(page.object_list)
    practices = (
        PracticePage.objects.filter(pk__in=page_ids)
        .select_related("locale")
        .prefetch_related("countries")
        .in_bulk()
    )
    page.object_list = [practices[pk] for pk in page_ids if pk in practices]
    return page


@register.simple_tag(takes_context=True)
def related_practices(context, page, themes, countries):
    """Practices sharing the page's themes or countries, in the visitor's language."""
    versions = for_request(context.get("request"), page).translations.values()
    return ranked_related_practices(
        page,
        get_language(),
        theme_slugs=[theme.source_slug for theme in themes],
        country_codes=[country.code for country in countries],
        exclude_ids=[version.pk for version in versions],
    )
