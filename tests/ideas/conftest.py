from pathlib import Path

import pytest

from cocreate.celery import app as celery_app
from tests.factories import UserFactory
from tests.support.celery_broker import CLOSED_PORT_URL


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
def eager_tasks(monkeypatch):
    """Tasks run in-process when sent, as without REDIS_URL (CI sets it and runs no worker)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks are really sent, to a Redis broker on a closed port; the settings' publish
    retry policy and socket timeouts make publishing give up fast. The app's own pools come
    back afterwards, the ones made against the closed port are closed."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", CLOSED_PORT_URL)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
