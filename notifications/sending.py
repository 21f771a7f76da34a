"""Handing emails to the mail server so that a worker killed mid-batch never sends one twice.

SMTP only takes a message when it receives the final "." of the DATA command; a connection
that drops before that makes the server discard it (RFC 5321, section 4.1.1.4). The
``Mailer`` therefore splits a send in two: ``prepare`` transfers everything but that final
".", the caller then commits "sent" in the database, and ``finish`` sends the "." and reads
the answer. A worker killed before the commit leaves the row pending and the server with
nothing; killed after it, the server has the message and the row says so. What remains is
a window of a few microseconds between the commit returning and the "." being written, in
which a kill would lose the message instead of doubling it; and a server that accepts the
"." but never answers makes us retry (the only way to a duplicate), with the same
Message-ID so mail programs can fold the two.

Other email backends (console in the demo, locmem in tests) have no such handshake:
``prepare`` keeps the message and ``finish`` hands it over after the commit.
"""

import re
import smtplib
import socket

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import EmailMessage, sanitize_address

_LEADING_DOT = re.compile(rb"(?m)^\.")


class Mailer:
    """One connection to the mail server for a batch of messages, sent one at a time."""

    def __init__(self):
        self.backend = get_connection()
        self.is_smtp = isinstance(self.backend, SMTPBackend)
        self._prepared: EmailMessage | None = None

    def __enter__(self) -> "Mailer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Say goodbye to the server (QUIT) when no message is half-sent, else just hang up."""
        if self._prepared is not None and self.is_smtp:
            self._hang_up()
            return
        self._prepared = None
        try:
            self.backend.close()
        except (smtplib.SMTPException, OSError):
            self.backend.connection = None

    def _hang_up(self) -> None:
        """Close the socket without a word: mid-DATA, a QUIT would be read as message text
        (and wait forever for an answer), while a dropped connection makes the server
        discard the unfinished message."""
        self._prepared = None
        connection, self.backend.connection = self.backend.connection, None
        if connection is not None:
            connection.close()

    def prepare(self, message: EmailMessage) -> None:
        """Transfer ``message`` up to, not including, the final "."; raises
        ``smtplib.SMTPException`` or ``OSError`` if the server refuses or is unreachable."""
        if self.is_smtp:
            try:
                self._start_data(message)
            except BaseException:
                self._hang_up()
                raise
        self._prepared = message

    def finish(self) -> None:
        """Complete the prepared message: the server takes it here."""
        message, self._prepared = self._prepared, None
        if message is None:
            raise RuntimeError("finish() without a prepared message")
        if not self.is_smtp:
            self.backend.send_messages([message])
            return
        connection = self.backend.connection
        try:
            connection.send(b".\r\n")
            code, reply = connection.getreply()
        except BaseException:
            self._hang_up()
            raise
        if code != 250:
            self._hang_up()
            raise smtplib.SMTPDataError(code, reply)

    def abort(self) -> None:
        """Drop a prepared message: hanging up mid-DATA makes the server discard it."""
        if self._prepared is not None and self.is_smtp:
            self._hang_up()
        self._prepared = None

    def _start_data(self, message: EmailMessage) -> None:
        if self.backend.connection is None:
            self.backend.open()
            # The final "." goes out as its own small write: without TCP_NODELAY, Nagle's
            # algorithm and delayed ACKs would hold it back ~40 ms per message.
            self.backend.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection = self.backend.connection
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in message.recipients()]
        data = message.message().as_bytes(linesep="\r\n")
        connection.ehlo_or_helo_if_needed()
        code, reply = connection.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for recipient in recipients:
            code, reply = connection.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)
        code, reply = connection.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = _LEADING_DOT.sub(b"..", data)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        connection.send(body)


def is_permanent(error: BaseException) -> bool:
    """True for a 5xx refusal (bad address, message refused): retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _reply in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600
