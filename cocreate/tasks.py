"""Queueing Celery tasks from services: after the commit, and never failing the caller."""

import functools
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` with these arguments once the current transaction commits.

    Outside a transaction it is sent at once; if the transaction rolls back, never. The data
    is committed by then, so a broker that cannot be reached (or an eager task that fails)
    must not fail the request: the error is logged, and the task's periodic sweep has to
    catch up. Every task sent this way needs such a sweep.
    """
    transaction.on_commit(functools.partial(_send, task, args, kwargs))


def _send(task, args: tuple, kwargs: dict) -> None:
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.warning(
            "Task %s could not be queued (or failed in-process); its periodic sweep will catch up.",
            task.name,
            exc_info=True,
        )
