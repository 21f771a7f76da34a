"""Measure Cocreate under load on a large data set: ``make bench`` (``BENCH_ARGS=...``).

Seeds the bench database if needed (bench/seed_large.py), logs bench users in, starts
gunicorn on a free 127.0.0.1 port and, for each endpoint, warms up then measures for a fixed
time: /healthz (the ceiling), a challenge page (page 1 and a deep page), an idea page,
the vote POST and a brand's roadmap. Prints a table and the targets verdict, writes JSON to
bench/results/, then withdraws the votes it left and deletes its sessions.
"""

import argparse
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import RESULTS, database_url, setup_django  # noqa: E402
from bench.server import ServerConfig  # noqa: E402

LABELS = {
    "healthz": "GET /healthz (ceiling)",
    "challenge": "GET challenge page 1",
    "challenge_deep": "GET challenge deep page",
    "idea": "GET idea page",
    "vote": "POST vote (JSON)",
    "roadmap": "GET brand roadmap",
}
AT_MOST, AT_LEAST = "at most", "at least"
TARGETS = (
    ("challenge", "p95_ms", AT_MOST, 60.0, "challenge page p95 ≤ 60 ms"),
    ("challenge_deep", "p95_ms", AT_MOST, 60.0, "challenge deep page p95 ≤ 60 ms"),
    ("idea", "p95_ms", AT_MOST, 40.0, "idea page p95 ≤ 40 ms"),
    ("vote", "ceiling_pct", AT_LEAST, 40.0, "vote POST ≥ 40% of /healthz throughput"),
    ("roadmap", "p95_ms", AT_MOST, 60.0, "roadmap page p95 ≤ 60 ms"),
)
NOISY_PCT = 15
WORKER_CLASSES = ("sync", "gthread")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds measured per endpoint")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of warm-up per endpoint")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per endpoint")
    parser.add_argument(
        "--concurrency", type=int, help="client connections (default: one per worker)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument(
        "--worker-class", choices=[*WORKER_CLASSES, "both"], default="sync",
        help="'both' measures sync then gthread",
    )  # fmt: skip
    parser.add_argument("--only", default=",".join(LABELS), help="comma-separated endpoints")
    parser.add_argument("--visitors", type=int, default=400, help="logged-in bench users")
    parser.add_argument("--pool", type=int, default=5_000, help="ideas visited and voted on")
    parser.add_argument("--skip-seed", action="store_true", help="do not check or seed the data")
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or cocreate_bench")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or args.workers
    args.only = [name for name in args.only.split(",") if name]
    unknown = set(args.only) - set(LABELS)
    if unknown:
        parser.error(f"unknown endpoints: {', '.join(sorted(unknown))}")
    return args


def measure(server, endpoints, args) -> dict:
    from django.db import connection

    from bench import loadgen
    from bench.interference import Meter

    calls = endpoints.calls()
    results, meter = {}, Meter()
    roots, database = {os.getpid(), server.pid}, connection.settings_dict["NAME"]
    for name in args.only:
        common = {"port": server.port, "next_call": calls[name], "concurrency": args.concurrency}
        loadgen.run(**common, duration=args.warmup)
        meter.start(roots, database)
        result = loadgen.run(**common, duration=args.duration, max_requests=args.max_requests)
        results[name] = {**result.summary(), "other_cpu_pct": meter.stop()}
        print(f"  {LABELS[name]:<26} {results[name]['rps']:>8.1f} req/s", flush=True)
    if "vote" in results and results.get("healthz", {}).get("rps"):
        share = 100 * results["vote"]["rps"] / results["healthz"]["rps"]
        results["vote"]["ceiling_pct"] = round(share, 1)
    return results


def verdict(results: dict, targets=TARGETS) -> list[dict]:
    """Each target met or missed (a run with errors misses); ``targets`` as ``TARGETS``."""
    lines = []
    for name, metric, direction, limit, text in targets:
        if metric not in results.get(name, {}):
            continue
        value = results[name][metric]
        passed = value <= limit if direction == AT_MOST else value >= limit
        passed = passed and results[name]["errors"] == 0
        lines.append({"target": text, "value": value, "passed": passed})
    return lines


def report(label: str, results: dict, checks: list[dict]) -> None:
    print(f"\n{label}")
    print(
        f"{'endpoint':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'other CPU':>10}"
    )
    for name, row in results.items():
        print(
            f"{LABELS[name]:<26} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['errors']:>7} {row['other_cpu_pct']:>9.0f}%"
        )
        if row["first_error"]:
            print(f"    first error: {row['first_error']}")
    if "ceiling_pct" in results.get("vote", {}):
        print(f"vote POST throughput = {results['vote']['ceiling_pct']}% of /healthz")
    noisy = [LABELS[name] for name, row in results.items() if row["other_cpu_pct"] > NOISY_PCT]
    if noisy:
        print(
            f"warning: other processes used more than {NOISY_PCT}% of a core while measuring "
            f"{', '.join(noisy)}: those figures are pessimistic."
        )
    print("targets:")
    for check in checks:
        print(f"  {'PASS' if check['passed'] else 'MISS'}  {check['target']} ({check['value']})")


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (postgres,) = cursor.fetchone()
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "load_average_before": round(os.getloadavg()[0], 2),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.database_url or database_url()
    data = {}
    if args.skip_seed:
        setup_django(url)
    else:
        from bench.seed_large import seed

        data = seed(url=url)
    from bench import scenarios, server

    host = machine()
    fixtures = scenarios.prepare(visitors=args.visitors, pool=args.pool)
    endpoints = scenarios.Endpoints(fixtures, concurrency=args.concurrency)
    stamp = datetime.now().astimezone()
    classes = WORKER_CLASSES if args.worker_class == "both" else (args.worker_class,)
    runs, missed = [], False
    try:
        for worker_class in classes:
            config = ServerConfig(worker_class, args.workers, args.threads)
            print(f"\n{config.label}, {args.concurrency} client connections", flush=True)
            log = RESULTS / f"gunicorn-{stamp:%Y%m%d-%H%M%S}.log"
            with server.gunicorn(config, database_url=url, log_path=log) as running:
                results = measure(running, endpoints, args)
            checks = verdict(results)
            missed = missed or not all(check["passed"] for check in checks)
            runs.append({"server": config.label, "results": results, "targets": checks})
    finally:
        state = endpoints.restore()
    for run in runs:
        report(run["server"], run["results"], run["targets"])
    print(f"\nafter the run: {state}")
    path = RESULTS / f"bench-{stamp:%Y%m%d-%H%M%S}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    settings = {k: v for k, v in vars(args).items() if k != "database_url"}
    document = {"date": stamp.isoformat(timespec="seconds"), "machine": host,
                "args": settings, "data": data, "runs": runs, "after": state}  # fmt: skip
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"results: {path.relative_to(RESULTS.parent.parent)}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
