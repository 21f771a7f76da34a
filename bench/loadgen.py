"""A small closed-loop HTTP/1.1 load generator for 127.0.0.1 only.

``concurrency`` threads each keep one connection open (reopened whenever the server
closes it, as gunicorn's sync workers do after every response) and send the next request
as soon as the previous answer is read. A run stops after ``duration`` seconds or
``max_requests`` requests, whichever comes first.
"""

import http.client
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    expect: int = 200
    verify: Callable[[bytes], bool] | None = None


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def percentile(p: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000, 1)

        return {
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": percentile(50),
            "p95_ms": percentile(95),
            "p99_ms": percentile(99),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0.0,
            "first_error": self.first_error,
        }


def run(
    *,
    port: int,
    next_call: Callable[[int], Call],
    concurrency: int,
    duration: float,
    max_requests: int | None = None,
) -> Result:
    """Drive ``next_call(worker_index)`` from ``concurrency`` threads and time every answer."""
    deadline = time.monotonic() + duration
    budget = itertools.count() if max_requests else None
    results = [Result() for _ in range(concurrency)]

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        result = results[index]
        while time.monotonic() < deadline:
            if budget is not None and next(budget) >= max_requests:
                break
            _one(connection, next_call(index), result)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Result(seconds=time.monotonic() - started)
    for result in results:
        total.requests += result.requests
        total.errors += result.errors
        total.latencies.extend(result.latencies)
        total.first_error = total.first_error or result.first_error
    return total


def _one(connection: http.client.HTTPConnection, call: Call, result: Result) -> None:
    headers = {"Host": f"{HOST}:{connection.port}", **call.headers}
    started = time.perf_counter()
    try:
        connection.request(call.method, call.path, body=call.body, headers=headers)
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        result.errors += 1
        result.first_error = result.first_error or f"{call.method} {call.path}: {error!r}"
        return
    elapsed = time.perf_counter() - started
    result.requests += 1
    result.latencies.append(elapsed)
    if response.status != call.expect or (call.verify and not call.verify(body)):
        result.errors += 1
        result.first_error = result.first_error or (
            f"{call.method} {call.path}: HTTP {response.status} {body[:200]!r}"
        )
