"""Measure search on the bench data set (100,000 ideas): reindex time, then query latency.

1. ``get_backend().rebuild()`` of every idea, challenge and brand page (what
   ``manage.py search_reindex`` does), timed;
2. ``--queries`` two-word queries, each with one or two facet filters (brand, challenge,
   status, tag), made from the words of random ideas' titles with those ideas' own facet
   values: p50/p95/p99 of ``get_backend().search`` in this process, after a warm-up pass;
3. the same queries as ``GET /search/?q=…&brand=…`` against gunicorn (bench/server.py, the
   bench environment), ``--concurrency`` client connections: the whole page, cards included.

    .venv/bin/python bench/search_bench.py                  # migrate, rebuild, measure
    .venv/bin/python bench/search_bench.py --skip-rebuild   # the index is already built

Targets: database backend p95 ≤ 80 ms (in-process search), rebuild ≤ 60 s. Writes JSON to
bench/results/.
"""

import argparse
import json
import random
import re
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import RESULTS, database_url  # noqa: E402

SEARCH_P95_MS = 80.0
REBUILD_SECONDS = 60.0
STOPWORDS = {"a", "an", "and", "the", "for", "in", "of", "on", "to", "that", "with", "you", "can"}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: BENCH_DATABASE_URL or cocreate_bench")
    parser.add_argument("--queries", type=int, default=300, help="distinct queries (≥ 200)")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--concurrency", type=int, default=1, help="HTTP client connections")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def percentiles(latencies: list[float]) -> dict:
    ordered = sorted(latencies)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 1)

    return {"n": len(ordered), "p50_ms": at(50), "p95_ms": at(95), "p99_ms": at(99)}


def rebuild() -> dict:
    from search.backends import get_backend

    done = [0]

    def progress(count: int) -> None:
        done[0] += count
        if done[0] // 10_000 != (done[0] - count) // 10_000:
            print(f"  {done[0]:>7,} documents", flush=True)

    started = time.perf_counter()
    documents = get_backend().rebuild(progress=progress)
    seconds = time.perf_counter() - started
    return {"documents": documents, "seconds": round(seconds, 1)}


def make_queries(count: int, rng: random.Random) -> list[dict]:
    """Two title words of a random public idea, filtered by one or two of its facet values."""
    from ideas.models import Idea

    ids = list(Idea.objects.public().values_list("pk", flat=True))
    sample = (
        Idea.objects.filter(pk__in=rng.sample(ids, count))
        .select_related("brand")
        .prefetch_related("tags")
        .order_by("pk")
    )
    queries = []
    for idea in sample:
        words = [w for w in re.findall(r"[^\W\d_]+", idea.title.lower()) if w not in STOPWORDS]
        if len(words) < 2:
            continue
        facets = {
            "brand": idea.brand.slug,
            "challenge": str(idea.challenge_id),
            "status": idea.status,
        }
        tags = list(idea.tags.all())
        if tags:
            facets["tag"] = rng.choice(tags).slug
        chosen = rng.sample(sorted(facets), rng.choice((1, 1, 2)))
        queries.append(
            {"text": " ".join(rng.sample(words, 2)), "filters": {k: facets[k] for k in chosen}}
        )
    rng.shuffle(queries)
    return queries


def in_process(queries: list[dict]) -> dict:
    from django.db import reset_queries

    from search.backends import get_backend
    from search.query import SearchQuery

    backend = get_backend()
    latencies, empty = [], 0
    for measured in (False, True):
        for spec in queries:
            started = time.perf_counter()
            results = backend.search(SearchQuery(text=spec["text"], filters=spec["filters"]))
            if measured:
                latencies.append(time.perf_counter() - started)
                empty += results.total == 0
            reset_queries()
    return {**percentiles(latencies), "empty_results": empty}


def over_http(queries: list[dict], url: str, concurrency: int) -> dict:
    from bench import loadgen
    from bench.server import ServerConfig, gunicorn

    calls = [
        loadgen.Call("GET", "/search/?" + urlencode({"q": spec["text"], **spec["filters"]}))
        for spec in queries
    ]
    position = iter(range(10**9))

    def next_call(index: int) -> loadgen.Call:
        return calls[next(position) % len(calls)]

    log = RESULTS / f"search-gunicorn-{datetime.now():%Y%m%d-%H%M%S}.log"
    with gunicorn(ServerConfig(), database_url=url, log_path=log) as server:
        common = {"port": server.port, "next_call": next_call, "concurrency": concurrency}
        loadgen.run(**common, duration=60, max_requests=len(calls))
        result = loadgen.run(**common, duration=600, max_requests=len(calls))
    summary = result.summary()
    return {**summary, "n": summary["requests"], "concurrency": concurrency}


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.database_url or database_url()
    from bench.seed_large import seed

    seed(url=url)
    from django.db import connection

    stamp = datetime.now().astimezone()
    document: dict = {"date": stamp.isoformat(timespec="seconds"), "database": connection.vendor}
    if not args.skip_rebuild:
        print("rebuild…", flush=True)
        document["rebuild"] = rebuild()
        print(f"rebuild: {document['rebuild']}", flush=True)
    queries = make_queries(args.queries, random.Random(args.seed))
    document["queries"] = len(queries)
    document["in_process"] = in_process(queries)
    print(f"in-process search ({len(queries)} queries): {document['in_process']}", flush=True)
    if not args.skip_http:
        document["http"] = over_http(queries, url, args.concurrency)
        print(f"GET /search/ over HTTP: {document['http']}", flush=True)
    missed = document["in_process"]["p95_ms"] > SEARCH_P95_MS or (
        "rebuild" in document and document["rebuild"]["seconds"] > REBUILD_SECONDS
    )
    print(
        f"targets: search p95 ≤ {SEARCH_P95_MS:.0f} ms, rebuild ≤ {REBUILD_SECONDS:.0f} s: "
        + ("MISS" if missed else "PASS")
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"search-{stamp:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"results: {path.relative_to(RESULTS.parent.parent)}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
