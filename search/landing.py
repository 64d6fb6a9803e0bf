"""The theme and country landing pages (/<lang>/themes/<slug>/,
/<lang>/countries/<code>/): which exist, in which languages, at which
address. Read by their views (hreflang alternates) and by the sitemap."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from practices.models import Country, Theme
from practices.site_address import absolute_url

LANDING_FACETS = ("theme", "country")
URL_NAMES = {"theme": "search_theme", "country": "search_country"}
URL_ARGUMENTS = {"theme": "slug", "country": "code"}


def _codes():
    return [code for code, _name in settings.LANGUAGES]


def _theme_languages(slugs=None):
    """{slug: [language]}: a theme has a landing page in its own languages,
    and in every language when it exists in the default one (its labels
    fall back to the default's, search.labels.facet_labels)."""
    default = Locale.get_default().language_code
    rows = Theme.objects.values_list("slug", "locale__language_code")
    if slugs is not None:
        rows = rows.filter(slug__in=slugs)
    found = {}
    for slug, language in rows:
        found.setdefault(slug, set()).add(language)
    codes = _codes()
    return {
        slug: codes if default in languages else [c for c in codes if c in languages]
        for slug, languages in found.items()
    }


def landing_pages():
    """[(facet, value, [language])] of every landing page, themes first."""
    pages = [("theme", slug, langs) for slug, langs in sorted(_theme_languages().items())]
    codes = _codes()
    pages += [
        ("country", code.lower(), codes)
        for code in sorted(Country.objects.values_list("code", flat=True))
    ]
    return [page for page in pages if page[2]]


def landing_languages(facet, value):
    """The languages in which this landing page exists."""
    if facet == "country":
        return _codes() if Country.objects.filter(code__iexact=value).exists() else []
    return _theme_languages([value]).get(value, [])


def landing_url(facet, value, language):
    """The landing page's absolute URL, at the site's public address."""
    with translation.override(language):
        path = reverse(URL_NAMES[facet], kwargs={URL_ARGUMENTS[facet]: value})
    return absolute_url(path)


def alternates(facet, value, languages):
    """[{"hreflang", "url"}]: each language's version, then x-default (the
    default language's, else the first)."""
    links = [{"hreflang": code, "url": landing_url(facet, value, code)} for code in languages]
    if links:
        default = next((li for li in links if li["hreflang"] == settings.LANGUAGE_CODE), links[0])
        links.append({"hreflang": "x-default", "url": default["url"]})
    return links
