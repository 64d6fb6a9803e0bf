"""Links from the home page into the public search: the landing page of each
theme and country, in the active language."""

from django.urls import reverse


def country_url(code):
    return reverse("search_country", kwargs={"code": str(code).lower()})


def theme_url(slug):
    return reverse("search_theme", kwargs={"slug": slug})
