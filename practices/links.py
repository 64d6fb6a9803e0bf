"""Links from a practice to the landing pages of its themes and countries
(the search app's `search_theme` and `search_country` pages)."""

from django.urls import reverse


def theme_url(slug):
    """The landing page of the theme whose default-locale slug is `slug`."""
    return reverse("search_theme", kwargs={"slug": slug})


def country_url(code):
    """The landing page of the country with ISO code `code`."""
    return reverse("search_country", kwargs={"code": str(code).lower()})
