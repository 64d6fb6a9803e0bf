"""Navigation shared by every public page: the language switcher and the
language's home and practice index."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from practices.models import PracticeIndexPage
from practices.navigation import for_request
from practices.site_address import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per configured language: the current page in that language,
    or that language's home when the page is not translated into it."""
    request, page = context.get("request"), context.get("page")
    navigation = for_request(request, page)
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if context.get("not_found"):
            # The 404 page (site/templates/404.html): the same unknown path in
            # another language is unknown too; each language's home is not.
            home = navigation.homes.get(code)
            if home:
                url, available = home.get_url(request), True
            else:
                url, available = f"/{code}/?untranslated=1", False
        elif code in navigation.translations:
            url, available = navigation.translations[code].get_url(request), True
        elif isinstance(page, Page):
            home = navigation.homes.get(code)
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
    """The home page of the active language (falling back to the site's root)."""
    request = context.get("request")
    return for_request(request, context.get("page")).home if request else None


@register.simple_tag(takes_context=True)
def locale_practice_index(context):
    """The practice index of the active language (falling back to the default's)."""
    request = context.get("request")
    return for_request(request, context.get("page")).practice_index if request else None


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates: every live, public translation of the page, and
    x-default pointing at the default language (or the first when it has none);
    or those a view put in the context (`alternates`: the search pages)."""
    if "alternates" in context:
        return context["alternates"]
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page) or request is None:
        return []
    navigation = for_request(request, page)
    links = [
        {"hreflang": code, "url": navigation.translations[code].get_full_url(request)}
        for code in sorted(navigation.public_languages)
    ]
    if links:
        default = next((li for li in links if li["hreflang"] == settings.LANGUAGE_CODE), links[0])
        links.append({"hreflang": "x-default", "url": default["url"]})
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's canonical URL at the site's public address (SITE_BASE_URL,
    never the request's Host): a view's own `canonical_url` ("" for none),
    else the Wagtail page's URL (with the practice index's page number).
    "" off a page: the forms and error pages are not indexed."""
    if "canonical_url" in context:
        return context["canonical_url"]
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, Page) or request is None:
        return ""
    url = page.get_url(request)
    if not url:
        return ""
    number = request.GET.get("page", "")
    if isinstance(page, PracticeIndexPage) and number.isdigit() and int(number) > 1:
        url += f"?page={int(number)}"
    return absolute_url(url)
