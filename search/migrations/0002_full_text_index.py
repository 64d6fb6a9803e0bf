"""The full-text index of search documents, in each database's own engine
(the statements are in search/fulltext.py).

Caution for later migrations: SQLite rebuilds a table to alter it, which
drops these triggers; recreate them if search_document changes.
"""

from django.db import migrations

from search.fulltext import POSTGRESQL, POSTGRESQL_REVERSE, SQLITE, SQLITE_REVERSE

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
