"""On PostgreSQL the site's hot queries are prepared once per connection, and search is
still planned for each query's own words (see cocreate/settings.py and
``search.backends.postgres.PostgresEngine.custom_plans``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Idea
from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from tests.factories import IdeaFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_query_run_five_times_is_prepared_the_sixth_time():
    ideas = IdeaFactory.create_batch(6)
    for idea in ideas:
        Idea.objects.filter(pk=idea.pk).values_list("title", flat=True).get()
    prepared = [sql for sql in _prepared_statements() if '"ideas_idea"."title"' in sql]
    assert prepared, "the idea lookup was not prepared"
    assert "$1" in prepared[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_plans_each_query_and_leaves_the_connection_as_it_was():
    IdeaFactory(title="Refillable shampoo bottles")
    backend = DatabaseBackend()
    with CaptureQueriesContext(connection) as queries:
        backend.search(SearchQuery(text="shampoo"))
    statements = [query["sql"] for query in queries.captured_queries]
    first_select = next(i for i, sql in enumerate(statements) if sql.startswith("SELECT"))
    assert "SET LOCAL plan_cache_mode = force_custom_plan" in statements[:first_select]
    assert _plan_cache_mode() == "auto"
