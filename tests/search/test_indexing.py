"""The search outbox: marked in the caller's transaction, drained in bulk after commit."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from ideas.models import Moderation
from ideas.services import bulk_tag, change_status, hide_idea, submit_idea
from search.backends.database import DatabaseBackend
from search.indexing import _send_drain, drain, mark_dirty
from search.models import IndexEntry
from search.query import SearchQuery
from tests.factories import IdeaFactory, UserFactory, make_challenge, make_member


@pytest.fixture
def backend():
    return DatabaseBackend()


def queued(kind="idea"):
    return set(IndexEntry.objects.filter(kind=kind).values_list("object_id", flat=True))


def found(backend, text):
    return [hit.pk for hit in backend.search(SearchQuery(text=text)).hits if hit.kind == "idea"]


def drain_hooks() -> int:
    return sum(hook[1] is _send_drain for hook in connection.run_on_commit)


def test_a_rolled_back_change_leaves_no_entry_and_sends_nothing(idea):
    IndexEntry.objects.all().delete()
    connection.run_on_commit.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        mark_dirty("idea", [idea.pk])
        assert queued() == {idea.pk}
        raise RuntimeError
    assert queued() == set()
    assert drain_hooks() == 0


def test_a_committed_change_is_drained_after_commit(
    challenge, backend, django_capture_on_commit_callbacks
):
    IndexEntry.objects.all().delete()
    connection.run_on_commit.clear()  # the fixtures' own (never committed) hooks
    with django_capture_on_commit_callbacks(execute=True):
        idea = submit_idea(
            author=UserFactory(), challenge=challenge, title="Solar kettle", body="Boil with sun."
        )
        assert queued() == {idea.pk}
        assert found(backend, "kettle") == []
    assert queued() == set()
    assert found(backend, "kettle") == [idea.pk]


def test_the_drain_task_is_sent_once_per_transaction(idea):
    connection.run_on_commit.clear()
    with transaction.atomic():
        mark_dirty("idea", [idea.pk])
        mark_dirty("challenge", [idea.challenge_id])
        mark_dirty("idea", [idea.pk])
        assert drain_hooks() == 1


def test_marking_twice_queues_one_entry(idea):
    mark_dirty("idea", [idea.pk, idea.pk])
    mark_dirty("idea", [idea.pk])
    assert IndexEntry.objects.filter(kind="idea", object_id=idea.pk).count() == 1


def test_an_unknown_kind_is_refused(idea):
    with pytest.raises(ValueError):
        mark_dirty("comment", [1])


def test_draining_twice_is_harmless(idea, backend):
    mark_dirty("idea", [idea.pk])
    assert drain(backend=backend) >= 1
    assert drain(backend=backend) == 0
    assert found(backend, "refill") == [idea.pk]
    assert IndexEntry.objects.count() == 0


def test_drain_works_in_batches(challenge, backend):
    ideas = [IdeaFactory(challenge=challenge, title=f"Bamboo brush {n}") for n in range(7)]
    IndexEntry.objects.all().delete()
    mark_dirty("idea", [idea.pk for idea in ideas])
    assert drain(batch=3, backend=backend) == 7
    assert sorted(found(backend, "bamboo")) == sorted(idea.pk for idea in ideas)


def test_submitting_marks_the_idea(challenge):
    idea = submit_idea(
        author=UserFactory(), challenge=challenge, title="Solar kettle", body="Boil with sun."
    )
    assert idea.pk in queued()


def test_status_changes_mark_the_idea(idea):
    manager = make_member(idea.brand)
    IndexEntry.objects.all().delete()
    change_status(idea=idea, actor=manager, to_status="under_review")
    assert queued() == {idea.pk}


def test_bulk_tagging_marks_the_tagged_ideas(challenge):
    ideas = [IdeaFactory(challenge=challenge) for _ in range(2)]
    manager = make_member(challenge.brand)
    IndexEntry.objects.all().delete()
    bulk_tag(actor=manager, brand=challenge.brand, ideas=ideas, tag="solar")
    assert queued() == {idea.pk for idea in ideas}


def test_a_hidden_idea_leaves_the_index_after_drain(idea, backend):
    mark_dirty("idea", [idea.pk])
    drain(backend=backend)
    before = backend.count("idea")
    moderator = make_member(idea.brand, role="moderator")
    hide_idea(moderator=moderator, idea=idea, reason="Spam")
    assert idea.moderation == Moderation.HIDDEN
    assert queued() == {idea.pk}
    drain(backend=backend)
    assert backend.count("idea") == before - 1
    assert found(backend, "refill") == []


def test_publishing_and_unpublishing_pages_marks_them(brand):
    IndexEntry.objects.all().delete()
    challenge = make_challenge(brand, title="Quiet fridges")
    assert queued("challenge") == {challenge.pk}
    IndexEntry.objects.all().delete()
    challenge.unpublish()
    assert queued("challenge") == {challenge.pk}
    IndexEntry.objects.all().delete()
    brand.page.save_revision().publish()
    assert queued("brand") == {brand.page.pk}


def test_an_unpublished_challenge_takes_its_ideas_out(idea, backend):
    mark_dirty("idea", [idea.pk])
    drain(backend=backend)
    assert found(backend, "refill") == [idea.pk]
    idea.challenge.unpublish()
    drain(backend=backend)
    assert found(backend, "refill") == []
    assert backend.count("idea") == 0
    assert found(backend, "Greener") == []


def test_a_deleted_challenge_is_marked(brand):
    challenge = make_challenge(brand, title="Short lived")
    IndexEntry.objects.all().delete()
    challenge.delete()
    assert queued("challenge") == {challenge.pk}


def test_recent_votes_are_queued_for_an_external_index_only(settings, idea):
    from ideas import services
    from search.indexing import mark_recently_voted
    from search.models import IndexEntry
    from tests.factories import IdeaFactory, UserFactory

    quiet = IdeaFactory(challenge=idea.challenge)
    type(quiet).objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    services.cast_vote(user=UserFactory(), idea=idea)
    IndexEntry.objects.all().delete()

    settings.ELASTICSEARCH_URL = ""
    assert mark_recently_voted() == 0

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    assert mark_recently_voted() == 1
    assert list(IndexEntry.objects.values_list("kind", "object_id")) == [("idea", idea.pk)]
