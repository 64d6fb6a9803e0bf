"""Links from a practice to the landing pages of its themes and countries.

The landing pages are the search page's `search_theme` and `search_country`
routes; where a deployment lacks them, the search page filtered on the term.
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def _landing_url(route, kwargs, parameter, value):
    try:
        return reverse(route, kwargs=kwargs)
    except NoReverseMatch:
        return f"{reverse('search')}?{urlencode({parameter: value})}"


def theme_url(slug):
    """The landing page of the theme whose default-locale slug is `slug`."""
    return _landing_url("search_theme", {"slug": slug}, "theme", slug)


def country_url(code):
    """The landing page of the country with ISO code `code`."""
    code = str(code).lower()
    return _landing_url("search_country", {"code": code}, "country", code)
