"""The lower bound: the database's own cost of a search page, in hand-written SQL.

`check_same` proves it returns the same page and counts as ours (see docs/benchmarks.md).
"""

from django.db import connection

from search.engines.database import full_text_query
from search.forms import parse_search
from search.labels import facet_labels
from search.query import FACETS

RANK = {
    "sqlite": "-bm25(search_document_fts, 10.0, 1.0)",
    "postgresql": "ts_rank('{0, 0, 0.1, 1.0}', d.search_vector, to_tsquery('simple', %s))",
}
ORDER = {
    "relevance": "m.rank DESC, m.published DESC NULLS LAST, m.id DESC",
    "newest": "m.published DESC NULLS LAST, m.id DESC",
    "title": "m.title_sort ASC, m.id ASC",
}


def prepare(bench_query, language, per_page):
    """What the clock does not count: the query and its full-text expression."""
    query, _notices = parse_search(
        bench_query.querydict(), language, facet_labels(language), per_page=per_page
    )
    return query, full_text_query(query, connection.vendor)


def _matched(query, match, ranked):
    vendor = connection.vendor
    if match is None:
        return (
            "SELECT a.document_id AS id, 0 AS rank, a.published, a.title_sort "
            "FROM search_document_audience a WHERE a.language = %s",
            [query.language],
        )
    if vendor == "sqlite":
        rank = RANK["sqlite"] if ranked else "0"
        return (
            f"SELECT a.document_id AS id, {rank} AS rank, a.published, a.title_sort "
            "FROM search_document_fts CROSS JOIN search_document_audience a "
            "WHERE search_document_fts MATCH %s AND a.document_id = search_document_fts.rowid "
            "AND a.language = %s",
            [match, query.language],
        )
    rank, rank_params = (RANK["postgresql"], [match]) if ranked else ("0", [])
    return (
        f"SELECT a.document_id AS id, {rank} AS rank, a.published, a.title_sort "
        "FROM search_document d JOIN search_document_audience a ON a.document_id = d.id "
        "WHERE d.search_vector @@ to_tsquery('simple', %s) AND a.language = %s",
        [*rank_params, match, query.language],
    )


def _selected(filters, language):
    """`id IN (…)` per selected facet: AND across facets, OR within one."""
    sql, params = [], []
    for facet, values in filters.items():
        marks = ", ".join(["%s"] * len(values))
        sql.append(
            "m.id IN (SELECT document_id FROM search_document_facet "
            f"WHERE language = %s AND facet = %s AND value IN ({marks}))"
        )
        params += [language, facet, *values]
    return " AND ".join(sql) or "1 = 1", params


def hits(query, match):
    """[(id, title, url, summary)] of the page, and the total."""
    matched, params = _matched(query, match, ranked=query.effective_sort == "relevance")
    where, where_params = _selected(query.filters, query.language)
    sql = (
        f"SELECT m.id, d.title, d.url, d.summary, COUNT(*) OVER () AS total "
        f"FROM ({matched}) m JOIN search_document d ON d.id = m.id WHERE {where} "
        f"ORDER BY {ORDER[query.effective_sort]} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params, query.per_page, query.offset])
        rows = cursor.fetchall()
        if rows or query.offset == 0:
            return [row[:4] for row in rows], rows[0][4] if rows else 0
        cursor.execute(
            f"SELECT COUNT(*) FROM ({matched}) m WHERE {where}", [*params, *where_params]
        )
        return [], cursor.fetchone()[0]


def counts(query, match):
    """{facet: {value: count}}: each facet counts every filter but its own."""
    matched, params = _matched(query, match, ranked=False)
    branches, branch_params = [], []
    for facet in FACETS:
        others = {name: values for name, values in query.filters.items() if name != facet}
        where, where_params = _selected(others, query.language)
        branches.append(
            "SELECT f.facet, f.value, COUNT(*) FROM search_document_facet f "
            "WHERE f.language = %s AND f.facet = %s "
            f"AND f.document_id IN (SELECT m.id FROM matched m WHERE {where}) "
            "GROUP BY f.facet, f.value"
        )
        branch_params += [query.language, facet, *where_params]
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"WITH matched AS {materialized}({matched}) " + " UNION ALL ".join(branches)
    result = {facet: {} for facet in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *branch_params])
        for facet, value, count in cursor.fetchall():
            result[facet][value] = count
    return result


def search(query, match):
    return hits(query, match), counts(query, match)


def check_same(query, match, ours):
    """None if the lower bound answers as ours did, else what differs."""
    (rows, total), facet_counts = search(query, match)
    if [row[0] for row in rows] != [hit.page_id for hit in ours.hits]:
        return "a different page of hits"
    if total != ours.total:
        return f"a different total ({total}, ours {ours.total})"
    ours_counts = {
        facet.name: {value.value: value.count for value in facet.values if value.count}
        for facet in ours.facets
    }
    if facet_counts != ours_counts:
        return "different facet counts"
    return None
