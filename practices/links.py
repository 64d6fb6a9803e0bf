"""Links from a practice to the landing pages of its themes and countries
(the search app's `search_theme` and `search_country` pages)."""

from django.urls import reverse


def theme_url(slug):
    """The landing page of the theme whose default-locale slug is `slug`."""
    return reverse("search_theme", kwargs={"slug": slug})


def country_url(code):
    """The landing page of the country with ISO code `code`."""
    return reverse("search_country", kwargs={"code": str(code).lower()})


# Schemes an outside link (an organisation's website, a project's page) may
# have. The admin's URL fields refuse the others, but an import or a shell
# bypasses forms: a stored "javascript:alert(1)" must not become a link.
EXTERNAL_SCHEMES = ("http", "https")


def external_url(url):
    """`url` if it is an absolute http(s) URL, "" otherwise."""
    url = (url or "").strip()
    scheme, colon, rest = url.partition(":")
    if colon and scheme.lower() in EXTERNAL_SCHEMES and rest.startswith("//"):
        return url
    return ""
