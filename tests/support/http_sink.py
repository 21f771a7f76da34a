"""A real HTTP server in a thread that records every request and answers as told."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpSink:
    """``statuses`` are answered in order (then 200); ``delay`` seconds before answering;
    a 3xx answer carries ``Location: <sink>/elsewhere``."""

    server: ThreadingHTTPServer = None
    requests: list[Request] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else 200

    def record(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)


def _handler(sink: HttpSink):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self._answer()

        def do_GET(self):
            self._answer()

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            sink.record(Request(self.command, self.path, dict(self.headers.items()), body))
            if sink.delay:
                time.sleep(sink.delay)
            status = sink.next_status()
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    host, port = sink.server.server_address[:2]
                    self.send_header("Location", f"http://{host}:{port}/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the client gave up (a timeout test)

        def log_message(self, *args):
            pass

    return Handler


def start_sink() -> HttpSink:
    sink = HttpSink()
    sink.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(sink))
    sink.server.daemon_threads = True
    threading.Thread(target=sink.server.serve_forever, args=(0.05,), daemon=True).start()
    return sink


def stop_sink(sink: HttpSink) -> None:
    sink.server.shutdown()
    sink.server.server_close()
