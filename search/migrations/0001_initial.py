"""The index queue, and what the database backend stores per vendor.

PostgreSQL: the ``unaccent`` extension and the text search configurations ``cocreate_en``
and ``cocreate_fr`` (stemming, accents folded). Idea documents live in
``ideas_idea.search_vector`` (see ``ideas/migrations/0003``).

SQLite: the FTS5 table ``search_fts`` (one row per idea, challenge and brand page; rowid
encodes kind and id, see ``search.backends.sqlite``) and its vocabulary ``search_fts_vocab``
used to correct typos.
"""

from django.db import migrations, models

POSTGRES_UP = ["CREATE EXTENSION IF NOT EXISTS unaccent"] + [
    statement
    for name, stemmer in (("cocreate_en", "english"), ("cocreate_fr", "french"))
    for statement in (
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{stemmer})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
        f"WITH unaccent, {stemmer}_stem",
    )
]
POSTGRES_DOWN = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cocreate_en",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cocreate_fr",
]
SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, tags, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts_vocab", "DROP TABLE IF EXISTS search_fts"]


def _per_vendor(postgres, sqlite):
    def run(apps, schema_editor):
        statements = {"postgresql": postgres, "sqlite": sqlite}.get(
            schema_editor.connection.vendor, []
        )
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("object_id", models.BigIntegerField()),
                ("queued_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="one_index_entry_per_object"
                    )
                ],
            },
        ),
        migrations.RunPython(
            _per_vendor(POSTGRES_UP, SQLITE_UP), _per_vendor(POSTGRES_DOWN, SQLITE_DOWN)
        ),
    ]
