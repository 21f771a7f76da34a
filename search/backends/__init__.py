"""The search backend in use: Elasticsearch when ``ELASTICSEARCH_URL`` is set, the database
otherwise (PostgreSQL full-text search or SQLite FTS5, by the database in use).

Every backend offers:

- ``index(kind, ids)``: bring these objects up to date in the index (objects that are gone
  or no longer searchable — hidden, unpublished — are removed);
- ``delete(kind, ids)``;
- ``search(query: SearchQuery) -> SearchResults``;
- ``similar_ideas(*, title, challenge_id=None, limit=5) -> list[Hit]`` (typo-tolerant,
  public ideas only);
- ``rebuild(progress=None) -> int``: index everything from scratch (Elasticsearch: into a
  new versioned index, then switch the alias), returning the number of documents;
- ``count(kind) -> int``: documents in the index, for ``search_reindex --check``.
"""

from django.conf import settings


def get_backend():
    from search.backends.database import DatabaseBackend

    if settings.ELASTICSEARCH_URL:
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(fallback=DatabaseBackend())
    return DatabaseBackend()
