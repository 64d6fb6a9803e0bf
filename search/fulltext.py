"""The database engine's vendor-specific full-text index: FTS5 on SQLite, tsvector on PostgreSQL.

Migration 0002 creates them from these statements (see docs/search.md).
"""

SQLITE_TABLE = """CREATE VIRTUAL TABLE search_document_fts USING fts5(
    title_terms, body_terms, content='search_document', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0')"""
SQLITE_TRIGGERS = [
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
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
]
SQLITE_REBUILD = "INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')"

SQLITE = [SQLITE_TABLE, *SQLITE_TRIGGERS]
SQLITE_REVERSE = [*SQLITE_DROP_TRIGGERS, "DROP TABLE IF EXISTS search_document_fts"]
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
