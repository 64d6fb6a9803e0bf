"""The database search engine: the embedded default, on SQLite and PostgreSQL.

A search page costs two SQL statements over the tables of search/models.py, whatever the number
of results or facets; docs/search.md explains them.
"""

import datetime
import json
import uuid
from functools import partial

from django.db import connection, transaction
from django.db.models import Count
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import analysis, fulltext
from search.engines.base import SearchEngine
from search.highlights import snippet
from search.index_entries import facet_field
from search.models import IndexedPractice
from search.query import FACETS
from search.results import EngineResult, Hit

# bm25 weights of the FTS5 columns (title_terms, body_terms): a word in the
# title counts ten times a word in the body, so title matches come first.
SQLITE_RANK = "-bm25(search_document_fts, 10.0, 1.0)"
# ts_rank weights {D, C, B, A}: the title is weighted A, the body B.
POSTGRESQL_RANK = "ts_rank('{0, 0, 0.1, 1.0}', d.search_vector, q.query)"

HIT_COLUMNS = (
    "d.id, d.id, d.translation_key, d.language, d.title, d.summary, d.body, d.url, "
    "d.countries, d.themes, d.start_year, d.end_year, d.first_published_at"
)
# Orders of the hits, on the columns of `matched` (see _matched); the id
# breaks ties, so pages never overlap.
ORDER = {
    "relevance": "{alias}.rank DESC, {alias}.published DESC NULLS LAST, {alias}.id DESC",
    "newest": "{alias}.published DESC NULLS LAST, {alias}.id DESC",
    "title": "{alias}.title_sort ASC, {alias}.id ASC",
}


# SQLite's page cache during a rebuild (negative: in KiB), instead of its
# default 2 MiB: the rebuild rewrites every page of the index tables.
REBUILD_CACHE_KIB = -128 * 1024
INDEX_TABLES = ("search_document_facet", "search_document_audience", "search_document")
DOCUMENT_COLUMNS = (
    "id", "translation_key", "language", "is_original", "title", "summary", "body", "url",
    "title_terms", "body_terms", "title_sort", "start_year", "end_year", "first_published_at",
    "countries", "themes",
)  # fmt: skip


FACET_COLUMNS = ("document_id", "language", "facet", "value")
AUDIENCE_COLUMNS = ("document_id", "language", "published", "title_sort", "start_year", "end_year")
# Rows per INSERT where the database sets no limit on parameters (PostgreSQL).
MAX_ROWS_PER_INSERT = 1000


def _insert_rows(cursor, table, columns, rows):
    """Insert rows (tuples of database values) with multi-row INSERT
    statements, as many rows each as the database's parameter limit allows:
    several times faster than executemany, which runs a statement per row."""
    limit = connection.features.max_query_params
    per_statement = (
        min(MAX_ROWS_PER_INSERT, limit // len(columns)) if limit else MAX_ROWS_PER_INSERT
    )
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * len(chunk))}",
            [value for values in chunk for value in values],
        )


def _preparers(connection):
    """{column: function} turning a value into what the database driver
    takes for the columns that need it (UUID, timestamp, JSON), as the
    model's fields do."""
    return {
        name: partial(IndexedPractice._meta.get_field(name).get_db_prep_save, connection=connection)
        for name in ("translation_key", "first_published_at", "countries", "themes")
    }


def _uuid(key):
    return IndexedPractice._meta.get_field("translation_key").get_db_prep_value(
        str(key), connection
    )


class DatabaseEngine(SearchEngine):
    name = "database"

    # Indexing ---------------------------------------------------------------

    def replace_practice(self, translation_key, documents):
        self.replace_practices({translation_key: documents})

    def replace_practices(self, documents_by_key):
        """`replace_practice` for several practices ({translation key:
        [documents]}) at once: one DELETE per table and one insert for them all."""
        keys = [_uuid(key) for key in documents_by_key]
        if not keys:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(keys))
            matching = f"SELECT id FROM search_document WHERE translation_key IN ({placeholders})"
            for table in ("search_document_facet", "search_document_audience"):
                cursor.execute(f"DELETE FROM {table} WHERE document_id IN ({matching})", keys)
            cursor.execute(
                f"DELETE FROM search_document WHERE translation_key IN ({placeholders})", keys
            )
            self._insert([document for found in documents_by_key.values() for document in found])

    def rebuild(self, batches, progress=None):
        """One transaction: searches see the old index until the commit.

        On SQLite the tables are reloaded without their secondary indexes
        and the full-text triggers, which are then rebuilt in one pass each
        (several times faster than updating them row by row), with a larger
        page cache for the duration.
        """
        languages = {}
        sqlite = connection.vendor == "sqlite"
        with connection.cursor() as cursor:
            if sqlite:
                cursor.execute("PRAGMA cache_size")
                cache_size = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size = {REBUILD_CACHE_KIB}")
            try:
                with transaction.atomic():
                    self._reload(cursor, batches, progress, languages, sqlite)
            finally:
                if sqlite:
                    cursor.execute(f"PRAGMA cache_size = {cache_size}")
        return {"documents": sum(languages.values()), "languages": languages}

    def _reload(self, cursor, batches, progress, languages, sqlite):
        indexes = []
        if sqlite:
            for statement in fulltext.SQLITE_DROP_TRIGGERS:
                cursor.execute(statement)
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (%s, %s, %s)",
                INDEX_TABLES,
            )
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        for table in INDEX_TABLES:
            cursor.execute(f"DELETE FROM {table}")
        for batch in batches:
            self._insert(batch)
            for document in batch:
                languages[document["language"]] = languages.get(document["language"], 0) + 1
            if progress:
                progress(len(batch))
        if sqlite:
            for _name, sql in indexes:
                cursor.execute(sql)
            cursor.execute(fulltext.SQLITE_REBUILD)
            for statement in fulltext.SQLITE_TRIGGERS:
                cursor.execute(statement)

    def count(self):
        counts = IndexedPractice.objects.values_list("language").order_by("language")
        return dict(counts.annotate(n=Count("id")).values_list("language", "n"))

    def _insert(self, documents):
        """Write documents, their facet values and audiences: plain rows and
        one executemany per table (tens of thousands of model instances would
        cost more than the inserts themselves). Facet values are written once
        per language the document is shown to (see search/models.py)."""
        if not documents:
            return
        prepare = _preparers(connection)
        rows, facets, audiences = [], [], []
        for document in documents:
            language = document["language"]
            published = prepare["first_published_at"](
                parse_datetime(document["first_published_at"] or "")
            )
            title_sort = document["title_sort"][:255]
            page_id = document["id"]
            rows.append(
                (
                    page_id,
                    prepare["translation_key"](document["translation_key"]),
                    language,
                    document["is_original"],
                    document["title"][:255],
                    document["summary"],
                    document["body"],
                    document["url"][:500],
                    *analysis.document_terms(document),
                    title_sort,
                    document["start_year"],
                    document["end_year"],
                    published,
                    prepare["countries"](document["country"]),
                    prepare["themes"](document["theme"]),
                )
            )
            values = [(facet, value) for facet in FACETS for value in document[facet_field(facet)]]
            for visitor_language in document["visible_in"]:
                facets += [(page_id, visitor_language, facet, value) for facet, value in values]
                audiences.append(
                    (
                        page_id,
                        visitor_language,
                        published,
                        title_sort,
                        document["start_year"],
                        document["end_year"],
                    )
                )
        with connection.cursor() as cursor:
            _insert_rows(cursor, "search_document", DOCUMENT_COLUMNS, rows)
            _insert_rows(cursor, "search_document_facet", FACET_COLUMNS, facets)
            _insert_rows(cursor, "search_document_audience", AUDIENCE_COLUMNS, audiences)

    # Searching --------------------------------------------------------------

    def search(self, query):
        ranked = query.effective_sort == "relevance"
        hits, total = self._hits(query, *self._matched(query, ranked=ranked))
        counts = self._counts(query, *self._matched(query, ranked=False))
        return EngineResult(hits=hits, total=total, counts=counts)

    def _matched(self, query, ranked=True):
        """The `matched` CTE: documents shown in the visitor's language that
        match the words and the years, with their rank and sort keys.

        It reads the audience rows' covering index (never the documents'
        text); with words, the full-text match runs once and drives the
        join (on SQLite, CROSS JOIN fixes that order: left to choose, the
        planner would run the match once per document of the language).
        """
        conditions = ["a.language = %s"]
        params = [query.language]
        if query.year_from is not None or query.year_to is not None:
            conditions.append("a.start_year IS NOT NULL")
        if query.year_to is not None:
            conditions.append("a.start_year <= %s")
            params.append(query.year_to)
        if query.year_from is not None:
            conditions.append("(a.end_year IS NULL OR a.end_year >= %s)")
            params.append(query.year_from)
        where = " AND ".join(conditions)
        columns = "a.document_id AS id, {rank} AS rank, a.published, a.title_sort"
        match = full_text_query(query, connection.vendor)
        if match is None:
            sql = f"SELECT {columns.format(rank='0')} FROM search_document_audience a WHERE {where}"
            return sql, params
        # Ranking costs more than matching: the facet counts do without.
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT {columns.format(rank=POSTGRESQL_RANK if ranked else '0')} "
                f"FROM to_tsquery('simple', %s) AS q(query) CROSS JOIN search_document d "
                f"CROSS JOIN search_document_audience a "
                f"WHERE d.search_vector @@ q.query AND a.document_id = d.id AND {where}"
            )
        else:
            sql = (
                f"SELECT {columns.format(rank=SQLITE_RANK if ranked else '0')} "
                "FROM search_document_fts "
                f"CROSS JOIN search_document_audience a "
                f"WHERE search_document_fts MATCH %s "
                f"AND a.document_id = search_document_fts.rowid AND {where}"
            )
        return sql, [match, *params]

    def _hits(self, query, matched, params):
        """The page of hits and the total: the page is chosen on the small
        columns of `matched`, then joined to the documents' text."""
        filters, filter_params = facet_conditions(query.filters, query.language)
        order = ORDER[query.effective_sort]
        sql = (
            f"WITH matched AS MATERIALIZED ({matched}), "
            f"page AS (SELECT m.*, COUNT(*) OVER () AS total FROM matched m WHERE {filters} "
            f"ORDER BY {order.format(alias='m')} LIMIT %s OFFSET %s) "
            f"SELECT {HIT_COLUMNS}, p.rank, p.total FROM page p CROSS JOIN search_document d "
            f"WHERE d.id = p.id ORDER BY {order.format(alias='p')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *filter_params, query.per_page, query.offset])
            rows = cursor.fetchall()
            if rows:
                total = rows[0][-1]
            else:  # an empty page: the total still counts
                cursor.execute(
                    f"WITH matched AS ({matched}) SELECT COUNT(*) FROM matched m WHERE {filters}",
                    [*params, *filter_params],
                )
                total = cursor.fetchone()[0]
        return [self._hit(row, query) for row in rows], total

    def _hit(self, row, query):
        (
            _id,
            page_id,
            key,
            language,
            title,
            summary,
            body,
            url,
            countries,
            themes,
            start_year,
            end_year,
            published,
            rank,
            _total,
        ) = row
        return Hit(
            page_id=page_id,
            translation_key=str(uuid.UUID(str(key))),  # SQLite stores it as bare hex
            title=title,
            url=url,
            language=language,
            summary=summary,
            snippet=(
                snippet(summary, body, query.terms, language)
                if query.has_text
                else mark_safe(escape(summary))  # noqa: S308 (escaped)
            ),
            countries=_json_list(countries),
            themes=_json_list(themes),
            start_year=start_year,
            end_year=end_year,
            first_published_at=_datetime(published),
            score=float(rank) if query.has_text and query.effective_sort == "relevance" else None,
        )

    def _counts(self, query, matched, params):
        """Every facet's counts in one statement, reading the language's
        range of the facet index. Facets without a selection share the same
        filters, so they share one GROUP BY; without words or years, a facet
        with no other filter counts the whole range, no join needed."""
        groups = {}
        for facet in FACETS:
            key = facet if facet in query.filters else None
            groups.setdefault(key, []).append(facet)
        restricted = query.has_text or query.year_from is not None or query.year_to is not None
        branches, branch_params = [], []
        for selected, facets in groups.items():
            others = query.filters_except(selected) if selected else query.filters
            conditions = ["f.language = %s", f"f.facet IN ({', '.join(['%s'] * len(facets))})"]
            values = [query.language, *facets]
            if restricted or others:
                filters, filter_params = facet_conditions(others, query.language)
                conditions.append(f"f.document_id IN (SELECT m.id FROM matched m WHERE {filters})")
                values += filter_params
            branches.append(
                "SELECT f.facet, f.value, COUNT(*) FROM search_document_facet f "
                f"WHERE {' AND '.join(conditions)} GROUP BY f.facet, f.value"
            )
            branch_params += values
        sql = f"WITH matched AS MATERIALIZED ({matched}) " + " UNION ALL ".join(branches)
        counts = {facet: {} for facet in FACETS}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *branch_params])
            for facet, value, count in cursor.fetchall():
                counts[facet][value] = count
        return counts


def facet_conditions(filters, language):
    """SQL conditions on `m.id` for the selected facet values (AND across
    facets, OR within one), with their parameters."""
    conditions, params = [], []
    for facet, values in filters.items():
        placeholders = ", ".join(["%s"] * len(values))
        conditions.append(
            "m.id IN (SELECT document_id FROM search_document_facet "
            f"WHERE language = %s AND facet = %s AND value IN ({placeholders}))"
        )
        params += [language, facet, *values]
    return " AND ".join(conditions) or "1 = 1", params


def full_text_query(query, vendor):
    """The full-text expression of the query's analysed terms (letters and
    digits only, never the visitor's raw text); None without words."""
    terms = query.terms
    if not terms:
        return None
    if vendor == "postgresql":
        parts = ["(" + " | ".join(f"'{term}'" for term in group) + ")" for group in terms.groups]
        parts += [
            "(" + " <-> ".join(f"'{term}'" for term in phrase) + ")" for phrase in terms.phrases
        ]
        return " & ".join(parts)
    parts = ["(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in terms.groups]
    parts += ['"' + " ".join(phrase) + '"' for phrase in terms.phrases]
    return " AND ".join(parts)


def _json_list(value):
    if isinstance(value, str):  # SQLite returns JSON columns as text in raw SQL
        return json.loads(value)
    return value or []


def _datetime(value):
    """A timestamp from raw SQL: PostgreSQL gives an aware datetime, SQLite
    the UTC text Django stored."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value
