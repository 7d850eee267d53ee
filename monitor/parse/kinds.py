"""The kind of publication an SRU record announces, before its document is read."""

from __future__ import annotations

from monitor.fetch.records import SruRecord
from monitor.model import Kind
from monitor.parse.build import kind_from_record


def record_kind(record: SruRecord) -> Kind:
    """The kind a record announces (the parser may refine it from the text).

    The parser's reading of the record, with the stream as a fallback for records that lack a
    subrubriek: every ``kv`` record is a question, the rest of the Aanhangsel an answer.
    """
    kind = kind_from_record(record)
    if kind is not Kind.UNKNOWN:
        return kind
    if record.identifier.startswith("kv") or "zonder antwoord" in record.publicatienaam.lower():
        return Kind.QUESTIONS
    if "aanhangsel" in record.publicatienaam.lower():
        return Kind.ANSWER
    return Kind.UNKNOWN
