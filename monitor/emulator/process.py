"""The emulator in a child process, so a benchmark's client does not share the GIL with it.

``with EmulatorProcess(corpus_dir) as emu: emu.sru_url`` runs ``python -m monitor.emulator serve
--corpus DIR --port 0`` and reads the URL it prints. In-process :class:`Emulator` is simpler
and lets tests change faults at runtime; this one is for throughput measurements.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from monitor.errors import MonitorError


class EmulatorProcess:
    def __init__(self, corpus_dir: str | Path, *, args: Sequence[str] = (),
                 startup_timeout: float = 60.0) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.args = list(args)
        self.startup_timeout = startup_timeout
        self.sru_url = ""
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None

    def start(self) -> EmulatorProcess:
        command = [sys.executable, "-m", "monitor.emulator", "serve", "--corpus",
                   str(self.corpus_dir), "--port", "0", *self.args]
        # Fixed argv of our own module, no shell: nothing untrusted reaches it.
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,  # noqa: S603
                                text=True)
        self._proc = proc
        assert proc.stdout is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break  # the process ended before it printed its URL
            if line.startswith("MONITOR_SOURCE_URL="):
                self.sru_url = line.strip().split("=", 1)[1]
                self.base_url = self.sru_url.rsplit("/sru", 1)[0]
                return self
        self.stop()
        raise MonitorError(f"emulator process for {self.corpus_dir} did not start")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
