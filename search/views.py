"""Public search page.

A first version on Wagtail's search backend, in the visitor's language, with
the theme and country filters the home page links to. The faceted search
service (issue: faceted search) replaces the engine behind it.
"""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from practices.localization import localize_terms
from practices.models import Country, PracticePage, Theme
from practices.visibility import practices_for_locale

MAX_QUERY_LENGTH = 200
SLUG = re.compile(r"[-a-z0-9_]{1,120}")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
# Characters the search backends cannot take, replaced by spaces: control
# characters (a NUL ends SQLite's query string) and double quotes (SQLite
# FTS5 quotes every term with them without escaping them). A plain-text
# search ignores both anyway.
UNSEARCHABLE = dict.fromkeys([*range(32), 127, ord('"')], " ")


def search(request):
    messages = []
    query = " ".join(request.GET.get("q", "").translate(UNSEARCHABLE).split())
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        messages.append(
            _("Your search was shortened to %(count)s characters.") % {"count": MAX_QUERY_LENGTH}
        )
    practices = practices_for_locale(Locale.get_active())

    theme = country = None
    theme_slug = request.GET.get("theme", "").strip()
    if theme_slug:
        # Only a well-formed slug reaches the database (PostgreSQL refuses NUL bytes).
        theme = (
            Theme.objects.filter(slug=theme_slug, locale=Locale.get_default()).first()
            if SLUG.fullmatch(theme_slug)
            else None
        )
        if theme:
            practices = practices.filter(themes=theme)
            theme = localize_terms([theme])[0]
        else:
            messages.append(
                _("There is no theme “%(value)s”; it was ignored.")
                % {"value": theme_slug[:60].translate(UNSEARCHABLE)}
            )
    country_code = request.GET.get("country", "").strip().upper()
    if country_code:
        country = (
            Country.objects.filter(code=country_code).first()
            if COUNTRY_CODE.fullmatch(country_code)
            else None
        )
        if country:
            practices = practices.filter(countries=country)
        else:
            messages.append(
                _("There is no country “%(value)s”; it was ignored.")
                % {"value": country_code[:60].translate(UNSEARCHABLE)}
            )

    if query:
        # Wagtail's search backends filter only on indexed fields: narrow by id.
        ids = list(practices.values_list("pk", flat=True))
        results = PracticePage.objects.filter(id__in=ids).search(query, operator="and")
    else:
        results = (
            practices.select_related("locale")
            .prefetch_related("countries")
            .order_by("-first_published_at", "-pk")
        )
    page = Paginator(results, settings.PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": page,
            "messages_list": messages,
            "theme": theme,
            "country": country,
            "query_string": query_string.urlencode(),
        },
    )
