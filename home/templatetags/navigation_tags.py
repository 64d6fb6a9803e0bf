"""Navigation shared by every public page: the language switcher and the
language's home and practice index."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from practices.models import PracticeIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per configured language: the current page in that language,
    or that language's home when the page is not translated into it."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    homes = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
        site_root = page.get_site().root_page if page.get_site() else None
        if site_root:
            homes = {
                p.locale.language_code: p
                for p in site_root.get_translations(inclusive=True).live().select_related("locale")
            }
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url, available = translations[code].get_url(request), True
        elif isinstance(page, Page):
            home = homes.get(code)
            url = (home.get_url(request) if home else f"/{code}/") + "?untranslated=1"
            available = False
        else:
            url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
            available = True
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "available": available,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The home page of the active language (falling back to the default)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if not site:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def locale_practice_index(context):
    return (
        PracticeIndexPage.objects.live().filter(locale=Locale.get_active()).first()
        or PracticeIndexPage.objects.live().first()
    )


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates: every live translation of the page, and x-default
    pointing at the default language (or the original when it has none)."""
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page):
        return []
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    links = [
        {"hreflang": p.locale.language_code, "url": p.get_full_url(request)}
        for p in translations.order_by("locale__language_code")
    ]
    if links:
        default = next((li for li in links if li["hreflang"] == settings.LANGUAGE_CODE), links[0])
        links.append({"hreflang": "x-default", "url": default["url"]})
    return links
