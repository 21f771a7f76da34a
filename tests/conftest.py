import pytest
from django.core.cache import cache

from brands.models import Role
from cocreate.celery import app as celery_app
from tests.factories import BrandFactory, IdeaFactory, UserFactory, make_challenge, make_member


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets an empty in-memory cache (Wagtail caches site root paths by page id)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    """Tasks run in-process, as in the demo, even when CI sets REDIS_URL; the tests that
    start a real worker (``tests/notifications/worker``) switch this off for themselves."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def brand(db):
    return BrandFactory()


@pytest.fixture
def challenge(brand):
    return make_challenge(brand)


@pytest.fixture
def idea(challenge):
    return IdeaFactory(challenge=challenge)


@pytest.fixture
def manager(brand):
    return make_member(brand, Role.MANAGER)


@pytest.fixture
def owner(brand):
    return make_member(brand, Role.OWNER)


@pytest.fixture
def moderator(brand):
    return make_member(brand, Role.MODERATOR)
