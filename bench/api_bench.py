"""Measure the REST API on the bench data set (bench/README.md): the idea list of the
biggest challenge and the vote PUT/DELETE, against /healthz (the minimal view).

    .venv/bin/python bench/api_bench.py [--duration 20] [--workers 2] [--skip-seed]

Bench users get personal API tokens through ``api.services.create_personal_token``;
they are revoked, and every vote left is withdrawn, at the end. The write rate limits are
lifted for the server (``API_WRITE_RATE_*``): the bench measures the view, not the
throttle. The vote lane alternates PUT (a pair without a vote) and DELETE (the same pair),
like ``bench/run.py``'s web vote, and both count. Prints a table, writes JSON to
bench/results/api-*.json.
"""

import argparse
import json
import os
import random
import sys
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import RESULTS, database_url, setup_django  # noqa: E402
from bench.run import AT_LEAST, AT_MOST, verdict  # noqa: E402

LABELS = {
    "healthz": "GET /healthz (ceiling)",
    "list_anon": "GET ideas?challenge (anon)",
    "list": "GET ideas?challenge (token)",
    "list_top": "GET ideas?…&sort=top",
    "list_page2": "GET ideas?… next page",
    "vote": "PUT/DELETE vote",
}
TARGETS = (
    ("list", "p95_ms", AT_MOST, 50.0, "API idea list p95 ≤ 50 ms"),
    ("list_anon", "p95_ms", AT_MOST, 50.0, "API idea list (anonymous) p95 ≤ 50 ms"),
    ("vote", "ceiling_pct", AT_LEAST, 40.0, "API vote ≥ 40% of /healthz throughput"),
)
TOKEN_NAME = "api-bench"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int)
    parser.add_argument("--visitors", type=int, default=200, help="bench users with a token")
    parser.add_argument("--pool", type=int, default=5_000, help="ideas voted on")
    parser.add_argument("--only", default=",".join(LABELS))
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args(argv)
    args.concurrency = args.concurrency or args.workers
    args.only = [name for name in args.only.split(",") if name]
    if set(args.only) - set(LABELS):
        parser.error(f"unknown endpoints: {', '.join(sorted(set(args.only) - set(LABELS)))}")
    return args


class ApiEndpoints:
    """Per-worker ``next_call`` functions; call ``prepare`` after ``django.setup()``."""

    def __init__(
        self,
        *,
        visitors: int,
        pool: int,
        concurrency: int,
        seed: int = 13,
        vote_path: str = "/api/v1/ideas/{id}/vote",
    ):
        from django.db.models import Count

        from accounts.models import User
        from api.services import create_personal_token
        from bench.editorial import EMAIL_DOMAIN
        from ideas.models import Idea, Vote

        biggest = (
            Idea.objects.filter(challenge__brand__slug__startswith="bench-")
            .values("challenge")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if biggest is None:
            raise SystemExit("No bench ideas: run bench/seed_large.py first.")
        self.challenge_id, self.challenge_ideas = biggest["challenge"], biggest["n"]
        rng = random.Random(seed)
        ids = list(
            Idea.objects.filter(
                challenge__brand__slug__startswith="bench-", is_public=True
            ).values_list("pk", flat=True)
        )
        self.ideas = sorted(rng.sample(ids, min(pool, len(ids))))
        users = list(
            User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk")[:visitors]
        )
        self.tokens = []
        self.secrets: dict[int, str] = {}
        for user in users:
            token, secret = create_personal_token(user=user, name=TOKEN_NAME)
            self.tokens.append(token)
            self.secrets[user.pk] = secret
        self.seeded = set(
            Vote.objects.filter(user__in=users, idea_id__in=self.ideas).values_list(
                "user_id", "idea_id"
            )
        )
        self.votes_before = Vote.objects.count()
        user_ids = list(self.secrets)
        self.lanes = [user_ids[w::concurrency] for w in range(concurrency)]
        self.rngs = [random.Random(seed + w) for w in range(concurrency)]
        self.pending: list[tuple[int, int] | None] = [None] * concurrency
        self.page2 = ""
        self.vote_path = vote_path

    def headers(self, user_id: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secrets[user_id]}", "Accept": "application/json"}

    def calls(self) -> dict:
        from bench.loadgen import Call

        listing = f"/api/v1/ideas/?challenge={self.challenge_id}"

        def authed(path):
            return lambda w: Call(
                "GET", path, headers=self.headers(self.rngs[w].choice(self.lanes[w]))
            )

        return {
            "healthz": lambda w: Call("GET", "/healthz"),
            "list_anon": lambda w: Call("GET", listing, verify=_has_results),
            "list": lambda w: Call(
                "GET",
                listing,
                headers=self.headers(self.rngs[w].choice(self.lanes[w])),
                verify=_has_results,
            ),  # fmt: skip
            "list_top": authed(f"{listing}&sort=top"),
            "list_page2": lambda w: Call("GET", self.page2 or listing, verify=_has_results),
            "vote": self._vote,
        }

    def find_page2(self, port: int) -> None:
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/api/v1/ideas/?challenge={self.challenge_id}")
        next_url = json.loads(connection.getresponse().read())["next"]
        connection.close()
        self.page2 = next_url.split(f":{port}", 1)[1] if next_url else ""

    def _vote(self, worker: int):
        from bench.loadgen import Call

        if self.pending[worker] is not None:
            user_id, idea_id = self.pending[worker]
            self.pending[worker] = None
            return Call(
                "DELETE",
                self.vote_path.format(id=idea_id),
                headers=self.headers(user_id),
                expect=204,
            )
        rng = self.rngs[worker]
        while True:
            user_id, idea_id = rng.choice(self.lanes[worker]), rng.choice(self.ideas)
            if (user_id, idea_id) not in self.seeded:
                break
        self.pending[worker] = (user_id, idea_id)
        return Call(
            "PUT", self.vote_path.format(id=idea_id), headers=self.headers(user_id),
            verify=lambda body: json.loads(body).get("viewer_has_voted") is True,
        )  # fmt: skip

    def restore(self) -> dict:
        from django.db.models import Count, F

        from accounts.models import User
        from api.services import revoke_token
        from ideas import services
        from ideas.models import Idea, Vote

        for pending in filter(None, self.pending):
            user_id, idea_id = pending
            services.withdraw_vote(
                user=User.objects.get(pk=user_id), idea=Idea.objects.get(pk=idea_id)
            )
        self.pending = [None] * len(self.pending)
        for token in self.tokens:
            revoke_token(actor=token.user, token=token)
        drift = (
            Idea.objects.filter(pk__in=self.ideas)
            .annotate(rows=Count("votes"))
            .exclude(vote_count=F("rows"))
            .count()
        )
        return {
            "votes_restored": Vote.objects.count() == self.votes_before,
            "counters_consistent": drift == 0,
            "tokens_revoked": len(self.tokens),
        }


def _has_results(body: bytes) -> bool:
    return len(json.loads(body)["results"]) > 0


def main(argv=None) -> int:
    args = parse_args(argv)
    url = database_url()
    if args.skip_seed:
        setup_django(url)
    else:
        from bench.seed_large import seed

        seed(url=url)
    from bench import loadgen, server
    from bench.run import machine

    os.environ["API_WRITE_RATE_USER"] = os.environ["API_WRITE_RATE_IP"] = "1000000/min"
    host = machine()
    endpoints = ApiEndpoints(visitors=args.visitors, pool=args.pool, concurrency=args.concurrency)
    stamp = datetime.now().astimezone()
    config = server.ServerConfig("sync", args.workers)
    results = {}
    print(
        f"{config.label}, {args.concurrency} connections; challenge {endpoints.challenge_id} "
        f"({endpoints.challenge_ideas} ideas)",
        flush=True,
    )
    try:
        log = RESULTS / f"api-gunicorn-{stamp:%Y%m%d-%H%M%S}.log"
        with server.gunicorn(config, database_url=url, log_path=log) as running:
            endpoints.find_page2(running.port)
            calls = endpoints.calls()
            for name in args.only:
                common = {
                    "port": running.port,
                    "next_call": calls[name],
                    "concurrency": args.concurrency,
                }
                loadgen.run(**common, duration=args.warmup)
                result = loadgen.run(
                    **common, duration=args.duration, max_requests=args.max_requests
                )
                results[name] = result.summary()
                print(f"  {LABELS[name]:<30} {results[name]['rps']:>8.1f} req/s", flush=True)
    finally:
        state = endpoints.restore()
    if results.get("healthz", {}).get("rps") and "vote" in results:
        results["vote"]["ceiling_pct"] = round(
            100 * results["vote"]["rps"] / results["healthz"]["rps"], 1
        )
    checks = verdict(results, TARGETS)
    print(
        f"\n{'endpoint':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for name, row in results.items():
        print(
            f"{LABELS[name]:<30} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['errors']:>7}"
        )
        if row["first_error"]:
            print(f"    first error: {row['first_error']}")
    if "ceiling_pct" in results.get("vote", {}):
        print(f"vote PUT/DELETE throughput = {results['vote']['ceiling_pct']}% of /healthz")
    for check in checks:
        print(f"  {'PASS' if check['passed'] else 'MISS'}  {check['target']} ({check['value']})")
    print(f"after the run: {state}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"api-{stamp:%Y%m%d-%H%M%S}.json"
    document = {
        "date": stamp.isoformat(timespec="seconds"), "machine": host, "args": vars(args),
        "challenge": {"id": endpoints.challenge_id, "ideas": endpoints.challenge_ideas},
        "server": config.label, "results": results, "targets": checks, "after": state,
    }  # fmt: skip
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"results: {path.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
