from pathlib import Path

import pytest

from brands.models import Role
from cocreate.celery import app as celery_app
from tests.factories import UserFactory, make_member

# What settings should say so that a request never waits long on a broker that is down.
FAST_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}


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


@pytest.fixture
def eager_tasks(monkeypatch):
    """Tasks run in-process when sent, as without REDIS_URL (CI sets it and runs no worker)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks are really sent, to a Redis broker on a closed port, and publishing gives up fast.

    The app caches its connection and producer pools: they are dropped so the closed port is
    used, and the pools made against it are closed before the previous ones come back.
    """
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_publish_retry_policy", FAST_PUBLISH_RETRY_POLICY)
    monkeypatch.setitem(
        celery_app.conf,
        "broker_transport_options",
        {"socket_connect_timeout": 1, "socket_timeout": 2},
    )
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
