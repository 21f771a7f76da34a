"""Votes under real concurrency: counters stay exact and budgets hold (PostgreSQL only).

SQLite serialises every writer, so these races cannot happen there.
"""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ideas import services
from ideas.models import Idea, Vote
from ideas.ranking import hot_score
from tests.factories import IdeaFactory, UserFactory, make_challenge

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent writers need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(workers: list[Callable[[], None]]) -> list[BaseException]:
    """Start every worker at the same moment on its own connection; return their errors."""
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as error:  # noqa: B036 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_concurrent_votes_and_withdrawals_keep_the_count_exact(brand):
    idea = IdeaFactory(challenge=make_challenge(brand))
    voters = [UserFactory() for _ in range(20)]
    rounds = 5

    def toggling(index: int, user):
        def work():
            mine = Idea.objects.select_related("challenge").get(pk=idea.pk)
            for _ in range(rounds):
                assert services.cast_vote(user=user, idea=mine) is True
                assert services.withdraw_vote(user=user, idea=mine) is True
            if index % 2 == 0:
                assert services.cast_vote(user=user, idea=mine) is True

        return work

    errors = run_together([toggling(n, user) for n, user in enumerate(voters)])

    assert errors == []
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 1 + 10
    assert idea.hot_score == pytest.approx(hot_score(11, idea.created_at))


def test_concurrent_double_votes_by_the_same_person_count_once(brand):
    idea = IdeaFactory(challenge=make_challenge(brand))
    voter = UserFactory()
    results = []

    def work():
        mine = Idea.objects.select_related("challenge").get(pk=idea.pk)
        results.append(services.cast_vote(user=voter, idea=mine))

    errors = run_together([work] * 8)

    assert errors == []
    assert sorted(results) == [False] * 7 + [True]
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 2


def test_a_budget_of_one_holds_against_concurrent_votes(brand):
    challenge = make_challenge(brand, vote_budget=1)
    ideas = [IdeaFactory(challenge=challenge) for _ in range(2)]
    voters = [UserFactory() for _ in range(5)]

    def voting(user, idea):
        def work():
            mine = Idea.objects.select_related("challenge").get(pk=idea.pk)
            try:
                services.cast_vote(user=user, idea=mine)
            except ValidationError as error:
                assert error.code == "vote_budget_exhausted"

        return work

    errors = run_together([voting(user, idea) for user in voters for idea in ideas])

    assert errors == []
    for user in voters:
        assert Vote.objects.filter(user=user, challenge=challenge).count() == 1
    for idea in Idea.objects.filter(challenge=challenge):
        assert idea.vote_count == Vote.objects.filter(idea=idea).count()
    assert Vote.objects.filter(challenge=challenge).count() == 2 + len(voters)
