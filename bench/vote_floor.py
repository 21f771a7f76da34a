"""How fast can any durable vote be here? The floor under the 40 %-of-/healthz target.

    .venv/bin/python bench/vote_floor.py [--duration 20] [--workers 2] [--concurrency 2]

Serves the app with ``bench/floor_urls.py`` in front (one plain Django view, one SQL
statement per vote: see that module) and measures, on the same gunicorn, ``/healthz``, that
floor vote and the real ``PUT``/``DELETE /api/v1/ideas/{id}/vote``, with the lanes of
``bench/api_bench.py`` (bench users' tokens, PUT then DELETE of the same pair). Prints each
as a share of ``/healthz``; writes JSON to bench/results/floor-*.json.
"""

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import RESULTS, database_url, setup_django  # noqa: E402

LANES = {
    "healthz": "GET /healthz",
    "floor": "floor vote (1 statement)",
    "api": "API vote (the product)",
}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int)
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or args.workers
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    url = database_url()
    setup_django(url)
    from bench import loadgen, server
    from bench.api_bench import ApiEndpoints
    from bench.loadgen import Call
    from ideas.models import Vote

    os.environ["API_WRITE_RATE_USER"] = os.environ["API_WRITE_RATE_IP"] = "1000000/min"
    lanes = {
        "floor": ApiEndpoints(
            visitors=200,
            pool=5_000,
            concurrency=args.concurrency,
            vote_path="/bench-floor/ideas/{id}/vote",
        ),
        "api": ApiEndpoints(visitors=200, pool=5_000, concurrency=args.concurrency, seed=29),
    }
    calls = {
        "healthz": lambda w: Call("GET", "/healthz"),
        "floor": lanes["floor"].calls()["vote"],
        "api": lanes["api"].calls()["vote"],
    }
    config = server.ServerConfig("sync", args.workers)
    stamp = datetime.now().astimezone()
    results = {}
    print(f"{config.label}, {args.concurrency} connections", flush=True)
    try:
        log = RESULTS / f"floor-gunicorn-{stamp:%Y%m%d-%H%M%S}.log"
        with server.gunicorn(
            config, database_url=url, log_path=log, settings_module="bench.floor_settings"
        ) as running:
            for name, next_call in calls.items():
                common = {"port": running.port, "next_call": next_call}
                loadgen.run(**common, concurrency=args.concurrency, duration=args.warmup)
                result = loadgen.run(**common, concurrency=args.concurrency, duration=args.duration)
                results[name] = result.summary()
    finally:
        states = {name: lane.restore() for name, lane in lanes.items()}
        votes_restored = Vote.objects.count() == lanes["floor"].votes_before
    states = {name: state | {"votes_restored": votes_restored} for name, state in states.items()}
    ceiling = results["healthz"]["rps"]
    print(
        f"\n{'lane':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'of /healthz':>12}"
    )
    for name, row in results.items():
        row["ceiling_pct"] = round(100 * row["rps"] / ceiling, 1) if ceiling else 0.0
        print(
            f"{LANES[name]:<28} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['errors']:>7} {row['ceiling_pct']:>11.1f}%"
        )
        if row["first_error"]:
            print(f"    first error: {row['first_error']}")
    print(f"after the run: {states}")
    out = RESULTS / f"floor-{stamp:%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps({"when": stamp.isoformat(), "results": results, "after": states}))
    print(f"results: {out.relative_to(RESULTS.parent.parent)}")
    return 0 if all(row["errors"] == 0 for row in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
