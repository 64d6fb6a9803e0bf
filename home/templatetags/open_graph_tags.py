"""Open Graph and Twitter card data for any Wagtail page (the template is
site/templates/includes/open_graph.html)."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, to_locale
from wagtail.models import Page

from practices.navigation import for_request
from practices.site_address import DEFAULT_SHARE_IMAGE, absolute_static, absolute_url

register = template.Library()

# Open Graph wants language_TERRITORY; a bare language code gets the
# territory where the language is mainly spoken.
OG_TERRITORIES = {
    "bg": "bg_BG",
    "da": "da_DK",
    "de": "de_DE",
    "el": "el_GR",
    "en": "en_GB",
    "es": "es_ES",
    "fi": "fi_FI",
    "fr": "fr_FR",
    "it": "it_IT",
    "lt": "lt_LT",
    "nl": "nl_NL",
    "pt": "pt_PT",
}
IMAGE_FILTER = "fill-1200x630"


def og_locale(language_code):
    """ "fr" → "fr_FR", "pt-br" → "pt_BR"."""
    code = (language_code or "").lower()
    return OG_TERRITORIES.get(code) or to_locale(code)


def _description(page):
    for text in (
        page.search_description,
        getattr(page, "summary", ""),
        strip_tags(str(getattr(page, "introduction", "") or "")),
    ):
        if text and text.strip():
            return Truncator(" ".join(text.split())).chars(300)
    return ""


@register.simple_tag(takes_context=True)
def open_graph_data(context, og_type="website", translations=None):
    """What the Open Graph tags of the current page say, or None off a page.

    `translations` (the page's live versions in every language) defaults to
    those the header read for this request.
    """
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page):
        return None
    if translations is None:
        navigation = for_request(request, page)
        translations = [navigation.translations[code] for code in navigation.public_languages]
    language = page.locale.language_code if page.locale_id else get_language()
    image_url = ""
    image = getattr(page, "image", None)
    if image is not None:
        rendition = image.get_rendition(IMAGE_FILTER)
        image_url = absolute_url(rendition.url)
    else:
        image_url = absolute_static(DEFAULT_SHARE_IMAGE)
    return {
        "title": page.seo_title or page.title,
        "description": _description(page),
        "type": og_type,
        "url": page.get_full_url(request),
        "site_name": gettext("Social Work Good Practices"),
        "locale": og_locale(language),
        "alternate_locales": sorted(
            og_locale(p.locale.language_code) for p in translations if p.pk != page.pk
        ),
        "image": image_url,
        "image_alt": image.default_alt_text
        if image is not None
        else gettext("Social Work Good Practices"),
        "published": page.first_published_at,
        "modified": page.last_published_at,
    }
