"""The behavioural suite (``tests/search/behaviour.py``) against a real Elasticsearch cluster,
plus what only Elasticsearch does: versioned indexes behind aliases, the fallback when the
alias is missing.

Runs when ``ELASTICSEARCH_URL`` is set (``pytest -m elasticsearch``); each test works in
indexes of its own (``SEARCH_INDEX_PREFIX=test-<random>-``), deleted afterwards.
"""

import logging
import os
import uuid

import pytest

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if not ELASTICSEARCH_URL:
    pytest.skip(
        "ELASTICSEARCH_URL is not set: the live Elasticsearch suite needs a cluster "
        "(e.g. ELASTICSEARCH_URL=http://localhost:9200 pytest -m elasticsearch)",
        allow_module_level=True,
    )

from elasticsearch import ApiError  # noqa: E402

from challenges.models import ChallengePage  # noqa: E402
from cms.models import BrandPage  # noqa: E402
from ideas.models import Idea  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.backends.database import DatabaseBackend  # noqa: E402
from search.backends.elasticsearch import ElasticsearchBackend  # noqa: E402
from search.documents import alias_name  # noqa: E402
from search.indexing import drain, mark_dirty  # noqa: E402
from tests.search.behaviour import *  # noqa: E402, F403
from tests.search.behaviour import search  # noqa: E402

pytestmark = pytest.mark.elasticsearch


def indexes_of(client, prefix: str) -> list[str]:
    return sorted(client.indices.get(index=f"{prefix}-*", expand_wildcards="all"))


@pytest.fixture
def prefix(settings):
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    return settings.SEARCH_INDEX_PREFIX


@pytest.fixture
def bare_backend(db, prefix):
    """A backend whose indexes do not exist yet; whatever the test creates is deleted."""
    backend = ElasticsearchBackend(fallback=DatabaseBackend(), url=ELASTICSEARCH_URL)
    yield backend
    names = indexes_of(backend.client, prefix)
    if names:
        backend.client.indices.delete(index=",".join(names))


@pytest.fixture
def backend(bare_backend):
    """Fresh, empty versioned indexes behind the aliases, as after ``search_reindex``."""
    bare_backend.rebuild()
    return bare_backend


@pytest.fixture
def index_everything(backend, prefix):  # noqa: F811
    """As the behavioural suite's, then a refresh so the next search sees the changes."""

    def run():
        mark_dirty("idea", Idea.objects.values_list("pk", flat=True))
        mark_dirty("challenge", ChallengePage.objects.values_list("pk", flat=True))
        mark_dirty("brand", BrandPage.objects.values_list("pk", flat=True))
        drain(backend=backend)
        backend.client.indices.refresh(index=f"{prefix}-*")

    return run


def test_get_backend_uses_the_cluster(prefix):
    assert isinstance(get_backend(), ElasticsearchBackend)


def test_results_name_elasticsearch(backend, corpus):  # noqa: F811
    assert search(backend, "plastic").backend == "elasticsearch"


def test_rebuild_fills_a_new_version_and_drops_the_old(backend, corpus, prefix):  # noqa: F811
    client = backend.client
    (before,) = client.indices.get_alias(name=alias_name("ideas"))

    indexed = backend.rebuild()

    (after,) = client.indices.get_alias(name=alias_name("ideas"))
    assert after != before and after.startswith(f"{prefix}-ideas-v")
    assert len([name for name in indexes_of(client, prefix) if "-ideas-v" in name]) == 1
    public_pages = ChallengePage.objects.live().public().count()
    public_pages += BrandPage.objects.live().public().count()
    assert indexed == Idea.objects.public().count() + public_pages
    assert backend.count("idea") == Idea.objects.public().count()
    assert backend.count("challenge") == ChallengePage.objects.live().public().count()
    assert backend.count("brand") == BrandPage.objects.live().public().count()
    assert corpus["ideas"]["title"].pk in [hit.pk for hit in search(backend, "shampoo").hits]


def test_delete_removes_and_tolerates_what_is_gone(backend, corpus):  # noqa: F811
    idea = corpus["ideas"]["title"]

    backend.delete("idea", [idea.pk, 999_999])
    backend.client.indices.refresh(index=alias_name("ideas"))

    assert backend.count("idea") == Idea.objects.public().count() - 1


def test_before_any_rebuild_search_falls_back_and_writes_fail(bare_backend, caplog):
    with caplog.at_level(logging.WARNING, logger="search.backends.elasticsearch"):
        results = search(bare_backend, "plastic")

    assert results.backend.startswith("database")
    assert "the database answers" in caplog.text
    with pytest.raises(ApiError):
        bare_backend.count("idea")
