"""A real Celery worker in a subprocess, on the local Redis and the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


def database_url() -> str:
    """The URL of the database the tests use (the test database, not DATABASE_URL's)."""
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{params['NAME']}"
    )


class CeleryWorker:
    """``worker.start()`` runs ``celery -A cocreate worker`` until ``stop()`` or ``kill()``.

    ``--pool=solo`` makes the worker a single process, so SIGKILL kills all of it.
    """

    def __init__(self, *, broker_url: str, smtp_port: int, log_path: Path, **env):
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "SITE_URL": settings.WAGTAILADMIN_BASE_URL,
            **{key: str(value) for key, value in env.items()},
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "CeleryWorker":
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "cocreate", "worker", "--pool=solo", "--loglevel=INFO"]
            + ["--without-mingle", "--without-gossip", "--without-heartbeat"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.log_path.read_bytes()[offset:]:
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError("Celery worker did not start:\n" + self.log_path.read_text())

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, as a crash or an OOM kill."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
