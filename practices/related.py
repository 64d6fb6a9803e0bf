"""Practices related to a practice: the ones that share its themes and countries.

A candidate scores one point per shared theme and one per shared country;
the best scores come first, then the most recently published. Candidates are
the practices a visitor of the language sees (`practices_for_locale`), so each
appears once and in the visitor's language where it is translated; the
practice itself and its translations are left out. One query, whatever the
number of themes, countries or candidates (plus one to prefetch the cards'
countries).
"""

from django.db.models import Count, F, Q

from practices.visibility import practices_for_locale

RELATED_PRACTICES_LIMIT = 4


def related_practices(page, locale, *, theme_ids, country_ids, limit=RELATED_PRACTICES_LIMIT):
    """Up to `limit` practices sharing themes or countries with `page`.

    `theme_ids` and `country_ids` are the page's own (default-locale) terms,
    passed in because the page has loaded them already.
    """
    theme_ids, country_ids = list(theme_ids), list(country_ids)
    if not theme_ids and not country_ids:
        return []
    candidates = (
        practices_for_locale(locale)
        .exclude(translation_key=page.translation_key)
        .annotate(
            shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            shared_countries=Count("countries", filter=Q(countries__in=country_ids), distinct=True),
        )
        .annotate(score=F("shared_themes") + F("shared_countries"))
        .filter(score__gt=0)
        .order_by("-score", "-shared_themes", F("first_published_at").desc(nulls_last=True), "-pk")
        .select_related("locale")
        .prefetch_related("countries")
    )
    return list(candidates[:limit])
