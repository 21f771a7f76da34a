"""SQLite only: ``search_fts`` rowids go from ``id * 4 + kind code`` to ``id * 8 + kind code``,
so wiki pages and changelog posts get codes of their own (``search.backends.sqlite``).

Rows are copied out and back in, re-encoded, so the index stays complete without a
``search_reindex``. Going back drops the rows of kinds the old encoding cannot hold.
"""

from django.db import migrations



def _reencode(old_slots: int, new_slots: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        statements = (
            "CREATE TEMP TABLE search_fts_old AS"
            " SELECT rowid AS old, title, tags, body FROM search_fts",
            "DELETE FROM search_fts",
            "INSERT INTO search_fts (rowid, title, tags, body)"
            f" SELECT (old / {old_slots}) * {new_slots} + old % {old_slots}, title, tags, body"
            f" FROM search_fts_old WHERE old % {old_slots} < {min(old_slots, new_slots)}",
            "DROP TABLE search_fts_old",
        )
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_reencode(4, 8), _reencode(8, 4))]
