"""Pointing this test process's Celery app at another broker (publishing only)."""

from cocreate.celery import app as celery_app

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def use_broker(url: str) -> None:
    """Send tasks to ``url`` from now on.

    The app caches its connection and producer pools: they are dropped (not closed: kombu's
    global registry keeps handing them out for their URL), so the next task opens a
    connection to ``url``.
    """
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
