"""The full-text index of search documents, in each database's own engine.

SQLite: an FTS5 table over `title_terms` and `body_terms` (external content,
kept in step by triggers). PostgreSQL: a generated tsvector column (title
weighted A, body B) with a GIN index. Both index terms that
search/text.py has already folded and stemmed, so neither needs a
language configuration.

Caution for later migrations: SQLite rebuilds a table to alter it, which
drops these triggers; recreate them if search_document changes.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title_terms, body_terms, content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_document_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TABLE IF EXISTS search_document_fts",
]
POSTGRESQL = [
    """ALTER TABLE search_document ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_terms), 'A')
            || setweight(to_tsvector('simple'::regconfig, body_terms), 'B')
        ) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING GIN (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
