"""The "trending" score, stored in ``Idea.hot_score`` so the list is an index scan.

    hot_score = log10(max(votes, 1)) + (created_at - 2025-01-01) / 45,000 s

Every 45,000 seconds (12.5 hours) of newness is worth as much as ten times the votes, so
an idea's rank decays against newer ideas without any periodic recomputation: the score
only changes when a vote is cast or withdrawn (the same scheme as Reddit's "hot").
"""

import math
from datetime import UTC, datetime

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
DECAY_SECONDS = 45_000


def time_weight(created_at: datetime) -> float:
    return (created_at - EPOCH).total_seconds() / DECAY_SECONDS


def hot_score(votes: int, created_at: datetime) -> float:
    return math.log10(max(votes, 1)) + time_weight(created_at)


def hot_score_after_sql(delta: int, created_at: datetime) -> tuple[str, list]:
    """SQL (and its parameters) for the score once ``vote_count`` has moved by ``delta``.

    Used in the same UPDATE that moves ``vote_count``, so both stay consistent under
    concurrent votes; ``vote_count`` on the right of a SET is the value before the UPDATE.
    Written for PostgreSQL and SQLite alike (Django gives SQLite ``LN`` when it lacks it).
    """
    return (
        "LN(CASE WHEN vote_count + %s > 1 THEN vote_count + %s ELSE 1 END) / LN(10) + %s",
        [delta, delta, time_weight(created_at)],
    )
