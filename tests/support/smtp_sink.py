"""A real SMTP server (aiosmtpd) in a thread that records every message it accepts."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def recipient(self) -> str:
        return self.rcpt_tos[0]

    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()


@dataclass
class _Recorder:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = None
    refusals: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.arrived = threading.Condition(self.lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.refusals.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


class SMTPSink:
    """``with SMTPSink() as sink:`` serves on ``sink.port`` until the block ends."""

    def __init__(self):
        self.port = free_port()
        self._recorder = _Recorder()
        self._controller = Controller(self._recorder, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SMTPSink":
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._controller.stop()

    def refuse(self, address: str, reply: str) -> None:
        """Answer RCPT TO ``address`` with ``reply`` (e.g. "550 No such user") from now on."""
        self._recorder.refusals[address] = reply

    def accept(self, address: str) -> None:
        self._recorder.refusals.pop(address, None)

    @property
    def messages(self) -> list[Received]:
        with self._recorder.lock:
            return list(self._recorder.received)

    def wait_for(self, count: int, timeout: float = 60) -> list[Received]:
        """Block until at least ``count`` messages arrived (or ``timeout``); return them all."""
        with self._recorder.arrived:
            self._recorder.arrived.wait_for(
                lambda: len(self._recorder.received) >= count, timeout=timeout
            )
            return list(self._recorder.received)
