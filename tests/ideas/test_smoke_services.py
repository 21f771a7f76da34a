import pytest

from ideas import services
from tests.factories import UserFactory


@pytest.mark.django_db
def test_vote_then_withdraw_moves_the_count(idea):
    voter = UserFactory()
    assert services.cast_vote(user=voter, idea=idea) is True
    assert idea.vote_count == 2
    assert services.cast_vote(user=voter, idea=idea) is False
    assert services.withdraw_vote(user=voter, idea=idea) is True
    idea.refresh_from_db()
    assert idea.vote_count == 1
