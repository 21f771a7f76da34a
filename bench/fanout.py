"""Measure a notification fan-out: one staff status change on an idea with many followers.

    .venv/bin/python bench/fanout.py [--followers 10000] [--runs 3] [--database-url URL]

On the bench database (seeded by bench/seed_large.py if needed), with an SMTP sink in its
own process, a Redis broker database of its own and one Celery worker (prefork, default
concurrency): a brand manager moves ideas along the pipeline through a real HTTP POST
to gunicorn. First ``--samples`` ideas with ``--sample-followers`` followers each (the
request's latency), then ``--runs`` times the idea with ``--followers`` followers: the
time until every follower's email is in the sink and marked sent. Prints a table and the
targets verdict, writes JSON to bench/results/, then puts the ideas back as seeded.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import RESULTS, ROOT, database_url, setup_django  # noqa: E402
from bench.fanout_support import Fixtures, celery_worker, prepare, restore, smtp_sink  # noqa: E402
from bench.interference import PERIOD, TICKS, _busy_ticks, _processes  # noqa: E402

BROKER_URL = "redis://127.0.0.1:6379/12"
TARGET_SECONDS, TARGET_REQUEST_MS = 30.0, 100.0  # the targets
POLL_SECONDS = 0.2
NOISY_PCT = 15


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=10_000, help="of the fanned-out idea")
    parser.add_argument("--runs", type=int, default=1, help="fan-outs of that idea, one by one")
    parser.add_argument("--samples", type=int, default=20, help="status changes timed first")
    parser.add_argument("--sample-followers", type=int, default=20, help="per sampled idea")
    parser.add_argument(
        "--worker-concurrency", type=int, help="pool processes (default: Celery's, one per CPU)"
    )
    parser.add_argument(
        "--smtp-delay-ms", type=float, default=0, help="the sink's wait before each answer"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per fan-out")
    parser.add_argument("--broker-url", default=BROKER_URL, help="flushed at start")
    parser.add_argument("--skip-seed", action="store_true", help="do not check or seed the data")
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or cocreate_bench")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.samples < 2 or args.followers < 1:
        parser.error("--samples needs at least 2 ideas (warm-up), --followers at least 1")
    return args


def seed(url: str) -> None:
    """bench/seed_large.py in a subprocess: tasks it might queue run eagerly, off our broker."""
    environ = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    script = ROOT / "bench" / "seed_large.py"
    command = [sys.executable, str(script), "--no-progress", "--database-url", url]
    subprocess.run(command, cwd=ROOT, env=environ, check=True)


def _descendants(processes: dict, roots: set[int]) -> set[int]:
    members = set(roots)
    while True:
        children = {pid for pid, (parent, _, _) in processes.items() if parent in members}
        if children <= members:
            return members
        members |= children


class CpuSplit:
    """CPU seconds per role (``roots``: role -> pids whose descendants count for it, the
    first role listed keeps a pid two roles reach), the bench database's backends
    (``database``) and everything else (``other``), sampled like ``interference.Meter``."""

    def __init__(self, roots: dict[str, set[int]], database: str):
        self.roots, self.marker = roots, f" {database} "

    def start(self) -> "CpuSplit":
        self.role: dict[int, str] = {}
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.done = threading.Event()
        self.started, self.busy = time.monotonic(), _busy_ticks()
        self._sample(initial=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.done.wait(PERIOD):
            self._sample()

    def _sample(self, initial: bool = False) -> None:
        processes = _processes()
        for role, pids in self.roots.items():  # in order: the first role to claim a pid
            for pid in _descendants(processes, pids) & processes.keys():
                self.role.setdefault(pid, role)
        for pid, (_, _, command) in processes.items():
            if self.marker in command:
                self.role.setdefault(pid, "database")
        for pid in self.role.keys() & processes.keys():
            self.first.setdefault(pid, processes[pid][1] if initial else 0)
            self.last[pid] = processes[pid][1]

    def stop(self) -> dict[str, float]:
        """Seconds of CPU per role since ``start``, and ``elapsed`` wall seconds."""
        self.done.set()
        self.thread.join()
        self._sample()
        split = Counter()
        for pid, ticks in self.last.items():
            split[self.role[pid]] += ticks - self.first[pid]
        busy = _busy_ticks() - self.busy
        seconds = {role: round(ticks / TICKS, 2) for role, ticks in split.items()}
        seconds["other"] = round(max(0, busy - sum(split.values())) / TICKS, 2)
        seconds["elapsed"] = round(time.monotonic() - self.started, 2)
        return seconds


def move(port: int, visitor, idea) -> tuple[float, float, int]:
    """POST the next move of ``idea`` as the manager: (wall start, seconds, event id)."""
    from ideas.roadmap import Status, can_move
    from notifications.models import Event

    to_status = Status.PLANNED if idea.status == Status.UNDER_REVIEW else Status.UNDER_REVIEW
    assert can_move(idea.status, to_status), (idea.status, to_status)
    body = urlencode({"to_status": to_status, "note": "Bench: moving it along."}).encode()
    headers = {
        **visitor.cookie,
        "X-CSRFToken": visitor.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    wall, started = time.time(), time.perf_counter()
    try:
        connection.request("POST", f"/ideas/{idea.pk}/status/", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        seconds = time.perf_counter() - started
    finally:
        connection.close()
    event = Event.objects.filter(idea=idea).order_by("-pk").first()
    if response.status != 302 or event is None or event.data.get("to") != to_status:
        raise SystemExit(f"The status change of idea {idea.pk} failed ({response.status}).")
    idea.status = to_status
    return wall, seconds, event.pk


def wait_until_sent(sink, event_ids: list[int], expected: int, timeout: float) -> float | None:
    """Wall time at which the sink holds ``expected`` messages and the events' deliveries
    are all sent (polled every 0.2 s), or None after ``timeout`` seconds."""
    from notifications.models import Delivery, DeliveryStatus

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = Delivery.objects.filter(event_id__in=event_ids, status=DeliveryStatus.SENT)
        if sink.stats()["messages"] >= expected and sent.count() >= expected:
            return time.time()
        time.sleep(POLL_SECONDS)
    return None


def warm_up(port: int, fixtures: Fixtures) -> list[int]:
    """Two status changes at once, twice, so that both gunicorn workers have loaded their
    code, templates, database and broker connections before anything is timed."""
    from django.db import connection

    def move_and_close(idea) -> int:
        try:
            return move(port, fixtures.visitor, idea)[2]
        finally:
            connection.close()  # this thread's

    events = []
    for _ in range(2):
        with ThreadPoolExecutor(2) as pool:
            events.extend(pool.map(move_and_close, fixtures.samples[:2]))
        time.sleep(POLL_SECONDS)
    return events


def sample_requests(port: int, fixtures: Fixtures, sink, args) -> list[float]:
    """Time a status change on each sampled idea (0.2 s apart), then let their emails go."""
    timings, events = [], warm_up(port, fixtures)
    for idea in fixtures.samples:
        _, seconds, event_id = move(port, fixtures.visitor, idea)
        timings.append(round(seconds * 1000, 1))
        events.append(event_id)
        time.sleep(POLL_SECONDS)
    if wait_until_sent(sink, events, len(events) * args.sample_followers, args.timeout) is None:
        print("warning: the sampled ideas' emails were not all sent in time")
    return timings


def fan_out(port: int, fixtures: Fixtures, sink, split, args) -> dict:
    """One status change of the followed idea, timed until every email went out."""
    from notifications.models import Event

    Event.objects.filter(idea=fixtures.idea).delete()  # the previous run's rows
    sink.reset()
    expected = len(fixtures.followers)
    split.start()
    wall, seconds, event_id = move(port, fixtures.visitor, fixtures.idea)
    done = wait_until_sent(sink, [event_id], expected, args.timeout)
    cpu = split.stop()
    return _figures(Event.objects.get(pk=event_id), wall, seconds, done, sink, fixtures, cpu)


def _figures(event, wall, seconds, done, sink, fixtures, cpu) -> dict:
    from django.db.models import Count, Max, Q

    from notifications.models import DeliveryStatus

    rows = event.deliveries.aggregate(
        deliveries=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        written_at=Max("created_at"),
        last_sent_at=Max("sent_at"),
    )
    stats, received = sink.stats(), sink.recipients()
    emails = stats["messages"]
    expected = {email.lower() for email in fixtures.followers}

    def since(moment) -> float | None:
        if moment is None:
            return None
        return round((moment.timestamp() if isinstance(moment, datetime) else moment) - wall, 2)

    finished = [since(t) for t in (rows["last_sent_at"], stats["last_at"]) if t is not None]
    complete = done is not None and rows["sent"] == len(expected) == emails
    sending = (stats["last_at"] or 0) - (stats["first_at"] or 0)
    return {
        "followers": len(expected),
        "request_ms": round(seconds * 1000, 1),
        "fan_out_started_s": since(event.fanned_out_at),
        "fanned_out_at_minus_created_at_s": round(
            (event.fanned_out_at - event.created_at).total_seconds(), 2
        ),
        "rows_written_s": since(rows["written_at"]),
        "first_email_s": since(stats["first_at"]),
        "last_email_s": since(stats["last_at"]),
        "completed_s": max(finished) if complete else None,
        "polled_done_s": since(done),
        "emails_per_s": round(emails / sending, 1) if sending > 0 else None,
        "notifications": event.notifications.count(),
        "deliveries": rows["deliveries"],
        "deliveries_sent": rows["sent"],
        "emails": emails,
        "missing_recipients": len(expected - received.keys()),
        "unexpected_recipients": len(received.keys() - expected),
        "duplicate_recipients": stats["duplicate_recipients"],
        "duplicate_message_ids": stats["duplicate_message_ids"],
        "worker_cpu_ms_per_email": round(1000 * cpu.get("worker", 0) / max(emails, 1), 2),
        "sink_cpu_ms_per_email": round(1000 * cpu.get("sink", 0) / max(emails, 1), 2),
        "cpu_seconds": cpu,
    }


def verdict(runs: list[dict], timings: list[float]) -> list[dict]:
    followers = runs[0]["followers"]
    worst = max((run["completed_s"] or float("inf")) for run in runs)
    trigger = max(run["request_ms"] for run in runs)
    every = sorted(timings + [run["request_ms"] for run in runs])
    p95 = every[min(len(every) - 1, int(0.95 * len(every)))]
    correct = all(
        run["notifications"] == run["deliveries_sent"] == run["emails"] == followers
        and not (run["missing_recipients"] or run["unexpected_recipients"])
        and not (run["duplicate_recipients"] or run["duplicate_message_ids"])
        for run in runs
    )
    return [
        {"target": f"fan-out to {followers:,} followers ≤ {TARGET_SECONDS:g} s (slowest run)",
         "value": worst, "passed": worst <= TARGET_SECONDS},
        {"target": f"triggering request ≤ {TARGET_REQUEST_MS:g} ms (slowest run)",
         "value": trigger, "passed": trigger <= TARGET_REQUEST_MS},
        {"target": f"status-change POST p95 ≤ {TARGET_REQUEST_MS:g} ms ({len(every)} POSTs)",
         "value": p95, "passed": p95 <= TARGET_REQUEST_MS},
        {"target": "one notification and one email per follower, no duplicate",
         "value": correct, "passed": correct},
    ]  # fmt: skip


def report(runs: list[dict], timings: list[float], worker, checks: list[dict]) -> None:
    print(f"\nworker: {worker.name}, prefork, concurrency {worker.concurrency}")
    if timings:
        print(
            f"status-change POST on {len(timings)} ideas: p50 {statistics.median(timings):.1f} ms"
            f", max {max(timings):.1f} ms"
        )
    columns = (("req ms", "request_ms"), ("rows s", "rows_written_s"),
               ("1st mail s", "first_email_s"), ("done s", "completed_s"),
               ("mails/s", "emails_per_s"), ("notifs", "notifications"), ("emails", "emails"),
               ("dups", "duplicate_recipients"), ("worker CPU ms/mail", "worker_cpu_ms_per_email"),
               ("sink CPU ms/mail", "sink_cpu_ms_per_email"))  # fmt: skip
    print("\nrun " + " ".join(head for head, _ in columns) + "  CPU s: worker/sink/db/other")
    for number, run in enumerate(runs, 1):
        values = " ".join(
            f"{'—' if run[key] is None else run[key]:>{len(head)}}" for head, key in columns
        )
        cpu = run["cpu_seconds"]
        shares = "/".join(f"{cpu.get(role, 0):.1f}" for role in ("worker", "sink", "database"))
        print(f"{number:>3} {values}  {shares}/{cpu['other']:.1f} in {cpu['elapsed']:.1f}")
        if 100 * cpu["other"] / cpu["elapsed"] > NOISY_PCT:
            print(f"    warning: other processes took more than {NOISY_PCT}% of a core")
    print("targets:")
    for check in checks:
        print(f"  {'PASS' if check['passed'] else 'MISS'}  {check['target']} ({check['value']})")


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the processes, restore
    url = args.database_url or database_url()
    if not args.skip_seed:
        seed(url)
    os.environ["REDIS_URL"] = args.broker_url  # gunicorn, the worker and our Celery app
    setup_django(url)
    import redis
    from django.db import connection

    from bench import server
    from bench.run import machine

    redis.Redis.from_url(args.broker_url).flushdb()
    host, stamp = machine(), datetime.now().astimezone()
    fixtures = prepare(
        followers=args.followers, samples=args.samples, sample_followers=args.sample_followers
    )
    runs, timings = [], []
    try:
        with ExitStack() as stack:
            sink = stack.enter_context(smtp_sink(delay_ms=args.smtp_delay_ms))
            worker = stack.enter_context(
                celery_worker(database_url=url, broker_url=args.broker_url, smtp_port=sink.port,
                              log_path=RESULTS / f"fanout-worker-{stamp:%Y%m%d-%H%M%S}.log",
                              concurrency=args.worker_concurrency)
            )  # fmt: skip
            running = stack.enter_context(
                server.gunicorn(server.ServerConfig(), database_url=url,
                                log_path=RESULTS / f"fanout-gunicorn-{stamp:%Y%m%d-%H%M%S}.log")
            )  # fmt: skip
            print(f"worker ready ({worker.concurrency} processes), gunicorn on {running.port}")
            timings = sample_requests(running.port, fixtures, sink, args)
            roots = {"worker": {worker.pid}, "gunicorn": {running.pid},
                     "sink": {sink.process.pid}, "bench": {os.getpid()}}  # fmt: skip
            split = CpuSplit(roots, connection.settings_dict["NAME"])
            for number in range(1, args.runs + 1):
                runs.append(fan_out(running.port, fixtures, sink, split, args))
                print(f"  run {number}: done in {runs[-1]['completed_s']} s", flush=True)
    finally:
        from django.contrib.sessions.models import Session

        restore([fixtures.idea, *fixtures.samples], fixtures.manager)
        Session.objects.filter(session_key=fixtures.visitor.session_key).delete()
    checks = verdict(runs, timings)
    report(runs, timings, worker, checks)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"fanout-{stamp:%Y%m%d-%H%M%S}.json"
    settings = {k: v for k, v in vars(args).items() if k != "database_url"}
    document = {"date": stamp.isoformat(timespec="seconds"), "machine": host, "args": settings,
                "worker": {"pool": "prefork", "concurrency": worker.concurrency},
                "sample_request_ms": timings, "runs": runs, "targets": checks}  # fmt: skip
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"results: {path.relative_to(ROOT)}")
    missed = not all(check["passed"] for check in checks)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
