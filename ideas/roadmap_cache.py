"""A per-brand version number that keys the cached public roadmap.

Services that change what the roadmap shows (a status move, a staff owner, a moderation
decision) bump it after commit, so the cached columns are rebuilt at the next visit; vote
counts on cards may still lag by the cache's lifetime.
"""

import time

from django.core.cache import cache
from django.db import transaction


def _key(brand_id: int) -> str:
    return f"ideas:roadmap-version:{brand_id}"


def roadmap_version(brand_id: int) -> int:
    return cache.get(_key(brand_id), 0)


def invalidate_roadmap_on_commit(brand_id: int) -> None:
    transaction.on_commit(lambda: cache.set(_key(brand_id), time.time_ns(), None))
