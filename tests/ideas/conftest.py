from pathlib import Path

import pytest

from brands.models import Role
from tests.factories import UserFactory, make_member


@pytest.fixture
def stored_files(settings):
    """Every file under MEDIA_ROOT right now (a list of paths relative to it)."""

    def files() -> list[str]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    return files


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def manager(brand):
    return make_member(brand, Role.MANAGER)


@pytest.fixture
def owner(brand):
    return make_member(brand, Role.OWNER)


@pytest.fixture
def moderator(brand):
    return make_member(brand, Role.MODERATOR)
