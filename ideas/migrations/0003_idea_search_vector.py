"""The stored full-text document of ideas, and its indexes on PostgreSQL.

On SQLite the column is an unused text column (search uses the FTS5 table of the
``search`` app); the extension and the GIN indexes exist only on PostgreSQL.
"""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS idea_search_vector ON ideas_idea USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS idea_title_trgm ON ideas_idea USING gin (title gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS idea_title_trgm",
    "DROP INDEX IF EXISTS idea_search_vector",
]


def _run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_triage_moderation_roadmap"),
    ]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run_on_postgres(POSTGRES_UP), _run_on_postgres(POSTGRES_DOWN)),
    ]
