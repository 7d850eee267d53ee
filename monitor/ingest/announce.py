"""What a newly good version of a publication sets off: tracking and alerts, in one place.

Ingest calls :func:`announce` for a version it stores; the retry of a failed document and
``monitor reparse`` call :func:`now_good` for a stored version that parses now, so a
document that failed once and parses later produces exactly the alerts a normal ingest would
have produced (change records, and ``new_answer`` / ``answered`` / ``postponed`` events).
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.fetch.records import SruRecord
from monitor.ingest.links import link_by_zaak
from monitor.ingest.versions import apply_metadata
from monitor.model import Document, Kind
from monitor.notify.outbox import (
    EventType,
    PublicationEvent,
    enqueue_change,
    enqueue_publication_event,
)
from monitor.promises.findings import Findings
from monitor.promises.store import store_promises
from monitor.statuses import ParseStatus
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.change_json import ChangeJson
from monitor.track.extract import Extracted
from monitor.track.pipeline import track_version


def first_good_version(session: Session, pub: Publication, version: PublicationVersion) -> bool:
    """True when no other version of the publication parsed: ``version`` is its first news."""
    other = session.exec(
        select(PublicationVersion.id).where(
            PublicationVersion.publication_id == pub.id,
            PublicationVersion.parse_status == ParseStatus.OK,
            col(PublicationVersion.id) != version.id,
        ).limit(1)
    ).first()
    return other is None


def announce(
    session: Session,
    settings: Settings,
    pub: Publication,
    version: PublicationVersion,
    doc: Document,
    *,
    first: bool,
    new_publication: bool = False,
    statements: list[Extracted] | None = None,
    findings: Findings | None = None,
    alert_changes: bool = True,
    history: Counter[str] | None = None,
) -> list[ChangeJson]:
    """Track commitments and queue alerts in the transaction that stores the version.

    ``first``: the publication's first good version (publication events are queued);
    ``new_publication``: nothing of it was stored before (tracking skips a query);
    ``statements``, ``findings``: what a parse worker already read of the answer;
    ``alert_changes``: False when the text is not news (a better parse of a stored document);
    ``history``: counts what was too old to alert (see :func:`monitor.notify.outbox.is_history`).
    """
    changes: list[ChangeJson] = []
    if pub.kind == Kind.ANSWER:
        changes = track_version(session, settings, pub, version, doc, statements,
                                new_publication=new_publication)
        store_promises(session, pub, version, doc, findings, new_publication=new_publication)
        if alert_changes:
            for change in changes:
                enqueue_change(session, settings, change, history=history)
    if first and pub.kind in (Kind.ANSWER, Kind.POSTPONEMENT):
        kinds: list[EventType] = (
            ["new_answer", "answered"] if pub.kind == Kind.ANSWER else ["postponed"]
        )
        for kind in kinds:
            enqueue_publication_event(session, settings, PublicationEvent(
                type=kind,
                identifier=pub.identifier,
                zaak=pub.zaak,
                ministry=pub.ministry,
                title=pub.title,
                url=pub.preferred_url,
                received=pub.date_received.isoformat() if pub.date_received else None,
            ), history=history)
    return changes


def now_good(
    session: Session,
    settings: Settings,
    pub: Publication,
    version: PublicationVersion,
    record: SruRecord,
    doc: Document,
    *,
    was_ok: bool = False,
    statements: list[Extracted] | None = None,
    findings: Findings | None = None,
    history: Counter[str] | None = None,
) -> tuple[bool, list[ChangeJson]]:
    """A stored version holds a good parse now (a failed fetch or parse retried, a reparse).

    It becomes the publication's current version unless a newer good one is shown, and is
    announced as ingest announces any version. ``was_ok``: it parsed before, so this is a
    better reading, tracked again but not news. Returns whether it is the publication's first
    good version, and the change records.
    """
    first = not was_ok and first_good_version(session, pub, version)
    current = (session.get(PublicationVersion, pub.current_version_id)
               if pub.current_version_id else None)
    if (current is None or current.parse_status != ParseStatus.OK
            or current.number <= version.number):
        pub.current_version_id = version.id
        pub.parse_status = ParseStatus.OK
        apply_metadata(pub, record, doc)
        session.add(pub)
        session.flush()
        link_by_zaak(session, pub)
    changes = announce(session, settings, pub, version, doc, first=first, statements=statements,
                       findings=findings, alert_changes=not was_ok, history=history)
    return first, changes
