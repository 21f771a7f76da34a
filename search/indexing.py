"""Feeding the search index: an outbox filled inside transactions, drained after commit.

Services call ``mark_dirty`` in the transaction that changes something searchable (text,
tags, status, visibility); nothing reaches a search engine until that transaction commits,
and nothing at all if it rolls back. ``drain`` then refreshes the marked objects in bulk,
one backend call per kind and batch. It runs as the ``search.drain_index_queue`` task, sent
on commit (in-process when no broker is configured) and periodically as a sweep.

Votes are not marked one by one (that would add queue writes to the busiest action): the
database backend reads counts live from the idea row, and for an external index the
``search.refresh_vote_counts`` task marks, every ``VOTE_COUNT_LAG``, the ideas whose
counters moved since (a vote sets the idea's ``updated_at``): counts there lag by at most
that long plus a drain.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cocreate.tasks import enqueue_on_commit
from search.models import IndexEntry
from search.query import KINDS

VOTE_COUNT_LAG = timedelta(minutes=5)


def mark_dirty(kind: str, ids: Iterable[int]) -> None:
    """Queue these objects for (re)indexing; call inside the transaction that changed them.

    Objects already waiting are left as they are. The drain task is sent once the
    transaction commits.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown search kind {kind!r}")
    entries = [IndexEntry(kind=kind, object_id=pk) for pk in set(ids) if pk is not None]
    if not entries:
        return
    IndexEntry.objects.bulk_create(entries, ignore_conflicts=True)
    hooks = transaction.get_connection().run_on_commit
    if not any(hook[1] is _send_drain for hook in hooks):
        transaction.on_commit(_send_drain)


def _send_drain() -> None:
    """Registered once per transaction however many times it marked objects."""
    from search import tasks

    enqueue_on_commit(tasks.drain_index_queue)


def drain(*, batch: int = 500, backend=None) -> int:
    """Index what the queue holds, ``batch`` entries at a time; returns how many were drained.

    Each batch is taken, indexed and deleted in one transaction, with its rows locked
    (``SKIP LOCKED`` on PostgreSQL), so two drains running at once share the work instead
    of doing it twice, and an object marked again meanwhile gets a fresh entry once this
    batch commits. Running it again on an empty queue does nothing.
    """
    if backend is None:
        from search.backends import get_backend

        backend = get_backend()
    drained = 0
    while True:
        with transaction.atomic():
            entries = list(
                IndexEntry.objects.select_for_update(skip_locked=True).order_by("pk")[:batch]
            )
            if not entries:
                return drained
            by_kind: dict[str, list[int]] = defaultdict(list)
            for entry in entries:
                by_kind[entry.kind].append(entry.object_id)
            for kind, ids in by_kind.items():
                backend.index(kind, ids)
            IndexEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        drained += len(entries)
        if len(entries) < batch:
            return drained


def mark_recently_voted() -> int:
    """Queue ideas changed within two ``VOTE_COUNT_LAG`` periods (the overlap covers a late
    or missed run), when an external index holds vote counts; returns how many."""
    if not settings.ELASTICSEARCH_URL:
        return 0
    from ideas.models import Idea

    since = timezone.now() - 2 * VOTE_COUNT_LAG
    with transaction.atomic():
        ids = list(Idea.objects.public().filter(updated_at__gte=since).values_list("pk", flat=True))
        mark_dirty("idea", ids)
    return len(ids)
