"""A stored version's parsed structure as rows: its questions, its answers and which questions
each answer covers, and the search index over them, all in the caller's write transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import Session, col

from monitor.model import Document
from monitor.store.fulltext import index_versions
from monitor.store.tables import AnswerQuestion, AnswerRow, QuestionRow


def store_structure(session: Session, version_id: int, doc: Document) -> None:
    store_structures(session, [(version_id, doc)])


def store_structures(session: Session, items: Sequence[tuple[int, Document]]) -> None:
    """Questions, answers and their links of stored versions, a few statements for them all.

    Core bulk inserts on the connection: ORM objects for ~25 rows per answer were most of the
    ingest time. These rows are never loaded as objects in the same transaction.
    """
    conn = session.connection()
    index_versions(conn, items)  # the search index moves in the same transaction
    questions = [
        {"version_id": version_id, "number": q.number, "text": q.text}
        for version_id, doc in items
        for q in doc.questions
    ]
    if questions:
        conn.execute(insert(QuestionRow), questions)
    answers = [(version_id, position, a) for version_id, doc in items
               for position, a in enumerate(doc.answers)]
    if not answers:
        return
    ids = conn.execute(
        insert(AnswerRow).returning(col(AnswerRow.id), sort_by_parameter_order=True),
        [
            {"version_id": version_id, "position": position, "text": a.text,
             "refers_to": list(a.refers_to)}
            for version_id, position, a in answers
        ],
    ).scalars().all()
    links = [
        {"answer_id": answer_id, "question_number": number}
        for answer_id, (_, _, a) in zip(ids, answers, strict=True)
        for number in sorted(set(a.numbers))
    ]
    if links:
        conn.execute(insert(AnswerQuestion), links)
