"""What bench/fanout.py stands on: an SMTP sink, one Celery worker, and its data.

The sink runs in its own process (``python -m bench.fanout_support sink``), so the
bench's polling never shares a GIL with it. It accepts every message on a free 127.0.0.1
port, keeps a count per recipient and per Message-ID (not the messages), and answers
``stats``, ``recipients`` and ``reset`` on a second, line-based control port. With
``--delay-ms`` it waits that long before answering MAIL, RCPT and the end of DATA, as a
relay across a network would.

The data (followers, a brand manager) is made once and reused; ``restore`` puts the ideas
the bench moves back as seeded.
"""

import argparse
import asyncio
import json
import os
import re
import select
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.bootstrap import ROOT, bench_environ

CELERY = Path(sys.executable).with_name("celery")
_MESSAGE_ID = re.compile(rb"^message-id:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


# The sink process.


@dataclass
class _Tally:
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    recipients: Counter = field(default_factory=Counter)
    message_ids: Counter = field(default_factory=Counter)
    messages: int = 0
    first_at: float | None = None
    last_at: float | None = None

    async def handle_MAIL(self, server, session, envelope, address, options):
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return await self._answer("250 OK")

    async def handle_RCPT(self, server, session, envelope, address, options):
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return await self._answer("250 OK")

    async def _answer(self, status: str) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        return status

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        headers = envelope.content.split(b"\r\n\r\n", 1)[0]
        found = _MESSAGE_ID.search(headers)
        with self.lock:
            self.messages += 1
            self.first_at = self.first_at or now
            self.last_at = now
            self.recipients.update(address.lower() for address in envelope.rcpt_tos)
            self.message_ids[found.group(1).decode() if found else ""] += 1
        return await self._answer("250 Message accepted for delivery")

    def stats(self) -> dict:
        with self.lock:
            return {
                "messages": self.messages,
                "recipients": len(self.recipients),
                "duplicate_recipients": sum(n - 1 for n in self.recipients.values() if n > 1),
                "duplicate_message_ids": sum(n - 1 for n in self.message_ids.values() if n > 1),
                "first_at": self.first_at,
                "last_at": self.last_at,
                "cpu_seconds": round(time.process_time(), 3),
            }

    def reset(self) -> None:
        with self.lock:
            self.recipients.clear()
            self.message_ids.clear()
            self.messages, self.first_at, self.last_at = 0, None, None


def serve_sink(delay_ms: float) -> None:
    """Serve SMTP and the control port; print both ports as one JSON line once ready."""
    from aiosmtpd.controller import Controller

    tally = _Tally(delay=delay_ms / 1000)
    smtp_port = _free_port()
    controller = Controller(tally, hostname="127.0.0.1", port=smtp_port)

    class Control(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                command = line.strip().decode()
                if command == "stats":
                    answer = tally.stats()
                elif command == "recipients":
                    with tally.lock:
                        answer = dict(tally.recipients)
                elif command == "reset":
                    tally.reset()
                    answer = {"reset": True}
                else:
                    answer = {"error": f"unknown command {command!r}"}
                self.wfile.write(json.dumps(answer).encode() + b"\n")
                self.wfile.flush()

    controller.start()
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Control) as control:
        control.daemon_threads = True
        ports = {"smtp_port": smtp_port, "control_port": control.server_address[1]}
        print(json.dumps(ports), flush=True)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=control.shutdown).start())
        try:
            control.serve_forever()
        finally:
            controller.stop()


# The bench's side.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, then SIGKILL to the process group this bench created for it."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only its children
    except ProcessLookupError:
        pass
    process.wait()


class Sink:
    """The bench's handle on the sink process: its SMTP port and its counters."""

    def __init__(self, process: subprocess.Popen, smtp_port: int, control_port: int):
        self.process, self.port = process, smtp_port
        self._control = socket.create_connection(("127.0.0.1", control_port), timeout=10)
        self._answers = self._control.makefile("rb")

    def _ask(self, command: str):
        self._control.sendall(command.encode() + b"\n")
        return json.loads(self._answers.readline())

    def stats(self) -> dict:
        return self._ask("stats")

    def recipients(self) -> dict[str, int]:
        return self._ask("recipients")

    def reset(self) -> None:
        self._ask("reset")

    def close(self) -> None:
        self._answers.close()
        self._control.close()


@contextmanager
def smtp_sink(*, delay_ms: float = 0, timeout: float = 15):
    """Start the sink process; yield a ``Sink``; stop it on exit (also on Ctrl+C)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.fanout_support", "sink", f"--delay-ms={delay_ms}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    sink = None
    try:
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        line = process.stdout.readline() if ready else b""
        if not line:
            raise SystemExit("The SMTP sink did not start.")
        sink = Sink(process, **json.loads(line))
        yield sink
    finally:
        if sink is not None:
            sink.close()
        _stop(process, timeout=5)


@dataclass(frozen=True)
class Worker:
    pid: int
    name: str
    concurrency: int
    children: list[int]


@contextmanager
def celery_worker(
    *, database_url: str, broker_url: str, smtp_port: int, log_path: Path, concurrency=None
):
    """One ``celery -A cocreate worker`` (prefork; ``concurrency`` child processes, by
    default one per CPU) until the block ends.

    Ready when it answers a remote-control ping; its pool size comes from ``inspect stats``.
    Import after ``django.setup()`` with ``REDIS_URL`` set to ``broker_url``.
    """
    from cocreate.celery import app

    name = f"fanout-bench-{os.getpid()}@{socket.gethostname()}"
    environ = {
        **os.environ,
        **bench_environ(database_url),
        "REDIS_URL": broker_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
    }
    command = [str(CELERY), "-A", "cocreate", "worker", "--loglevel=WARNING", "-n", name]
    if concurrency:
        command.append(f"--concurrency={concurrency}")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=log, stderr=log, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[name], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The Celery worker did not start: see {log_path}.")
        pool = app.control.inspect(destination=[name], timeout=5).stats()[name]["pool"]
        yield Worker(process.pid, name, pool["max-concurrency"], list(pool["processes"]))
    finally:
        _stop(process, timeout=30)


# The data.

FOLLOWER_DOMAIN = "followers.cocreate.bench"
MANAGER_EMAIL = "bench-fanout-manager@staff.cocreate.bench"
FIRST_NAMES = ("Alice", "Bilal", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Inès")


@dataclass
class Fixtures:
    manager: object
    visitor: object
    idea: object
    samples: list
    followers: dict[str, int]  # email -> user id, the first ``--followers`` follow ``idea``


def follower_email(number: int) -> str:
    return f"bench-follower-{number:05d}@{FOLLOWER_DOMAIN}"


def prepare(*, followers: int, samples: int, sample_followers: int) -> Fixtures:
    """Users, follows and a manager (made once, reused), the ideas back as seeded.

    The followed idea and the ``samples`` others are the first ideas under review or
    planned of the first bench brand: each can move to the other status and back.
    """
    from brands.models import Brand
    from ideas.models import Idea
    from ideas.roadmap import Status

    brand = Brand.objects.filter(slug__startswith="bench-").order_by("pk").first()
    if brand is None:
        raise SystemExit("No bench brand: run bench/seed_large.py first.")
    ideas = list(
        Idea.objects.filter(
            brand=brand,
            status__in=[Status.UNDER_REVIEW, Status.PLANNED],
            first_response_at__isnull=False,
        ).order_by("pk")[: 1 + samples]
    )
    if len(ideas) < 1 + samples:
        raise SystemExit(f"Only {len(ideas)} ideas under review or planned in {brand}.")
    manager = _ensure_manager(brand)
    restore(ideas, manager)
    users = list(_ensure_followers(max(followers, sample_followers)).items())
    _ensure_follows(ideas[0], [pk for _, pk in users[:followers]])
    for sample in ideas[1:]:
        _ensure_follows(sample, [pk for _, pk in users[:sample_followers]])
    from bench.scenarios import _log_in

    return Fixtures(manager, _log_in(manager), ideas[0], ideas[1:], dict(users[:followers]))


def _ensure_manager(brand):
    from accounts.models import User
    from brands.models import Role
    from brands.services import set_membership

    manager, _ = User.objects.get_or_create(
        email=MANAGER_EMAIL,
        defaults={"username": "bench-fanout-manager", "display_name": "Fan-out Manager"},
    )
    set_membership(brand=brand, user=manager, role=Role.MANAGER)
    return manager


def _ensure_followers(count: int) -> dict[str, int]:
    """email -> id of ``count`` active followers with the default notification settings.

    They never log in: no password, no verified address row.
    """
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from notifications.models import NotificationSetting

    emails = [follower_email(n) for n in range(count)]
    existing = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    missing = [(n, email) for n, email in enumerate(emails) if email not in existing]
    created = User.objects.bulk_create(
        [
            User(
                email=email,
                username=email.split("@")[0],
                display_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {chr(65 + n % 26)}.",
                password=make_password(None),
            )
            for n, email in missing
        ],
        batch_size=2_000,
    )
    existing.update({user.email: user.pk for user in created})
    User.objects.filter(pk__in=existing.values(), is_active=False).update(is_active=True)
    NotificationSetting.objects.filter(user_id__in=existing.values()).delete()
    return {email: existing[email] for email in emails}


def _ensure_follows(idea, user_ids: list[int]) -> None:
    """Exactly ``user_ids`` follow ``idea``."""
    from notifications.models import Follow, FollowReason

    Follow.objects.filter(idea=idea).exclude(user_id__in=user_ids).delete()
    Follow.objects.bulk_create(
        [Follow(user_id=pk, idea=idea, reason=FollowReason.VOTER) for pk in user_ids],
        batch_size=2_000,
        ignore_conflicts=True,
    )
    Follow.objects.filter(idea=idea, is_active=False).update(is_active=True)


def restore(ideas, manager) -> None:
    """Drop the events, notifications, deliveries and moves of earlier runs on ``ideas``;
    give each idea back the status of its last seeded move."""
    from django.db import transaction

    from ideas.models import Idea, StatusChange
    from notifications.models import Event

    with transaction.atomic():
        Event.objects.filter(idea__in=ideas).delete()
        StatusChange.objects.filter(idea__in=ideas, changed_by=manager).delete()
        for idea in ideas:
            last = StatusChange.objects.filter(idea=idea).order_by("created_at", "pk").last()
            Idea.objects.filter(pk=idea.pk).update(
                status=last.to_status, status_changed_at=last.created_at
            )
            idea.status = last.to_status


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The fan-out bench's SMTP sink.")
    parser.add_argument("role", choices=["sink"])
    parser.add_argument("--delay-ms", type=float, default=0.0)
    serve_sink(parser.parse_args().delay_ms)
