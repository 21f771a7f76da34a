"""Real infrastructure for the worker tests: Redis broker, Celery worker process, SMTP sink.

They need PostgreSQL (the worker is another process, so the in-memory SQLite test database
is out of its reach) and the Redis server on 127.0.0.1:6379.
"""

import pytest
import redis
from django.db import connection

from cocreate.celery import app as celery_app
from tests.support.celery_broker import use_broker
from tests.support.celery_worker import CeleryWorker
from tests.support.smtp_sink import SMTPSink

BROKER_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def broker(monkeypatch):
    """A clean Redis database as broker, and tasks really sent to it from this process."""
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: the worker process shares the test database")
    client = redis.Redis.from_url(BROKER_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip("worker tests need the Redis server on 127.0.0.1:6379")
    previous = celery_app.conf.broker_url
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    use_broker(BROKER_URL)
    yield BROKER_URL
    use_broker(previous)
    client.flushdb()


@pytest.fixture
def smtp_sink():
    with SMTPSink() as sink:
        yield sink


@pytest.fixture
def start_worker(broker, smtp_sink, tmp_path):
    """``start_worker(**env)`` starts a worker (stopped at the end of the test)."""
    workers = []

    def start(**env) -> CeleryWorker:
        env.setdefault("NOTIFICATIONS_QUEUE_GRACE_SECONDS", 2)
        env.setdefault("NOTIFICATIONS_FAN_OUT_AFTER_SECONDS", 1)
        worker = CeleryWorker(
            broker_url=broker, smtp_port=smtp_sink.port, log_path=tmp_path / "worker.log", **env
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
