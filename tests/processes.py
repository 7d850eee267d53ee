"""A process whose log lines (stderr) are read as they come, so that a test acts on what the
process has observably done (an event it logged) instead of on elapsed time."""

from __future__ import annotations

import subprocess
import threading


class ProcessLog:
    """Reads ``proc``'s stderr in a thread; ``wait_for`` returns once an event is logged."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            with self.changed:
                self.lines.append(raw.decode(errors="replace"))
                self.changed.notify_all()
        self.proc.wait()  # so that a waiter woken by the end of the log sees the exit
        with self.changed:
            self.changed.notify_all()

    def count(self, event: str) -> int:
        """How many log lines name ``event`` (events follow a space in the log format)."""
        return sum(f" {event}" in line for line in self.lines)

    def logged(self, event: str) -> bool:
        return self.count(event) > 0

    def wait_for(self, event: str, times: int = 1, timeout: float = 90) -> bool:
        """True once ``event`` is logged ``times`` times; False when the process ended first
        or ``timeout`` passed."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.count(event) >= times or self.proc.poll() is not None, timeout)
            return self.count(event) >= times

    def tail(self, chars: int = 3000) -> str:
        """The end of the log (for an assertion's message)."""
        return "".join(self.lines)[-chars:]
