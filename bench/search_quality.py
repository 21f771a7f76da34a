"""Relevance check of the search backend: recall@5 and MRR over bench/search_quality.json.

The fixture holds realistic ideas of the demo's three kinds of brands (a food co-op, a
mobile operator, a sports retailer; English and French, near-duplicates) and queries (one
with a typo, some French ones typed without accents), each with the ideas a person would
expect on top. The script loads them into a throwaway database, indexes them through the
backend, runs every query and prints, per query and overall:

- recall@5: the share of the expected ideas among the first five idea hits;
- reciprocal rank: 1 / the rank of the first expected idea (0 when none is in the first
  page of 20); MRR is its mean.

    .venv/bin/python bench/search_quality.py                  # SQLite (FTS5), a temp file
    .venv/bin/python bench/search_quality.py --database-url postgres://postgres@127.0.0.1:5432/cocreate_quality

A PostgreSQL database is dropped and created again (its name must contain "quality").
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "bench" / "search_quality.json"
TOP = 5
PAGE = 20


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="throwaway database (default: a SQLite file in a temporary directory)",
    )
    parser.add_argument(
        "--backend",
        choices=("configured", "database", "elasticsearch"),
        default="configured",
        help="'configured': get_backend(), i.e. Elasticsearch when ELASTICSEARCH_URL is set",
    )
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def setup(database_url: str, media_root: str) -> None:
    if database_url.startswith(("postgres://", "postgresql://")):
        from bench.bootstrap import ensure_database

        if "quality" not in database_url.rsplit("/", 1)[-1]:
            raise SystemExit("Refusing to drop a database whose name lacks 'quality'.")
        ensure_database(database_url, reset=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cocreate.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "MEDIA_ROOT": media_root,
            "LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def load(fixture: dict) -> int:
    """Brands, open challenges and ideas, written through the services like real ones."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import User
    from brands.models import Brand
    from challenges.models import ChallengePage
    from cms.services import ensure_brand_page
    from ideas.services import submit_idea

    author = User.objects.create(username="quality", email="quality@example.com")
    now = timezone.now()
    count = 0
    for spec in fixture["brands"]:
        brand = Brand.objects.create(name=spec["name"], slug=spec["slug"])
        ensure_brand_page(brand=brand)
        brand.refresh_from_db()
        for challenge_spec in spec["challenges"]:
            challenge = ChallengePage(
                title=challenge_spec["title"],
                slug=slugify(challenge_spec["title"]),
                summary=challenge_spec["title"],
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
                brief=[("paragraph", f"<p>{challenge_spec['title']}</p>")],
            )
            brand.page.add_child(instance=challenge)
            challenge.save_revision().publish()
            for idea in challenge_spec["ideas"]:
                submit_idea(
                    author=author,
                    challenge=challenge,
                    title=idea["title"],
                    body=idea["body"],
                    tags=idea.get("tags", ()),
                )
                count += 1
    return count


def backend_named(name: str):
    from search.backends import get_backend
    from search.backends.database import DatabaseBackend

    if name == "database":
        return DatabaseBackend()
    if name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(fallback=DatabaseBackend())
    return get_backend()


def score(titles: list[str], relevant: list[str]) -> tuple[float, float]:
    """(recall@TOP, reciprocal rank) of one ranked list of idea titles."""
    expected = set(relevant)
    recall = len(expected.intersection(titles[:TOP])) / len(expected)
    rank = next((n for n, title in enumerate(titles, 1) if title in expected), None)
    return recall, (1 / rank if rank else 0.0)


def evaluate(backend, queries: list[dict]) -> dict:
    from search.query import SearchQuery

    rows = []
    for spec in queries:
        started = time.perf_counter()
        results = backend.search(SearchQuery(text=spec["q"], per_page=PAGE))
        elapsed = (time.perf_counter() - started) * 1000
        titles = [hit.title for hit in results.hits if hit.kind == "idea"]
        recall, reciprocal = score(titles, spec["relevant"])
        rows.append(
            {
                "q": spec["q"],
                "note": spec.get("note", ""),
                "recall_at_5": recall,
                "reciprocal_rank": reciprocal,
                "top": titles[:TOP],
                "missed": [t for t in spec["relevant"] if t not in titles[:TOP]],
                "ms": round(elapsed, 1),
            }
        )
    return {
        "backend": results.backend if queries else "",
        "queries": rows,
        "recall_at_5": sum(r["recall_at_5"] for r in rows) / len(rows),
        "mrr": sum(r["reciprocal_rank"] for r in rows) / len(rows),
    }


def report(figures: dict, ideas: int) -> None:
    print(f"backend: {figures['backend']}, {ideas} ideas, {len(figures['queries'])} queries\n")
    print(f"{'query':<30} {'recall@5':>8} {'RR':>5}  note / missed")
    for row in figures["queries"]:
        missed = "; ".join(row["missed"])
        extra = " | ".join(part for part in (row["note"], missed and f"missed: {missed}") if part)
        print(f"{row['q']:<30} {row['recall_at_5']:>8.2f} {row['reciprocal_rank']:>5.2f}  {extra}")
    print(f"\noverall: recall@5 {figures['recall_at_5']:.3f}, MRR {figures['mrr']:.3f}")


def main(argv=None) -> int:
    args = parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    fixture = json.loads(args.fixture.read_text())
    with tempfile.TemporaryDirectory(prefix="cocreate-quality-") as tmp:
        setup(args.database_url or f"sqlite:///{tmp}/quality.sqlite3", f"{tmp}/media")
        ideas = load(fixture)
        backend = backend_named(args.backend)
        backend.rebuild()
        figures = evaluate(backend, fixture["queries"])
        from django.db import connections

        connections.close_all()
    report(figures, ideas)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
