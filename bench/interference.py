"""How much CPU other processes took while an endpoint was measured (Linux ``/proc``).

On a shared machine a test suite running next to the bench halves its figures; this
number says when that happened. "Ours" is the bench process, gunicorn with its workers
and the PostgreSQL backends of the bench database. They are sampled four times a second,
because backends come and go (Django reopens a connection once it is older than
``CONN_MAX_AGE``) and an exited process takes its CPU count with it.
"""

import os
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PERIOD = 0.25


def _busy_ticks() -> int:
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq + steal


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, CPU ticks so far, command line) for every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), command)
    return found


def _ours(processes: dict, roots: set[int], database: str) -> dict[int, int]:
    """CPU ticks of the processes descending from ``roots`` or serving ``database``."""
    ours = set(roots)
    while True:
        children = {pid for pid, (parent, _, _) in processes.items() if parent in ours} - ours
        if not children:
            break
        ours |= children
    marker = f" {database} "
    ours |= {pid for pid, (_, _, command) in processes.items() if marker in command}
    return {pid: processes[pid][1] for pid in ours if pid in processes}


class Meter:
    """``start(roots, database)`` then ``stop()``: CPU used by every other process."""

    def start(self, roots: set[int], database: str) -> None:
        self.roots, self.database = roots, database
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.done = threading.Event()
        self.started, self.busy = time.monotonic(), _busy_ticks()
        self._sample(initial=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(PERIOD):
            self._sample()

    def _sample(self, initial: bool = False) -> None:
        for pid, ticks in _ours(_processes(), self.roots, self.database).items():
            self.first.setdefault(pid, ticks if initial else 0)
            self.last[pid] = ticks

    def stop(self) -> float:
        """Percent of one core used by other processes since ``start``."""
        self.done.set()
        self.thread.join()
        self._sample()
        elapsed = time.monotonic() - self.started
        busy = _busy_ticks() - self.busy
        ours = sum(self.last[pid] - self.first[pid] for pid in self.last)
        return round(100 * max(0, busy - ours) / TICKS / elapsed, 1) if elapsed else 0.0
