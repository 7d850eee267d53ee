"""The one exception tree of the monitor.

Every error a user can cause or meet carries a one-line message that names what was wrong and
where; the CLI prints ``str(error)`` and exits non-zero, never a traceback.
"""

from __future__ import annotations

from typing import Generic, TypeVar

ReportT = TypeVar("ReportT")


class MonitorError(Exception):
    """Base of every error the monitor raises on purpose."""


# --- configuration -------------------------------------------------------------------------
class ConfigError(MonitorError):
    """The configuration file or an environment override is invalid."""


class InputError(MonitorError):
    """A file or argument given on the command line is invalid (names the place)."""


class BadQuery(MonitorError):
    """A query option has a value the change log cannot answer (date, verdict...)."""


class BadSearch(BadQuery):
    """A search request that cannot be answered (empty or over-long query)."""


# --- the source service --------------------------------------------------------------------
class SourceError(MonitorError):
    """The publication service could not give us what we asked for."""


class SourceUnavailable(SourceError):
    """Network failure, timeout or 5xx/429 that outlived the retries."""


class SruDiagnostic(SourceError):
    """The SRU service answered with a diagnostic block instead of results."""


class InvalidQuery(SourceError):
    """A query the service would reject or silently ignore (e.g. an impossible date)."""


class ResponseTooLarge(SourceError):
    """A response exceeded the configured size cap."""


class SoftNotFound(SourceError):
    """A document URL redirected to an error page answered with HTTP 200."""


class DocumentNotFound(SourceError):
    """A document URL answered 404/410, or no usable manifestation exists."""


class MalformedResponse(SourceError):
    """A response body could not be parsed (truncated, not XML, unexpected shape)."""


class ResultsShifted(SourceError):
    """SRU results kept moving between page requests: a walk could not be verified complete."""


class PollFailed(SourceError, Generic[ReportT]):
    """The source could not be read; the report says what was done before that.

    Generic in the report so that this leaf module need not know ingest's ``PollReport``.
    """

    def __init__(self, message: str, report: ReportT) -> None:
        super().__init__(message)
        self.report = report


class Interrupted(MonitorError):
    """A poll or backfill stopped on request (SIGTERM, Ctrl-C) between two pages."""

    exit_code = 130


# --- parsing -------------------------------------------------------------------------------
class ParseError(MonitorError):
    """A publication could not be turned into the document model."""


class UnsafeDocument(ParseError):
    """A document carries a DOCTYPE, external entity or entity expansion."""


class MalformedDocument(ParseError):
    """A document is not well-formed, truncated, or not of the format it claims."""


class SegmentationError(ParseError):
    """The question/answer structure could not be recognised with confidence."""


class ParseLimitExceeded(ParseError):
    """A parse outgrew its size, time or memory limit (a hostile or broken document)."""


# --- storage -------------------------------------------------------------------------------
class StoreError(MonitorError):
    """The database refused an operation or is at an unexpected schema version."""


class NotFound(MonitorError):
    """A requested publication, commitment, delivery or other record does not exist."""


class UnknownCommitment(NotFound):
    """A commitment id that is neither configured nor found in the stored history."""


class UnknownChange(NotFound):
    """No change record with that id."""


class UnknownAnswer(NotFound):
    """No stored publication with that identifier."""


# --- delivery ------------------------------------------------------------------------------
class DeliveryError(MonitorError):
    """An alert could not be delivered."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class WebhookRefused(DeliveryError):
    """The receiver answered with a non-2xx status (``retry_after`` from its Retry-After)."""

    def __init__(
        self, message: str, *, permanent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message, permanent=permanent)
        self.retry_after = retry_after


class NotRetryable(MonitorError):
    """A delivery that is sent or being sent cannot be re-driven."""


class UnknownStatus(MonitorError):
    """A status filter that is not one of the delivery statuses."""


# --- the emulator ---------------------------------------------------------------------------
class CorpusError(MonitorError):
    """A corpus folder or a corpus change is invalid."""


class FontMissing(MonitorError):
    """The DejaVu fonts needed to render Dutch text are not installed."""
