from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ideas.models import Idea
from search.backends.database import DatabaseBackend
from tests.factories import IdeaFactory


@pytest.fixture
def ideas(challenge):
    made = [IdeaFactory(challenge=challenge, title=f"Wool socks {n}") for n in range(5)]
    IdeaFactory(challenge=challenge, title="Hidden socks", is_public=False, moderation="hidden")
    return made


def run(*args) -> str:
    out = StringIO()
    call_command("search_reindex", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_indexes_every_searchable_document(ideas):
    output = run()
    backend = DatabaseBackend()
    assert backend.count("idea") == Idea.objects.public().count() == 5
    assert "Indexed" in output
    run("--check")


def test_rebuild_from_scratch_drops_what_is_no_longer_searchable(ideas):
    run()
    Idea.objects.filter(pk=ideas[0].pk).update(is_public=False)
    run()
    assert DatabaseBackend().count("idea") == 4


def test_check_reports_drift(ideas):
    run()
    DatabaseBackend().delete("idea", [ideas[0].pk])
    with pytest.raises(CommandError) as error:
        run("--check")
    assert error.value.returncode == 1


def test_check_prints_counts_per_kind(ideas):
    run()
    output = run("--check")
    for kind in ("idea", "challenge", "brand", "wiki", "changelog"):
        assert kind in output
    assert "DRIFT" not in output


def test_rebuild_in_batches_reports_progress(ideas):
    steps = []
    DatabaseBackend().rebuild(progress=steps.append, batch=2)
    assert steps[:3] == [2, 2, 1]
    assert sum(steps) == 5 + 1 + 1  # the public ideas, the challenge, the brand page
