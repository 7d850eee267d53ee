"""Bounded parsing: every parse runs in a worker process under a size, time and memory limit.

A hostile document ("Vraag 10000000", a PDF zip bomb, a deeply nested file) must become a
recorded parse failure, never a poll that eats the machine's memory or a daemon that crashes
again after every restart. The memory limit is the worker's address space (``RLIMIT_AS``), so
an allocation beyond it fails inside the worker as a ``MemoryError``; the time limit is a timer
signal in the worker. A worker that dies anyway is replaced, and its document is a failure.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from monitor.errors import MonitorError, ParseError, ParseLimitExceeded
from monitor.fetch.records import SruRecord
from monitor.model import Document, Format

log = logging.getLogger("monitor.ingest")


@dataclass(frozen=True)
class Limits:
    """Limits of one parse: input bytes, wall-clock seconds, address space of the process."""

    max_bytes: int = 20_000_000
    seconds: float = 120.0  # 0: no time limit
    memory_mb: int = 256  # 0: no memory limit

    @classmethod
    def from_settings(cls, source: object) -> Limits:
        return cls(
            max_bytes=int(getattr(source, "max_response_bytes", cls.max_bytes)),
            seconds=float(getattr(source, "parse_seconds", cls.seconds)),
            memory_mb=int(getattr(source, "parse_memory_mb", cls.memory_mb)),
        )


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space (call only in a worker process of its own)."""
    if memory_mb <= 0:
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _on_timer(_signum: int, _frame: FrameType | None) -> None:
    raise TimeoutError


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (main thread only; else no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_timer)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_limited(
    data: bytes, fmt: Format, *, identifier: str, record: SruRecord | None, limits: Limits
) -> Document:
    """Parse under ``limits`` in this process: every failure is a :class:`ParseError`.

    The memory limit must already be set on the process (see :func:`limit_memory`).
    """
    from monitor.parse import parse_document

    where = identifier or (record.identifier if record else "") or "document"
    if limits.max_bytes and len(data) > limits.max_bytes:
        raise ParseLimitExceeded(
            f"{where}: {fmt.value} document of {len(data):,} bytes exceeds the parse limit of "
            f"{limits.max_bytes:,} bytes")
    try:
        with _deadline(limits.seconds):
            return parse_document(data, fmt, identifier=identifier, record=record)
    except ParseError:
        raise
    except TimeoutError:
        raise ParseLimitExceeded(
            f"{where}: parsing the {fmt.value} document took longer than {limits.seconds:g} s"
        ) from None
    except MemoryError:
        raise ParseLimitExceeded(
            f"{where}: parsing the {fmt.value} document needed more than {limits.memory_mb} MB"
        ) from None
    except RecursionError:
        raise ParseLimitExceeded(
            f"{where}: the {fmt.value} document is nested too deeply") from None
    except Exception as exc:
        # A parser bug or a library's own limit (e.g. a PDF decompression bomb): a failure of
        # this document, never of the poll (raw bytes are kept, so it can be parsed again).
        log.exception("parser_crashed identifier=%s", where)
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise ParseError(
            f"{where}: internal parser error on the {fmt.value} document: "
            f"{type(exc).__name__}{': ' + first[:300] if first else ''}") from None


ParseFn = Callable[[bytes, Format, str, SruRecord], Document]

_IN_PROCESS = Limits(max_bytes=0, seconds=0, memory_mb=0)


def parse_here(content: bytes, fmt: Format, identifier: str, record: SruRecord) -> Document:
    """Parse in this process (``parse_processes = 0``): no limits, every failure a ParseError."""
    return parse_limited(content, fmt, identifier=identifier, record=record, limits=_IN_PROCESS)


def parser_for(sandbox: ParseSandbox | None) -> ParseFn:
    """The parse function of ingest and reparse: in the sandbox when there is one."""
    if sandbox is None:
        return parse_here

    def parse(content: bytes, fmt: Format, identifier: str, record: SruRecord) -> Document:
        return sandbox.parse(content, fmt, identifier=identifier, record=record)

    return parse


# --- the sandbox process -----------------------------------------------------------------------
_limits: Limits | None = None


def _init_sandbox(limits: Limits) -> None:
    global _limits
    _limits = limits
    limit_memory(limits.memory_mb)


def _parse_in_sandbox(
    data: bytes, fmt: Format, identifier: str, record: SruRecord | None
) -> Document | ParseError:
    assert _limits is not None
    try:
        return parse_limited(data, fmt, identifier=identifier, record=record, limits=_limits)
    except ParseError as exc:
        return exc  # returned, not raised: a custom exception pickles badly across processes


class ParseSandbox:
    """A small pool of limited worker processes that parse documents (thread-safe)."""

    def __init__(self, limits: Limits, workers: int = 1) -> None:
        self.limits = limits
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_sandbox, initargs=(self.limits,))
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def parse(
        self, data: bytes, fmt: Format, *, identifier: str, record: SruRecord | None = None
    ) -> Document:
        """Parse in a worker; raises :class:`ParseError` for any failure of the document."""
        where = identifier or (record.identifier if record else "") or "document"
        pool = self._get_pool()
        try:
            result = pool.submit(_parse_in_sandbox, data, fmt, identifier, record).result()
        except BrokenProcessPool:
            # A worker died (a library that aborts when memory runs out): that may have been
            # another document's parse in the same pool. The next parses get a fresh pool;
            # this document is tried once more in a worker of its own, and only if that one
            # dies too is it this document's failure.
            self._discard(pool)
            result = self._alone(data, fmt, identifier, record, where)
        if isinstance(result, ParseError):
            raise result
        return result

    def _alone(self, data: bytes, fmt: Format, identifier: str, record: SruRecord | None,
               where: str) -> Document | ParseError:
        alone = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_init_sandbox, initargs=(self.limits,))
        try:
            result: Document | ParseError = alone.submit(
                _parse_in_sandbox, data, fmt, identifier, record).result()
            return result
        except BrokenProcessPool:
            return ParseLimitExceeded(
                f"{where}: the parser process died while parsing the {fmt.value} document "
                f"(beyond the limit of {self.limits.memory_mb} MB?)")
        finally:
            alone.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _parse_file_in_sandbox(path: str) -> Document | MonitorError:
    from monitor.parse import parse_file

    assert _limits is not None
    limits = _limits
    try:
        size = Path(path).stat().st_size
        if limits.max_bytes and size > limits.max_bytes:
            return ParseLimitExceeded(f"{path}: {size:,} bytes exceed the parse limit of "
                                      f"{limits.max_bytes:,} bytes")
        with _deadline(limits.seconds):
            return parse_file(path)
    except MonitorError as exc:
        return exc
    except TimeoutError:
        return ParseLimitExceeded(f"{path}: parsing took longer than {limits.seconds:g} s")
    except MemoryError:
        return ParseLimitExceeded(f"{path}: parsing needed more than {limits.memory_mb} MB")
    except RecursionError:
        return ParseLimitExceeded(f"{path}: the document is nested too deeply")
    except OSError as exc:
        return ParseError(f"{path}: cannot be read: {exc.strerror}")
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        return ParseError(f"{path}: internal parser error: {type(exc).__name__}"
                          f"{': ' + first[:300] if first else ''}")


def parse_file_limited(path: str | Path, limits: Limits) -> Document:
    """``monitor parse FILE`` under the ingest limits: any failure is one :class:`MonitorError`."""
    sandbox = ParseSandbox(limits)
    pool = sandbox._get_pool()
    try:
        result = pool.submit(_parse_file_in_sandbox, str(path)).result()
    except BrokenProcessPool:
        raise ParseLimitExceeded(f"{path}: the parser process died") from None
    finally:
        sandbox.close()
    if isinstance(result, MonitorError):
        raise result
    return result
