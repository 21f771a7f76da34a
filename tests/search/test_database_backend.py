"""The behavioural suite against the database backend (SQLite FTS5 or PostgreSQL,
by ``DATABASE_URL``), plus what is specific to storing the index in the database."""

import pytest

from ideas.models import Idea
from search.backends import get_backend
from search.backends.database import DatabaseBackend, highlight
from tests.search.behaviour import *  # noqa: F403
from tests.search.behaviour import search


@pytest.fixture
def backend():
    return DatabaseBackend()


def test_it_is_the_default_backend(settings):
    settings.ELASTICSEARCH_URL = ""
    assert isinstance(get_backend(), DatabaseBackend)


def test_results_name_the_database(backend, corpus):  # noqa: F811
    assert search(backend, "plastic").backend.startswith("database (")


def test_unindexed_ideas_are_not_found(backend, corpus):  # noqa: F811
    idea = corpus["ideas"]["title"]
    backend.delete("idea", [idea.pk])
    assert backend.count("idea") == Idea.objects.public().count() - 1
    assert idea.pk not in [hit.pk for hit in search(backend, "shampoo").hits]


def test_highlight_marks_words_without_accents_and_escapes():
    snippet = highlight("Un emballage <écologique> & durable", ["ecologique"])
    assert snippet == "Un emballage &lt;<mark>écologique</mark>&gt; &amp; durable"
    assert highlight("nothing here", ["absent"]) == ""
