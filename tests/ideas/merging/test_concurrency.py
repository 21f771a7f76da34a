"""Two staff members moving the same idea at the same moment (PostgreSQL only).

SQLite serialises every writer, so the race cannot happen there.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from brands.models import Role
from ideas import services
from ideas.models import Idea, StatusChange
from tests.factories import IdeaFactory, make_challenge, make_member
from tests.ideas.test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent writers need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("targets", [("under_review", "planned"), ("planned", "planned")])
def test_simultaneous_moves_keep_a_consistent_timeline(brand, targets):
    idea = IdeaFactory(challenge=make_challenge(brand))
    staff = [make_member(brand, Role.MANAGER) for _ in targets]
    done = []

    def mover(actor, to_status):
        def work():
            mine = Idea.objects.get(pk=idea.pk)
            try:
                services.change_status(idea=mine, actor=actor, to_status=to_status)
            except ValidationError:
                return  # refused after the other move: allowed, but nothing written
            done.append(to_status)

        return work

    errors = run_together([mover(actor, to) for actor, to in zip(staff, targets, strict=True)])

    assert errors == []
    changes = list(StatusChange.objects.filter(idea=idea).order_by("created_at", "id"))
    assert len(changes) == len(done) >= 1
    previous = "submitted"
    for change in changes:
        assert change.from_status == previous
        previous = change.to_status
    idea.refresh_from_db()
    assert idea.status == changes[-1].to_status
    assert idea.first_response_at is not None
