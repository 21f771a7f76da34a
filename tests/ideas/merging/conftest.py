import pytest

from brands.models import Role
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member


@pytest.fixture
def triager(brand):
    return make_member(brand, Role.MANAGER)


@pytest.fixture
def other_brand(db):
    return BrandFactory()


@pytest.fixture
def make_idea(challenge):
    def make(voters=(), **kwargs):
        idea = IdeaFactory(challenge=kwargs.pop("challenge", challenge), **kwargs)
        for voter in voters:
            idea.votes.create(user=voter, challenge=idea.challenge)
        idea.vote_count = idea.votes.count()
        idea.save(update_fields=["vote_count"])
        return idea

    return make


@pytest.fixture
def people(db):
    return [UserFactory() for _ in range(6)]


__all__ = ["make_challenge"]
