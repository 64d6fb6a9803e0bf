"""Practices related to a practice: the ones that share its themes and countries.

Read from the database engine's tables in three queries; the scoring and why it reads the index
tables are in docs/search.md.
"""

from django.db import connection

from practices.models import PracticePage
from search.models import IndexedAudience, IndexedFacetValue

RELATED_PRACTICES_LIMIT = 4


def _ranked_ids(language, theme_slugs, country_codes, exclude_ids, limit):
    """Ids of the best `limit` candidates, best first."""
    facets = IndexedFacetValue._meta.db_table
    audience = IndexedAudience._meta.db_table
    quote = connection.ops.quote_name
    parts, params = [], []
    for facet, values, theme, country in (
        ("theme", theme_slugs, 1, 0),
        ("country", country_codes, 0, 1),
    ):
        if values:
            parts.append(
                # Table and column names and placeholders only: values are parameters.
                f"SELECT {quote('document_id')} AS doc, {theme} AS t, {country} AS c "  # noqa: S608
                f"FROM {quote(facets)} WHERE {quote('language')} = %s AND {quote('facet')} = %s "
                f"AND {quote('value')} IN ({', '.join(['%s'] * len(values))})"
            )
            params += [language, facet, *values]
    excluded = ""
    if exclude_ids:
        excluded = f"WHERE s.doc NOT IN ({', '.join(['%s'] * len(exclude_ids))})"
    sql = (
        f"SELECT s.doc FROM (SELECT doc, SUM(t) AS themes, SUM(c) AS countries "  # noqa: S608
        f"FROM ({' UNION ALL '.join(parts)}) matches GROUP BY doc) s "
        f"INNER JOIN {quote(audience)} a ON a.{quote('document_id')} = s.doc "
        f"AND a.{quote('language')} = %s {excluded} "
        f"ORDER BY s.themes + s.countries DESC, s.themes DESC, "
        f"a.{quote('published')} DESC NULLS LAST, s.doc DESC LIMIT %s"
    )
    params += [language, *exclude_ids, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def related_practices(
    page, language, *, theme_slugs, country_codes, exclude_ids=(), limit=RELATED_PRACTICES_LIMIT
):
    """Up to `limit` practices sharing themes or countries with `page`, as
    visitors of `language` see them.

    `theme_slugs` and `country_codes` are the page's own (the slugs of its
    default-locale themes), passed in because the page has loaded them
    already; `exclude_ids` the ids of the page's other live versions, left
    out with the page itself.
    """
    theme_slugs = list(theme_slugs)
    country_codes = [str(code).lower() for code in country_codes]
    if not theme_slugs and not country_codes:
        return []
    ids = _ranked_ids(
        language,
        theme_slugs,
        country_codes,
        sorted({page.pk, *exclude_ids}),
        limit,
    )
    if not ids:
        return []
    pages = (
        PracticePage.objects.filter(pk__in=ids)
        .select_related("locale")
        .prefetch_related("countries")
        .in_bulk()
    )
    return [pages[pk] for pk in ids if pk in pages]
