"""Start gunicorn on a free 127.0.0.1 port with the bench environment, and stop it."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.bootstrap import ROOT, bench_environ


@dataclass(frozen=True)
class ServerConfig:
    """Default: 2 sync workers, one per core; see bench/README.md for sync against gthread."""

    worker_class: str = "sync"
    workers: int = 2
    threads: int = 4

    @property
    def label(self) -> str:
        if self.worker_class == "gthread":
            return f"gthread, {self.workers} workers × {self.threads} threads"
        return f"{self.worker_class}, {self.workers} workers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Running:
    port: int
    pid: int


@contextmanager
def gunicorn(config: ServerConfig, *, database_url: str, log_path: Path, settings_module: str = ""):
    """Yield the port and pid of a gunicorn serving ``cocreate.wsgi``; stop it on exit.

    ``settings_module`` replaces ``cocreate.settings`` (``bench/vote_floor.py`` adds views).
    """
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "cocreate.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(config.workers),
        "--worker-class", config.worker_class,
        "--threads", str(config.threads if config.worker_class == "gthread" else 1),
        "--backlog", "512",
        "--keep-alive", "5",
        "--log-level", "warning",
    ]  # fmt: skip
    environ = {**os.environ, **bench_environ(database_url)}
    if settings_module:
        environ["DJANGO_SETTINGS_MODULE"] = settings_module
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log, stderr=log)
    try:
        _wait_until_ready(port, process)
        yield Running(port, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {process.returncode}: see its log.")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise SystemExit("gunicorn did not answer /healthz within a minute.")
