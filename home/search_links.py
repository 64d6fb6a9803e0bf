"""Links from the home page into the public search, one per theme and
country, in the active language."""

from urllib.parse import urlencode

from django.urls import reverse


def country_url(code):
    return reverse("search") + "?" + urlencode({"country": str(code).lower()})


def theme_url(slug):
    return reverse("search") + "?" + urlencode({"theme": slug})
