from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Idea, StatusChange
from tests.factories import IdeaFactory


@pytest.fixture
def moved():
    """``moved(status, days_ago=…, **fields)``: a public idea moved to ``status`` that long ago."""

    def make(status: str, *, days_ago: float = 1, note: str = "", **fields) -> Idea:
        when = timezone.now() - timedelta(days=days_ago)
        idea = IdeaFactory(status=status, status_changed_at=when, **fields)
        change = StatusChange.objects.create(
            idea=idea, from_status="submitted", to_status=status, note=note
        )
        StatusChange.objects.filter(pk=change.pk).update(created_at=when)
        return idea

    return make
