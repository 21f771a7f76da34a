"""Seed the bench database with a large data set, fast.

    .venv/bin/python bench/seed_large.py [--reset] [--ideas N] [--votes N] [--users N]

Default: 5 brands × 4 challenges, 2,000 people, 100,000 ideas (5,000 per challenge),
1,000,000 votes, about 200,000 tags on ideas and 90,000 comments.

Brands, brand pages and challenge pages are created through the ORM and Wagtail's tree API,
like an editor would. The crowd's rows go in with COPY in one transaction, which checks
the counters against the rows before it commits: an interrupted run leaves no crowd data,
and a run that finds the ideas already there stops without touching them (``--reset``
drops the bench database and starts again). Ends with VACUUM ANALYZE, so the planner and
index-only scans see the data as a long-running database would.
"""

import argparse
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import database_url, ensure_database, setup_django  # noqa: E402

BRANDS, CHALLENGES_PER_BRAND = 5, 4


def seed(
    *,
    url: str | None = None,
    users: int = 2_000,
    ideas: int = 100_000,
    votes: int = 1_000_000,
    reset: bool = False,
    progress: bool = True,
) -> dict:
    """Make sure the bench database holds the data set; returns what is there.

    Raises ``SystemExit`` when the database holds another number of ideas. Votes are not
    compared: ``bench/run.py`` casts and withdraws some, then puts them back.
    """
    url = url or database_url()
    ensure_database(url, reset=reset)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from bench import editorial

    started = time.monotonic()
    challenges = editorial.ensure_challenges(brands=BRANDS, per_brand=CHALLENGES_PER_BRAND)
    summary = _existing(challenges)
    if summary["ideas"]:
        if summary["ideas"] != ideas:
            raise SystemExit(
                f"The bench database already holds {summary['ideas']:,} ideas, not {ideas:,}. "
                "Run with --reset to drop it and seed again."
            )
        summary["seeded_now"] = False
        return summary
    user_ids = editorial.ensure_people(users)
    _load(challenges, user_ids, ideas=ideas, votes=votes, progress=progress)
    summary = _existing(challenges)
    summary.update(seeded_now=True, seed_seconds=round(time.monotonic() - started, 1))
    return summary


def _existing(challenges) -> dict:
    from ideas.models import Comment, Idea, IdeaTag, Vote

    bench_ideas = Idea.objects.filter(challenge__in=challenges)
    return {
        "challenges": len(challenges),
        "ideas": bench_ideas.count(),
        "votes": Vote.objects.filter(challenge__in=challenges).count(),
        "tags": IdeaTag.objects.filter(content_object__in=bench_ideas).count(),
        "comments": Comment.objects.filter(idea__in=bench_ideas).count(),
    }


def _load(challenges, user_ids, *, ideas: int, votes: int, progress: bool) -> None:
    from django.db import connection, transaction
    from tqdm import tqdm

    from bench import crowd

    def bar(name, total):
        return tqdm(total=total, desc=f"{name:>8}", unit=" rows", disable=not progress)

    shape = crowd.Shape(ideas=ideas, votes=votes)
    with transaction.atomic():
        crowd.load(
            challenges=challenges, user_ids=user_ids, shape=shape, rng=random.Random(2026), bar=bar
        )
    if progress:
        print("VACUUM ANALYZE…", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or cocreate_bench")
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--reset", action="store_true", help="drop the bench database first")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    summary = seed(
        url=args.database_url,
        users=args.users,
        ideas=args.ideas,
        votes=args.votes,
        reset=args.reset,
        progress=not args.no_progress,
    )
    state = f"seeded in {summary['seed_seconds']} s" if summary["seeded_now"] else "already there"
    print(
        f"Bench data {state}: {summary['challenges']} challenges, {summary['ideas']:,} ideas, "
        f"{summary['votes']:,} votes, {summary['tags']:,} tags, {summary['comments']:,} comments."
    )


if __name__ == "__main__":
    main()
