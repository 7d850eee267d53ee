"""Discovery: every promise in an answer, read with the Dutch analysis layer.

A promise is a clause in which the government (ik/wij, het kabinet, Nederland, de minister, a
ministry or agency, or nobody named in a passive: "uw Kamer wordt ... geïnformeerd") commits to an
act still to come: a future ("zal", "ga"), a present that promises ("Ik informeer uw Kamer voor de
zomer"), an intention ("is voornemens", "wil ik") or a commitment restated ("Ik heb toegezegd u
dit jaar nog te informeren"). Negated, hedged, conditional-on-others and third-party clauses are
not promises; questions are never read.

This module reads an answer sentence by sentence; the record and its id are in
:mod:`monitor.promises.promise`, the words in :mod:`monitor.promises.cues`, the rules in
:mod:`monitor.promises.judge`, the reported acts that keep a promise in
:mod:`monitor.promises.reports`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from monitor.model import Document
from monitor.promises.answer_text import AnswerText
from monitor.promises.clauses import complete
from monitor.promises.cues import EXPECTED_DELIVERIES, GLUED_FUTURE, HINT, INDIRECT
from monitor.promises.deadlines import NO_DEADLINE, Deadline, deadline_of, without_topic_dates
from monitor.promises.future import bare_present, continued_times, may_promise_in_present
from monitor.promises.glue import join_paragraphs, unglue
from monitor.promises.judge import (
    document_to_come,
    glued_promise,
    government,
    is_promise,
    object_of,
    own_times,
    restated,
)
from monitor.promises.promise import (
    Promise,
    Reader,
    candidates,
    minister_of,
    normalise,
    promise_id,
    read_sentence,
)
from monitor.promises.reported import (
    may_plan,
    may_report_commitment,
    planned_commitments,
    reported_commitments,
)
from monitor.promises.reports import PARTICIPLES, Report, reports, reports_in_text
from monitor.promises.roles import rejoin, reread
from monitor.promises.subjects import content_words, same_subject, shares_subject, subject_words
from monitor.track.analysis import Analysis, Clause

__all__ = ["GLUED_FUTURE", "NO_DEADLINE", "PARTICIPLES", "Deadline", "Promise", "Reader", "Report",
           "content_words", "discover", "document_to_come", "minister_of", "normalise",
           "promise_id", "promises_in_text", "reports", "reports_in_text", "same_subject",
           "shares_subject", "subject_words"]


def promises_in_text(text: str, *, answer_date: date, identifier: str = "",
                     questions: tuple[int, ...] = (), answer_position: int = 0,
                     ministry: str = "", minister: str = "",
                     analysis: Analysis | None = None,
                     read: Reader = read_sentence,
                     prepared: AnswerText | None = None) -> list[Promise]:
    """The promises in one answer text, one per sentence, in order (``prepared``: the
    text already taken apart, see :mod:`monitor.promises.answer_text`)."""
    if analysis is None:
        if prepared is None:
            # PDF extraction glues words ("zalik", "Ikinformeer"): give them their space back.
            text = unglue(text)
            spans = candidates(text, HINT, may_promise_in_present)
        else:
            text, spans = prepared.text, prepared.candidates(HINT, may_promise_in_present)
        analyses = [read(text[a:b], answer_date) for a, b in spans]
    else:
        analyses = [analysis]
    out: list[Promise] = []
    for analysed in analyses:
        out += _read(analysed, answer_date=answer_date, identifier=identifier,
                     questions=questions, answer_position=answer_position, ministry=ministry,
                     minister=minister)
    return out


def _complete(clauses: list[Clause], day: date) -> list[Clause]:
    """The clauses of a sentence as discovery judges them: cut clauses joined, shapes across
    clause boundaries completed, actor and act chosen again (monitor/promises/roles.py)."""
    return [reread(c) for c in complete(rejoin(clauses), day, deliveries=EXPECTED_DELIVERIES)]


def _read(analysed: Analysis, *, answer_date: date, identifier: str,
          questions: tuple[int, ...], answer_position: int, ministry: str,
          minister: str) -> list[Promise]:
    out: list[Promise] = []
    for sentence in analysed.sentences:
        # The analysis blanks citations ("antwoord op vraag 5"); the promise keeps the words.
        s_text = " ".join(analysed.text[sentence.start:sentence.end].split())
        if not s_text or s_text.endswith("?"):
            continue
        clauses = _complete(list(sentence.clauses), answer_date)
        found = [c for c in clauses if is_promise(c, s_text, answer_date)]
        if not found:
            found = restated(clauses)
        if not found and may_report_commitment(s_text.lower()):
            found = reported_commitments(s_text, answer_date, judge=is_promise,
                                         complete=_complete)
        if not found and may_plan(s_text.lower()):
            found = planned_commitments(s_text, answer_date, judge=is_promise,
                                        complete=_complete)
        # The glued-words fallback never revives a present that the rules above judged.
        judged = any(government(c) and c.tense == "future" and bare_present(c) for c in clauses)
        if not found and not judged and glued_promise(s_text):
            found = [c for c in clauses if c.polarity and c.tense == "future"] or clauses[-1:]
        if not found:
            continue
        main = found[0]
        own = [without_topic_dates(own_times(c)) for c in clauses if not INDIRECT.match(c.text)]
        found = [without_topic_dates(own_times(c)) for c in found]
        deadline = deadline_of(found if any(c.times for c in found) else own, answer_date)
        if deadline.kind == "none" and main.tense == "future":
            # "zal, nadat X heeft geadviseerd, ... in het najaar indienen": the inserted report
            # made the rest of the clause read as past; its times belong to the promise.
            extra = [replace(c, times=tuple(continued_times(c, answer_date))) for c in own]
            if any(c.times for c in extra):
                deadline = deadline_of(extra, answer_date)
        lemmas = tuple(sorted({main.act, *content_words(s_text, found)}))
        out.append(Promise(
            id=promise_id(identifier, questions, s_text),
            identifier=identifier,
            questions=questions,
            answer_position=answer_position,
            sentence=s_text,
            actor=main.actor,
            act=main.act,
            object=object_of(main),
            modality=main.modality,
            deadline=deadline,
            received=answer_date,
            ministry=ministry,
            minister=minister,
            lemmas=lemmas,
        ))
    return out


def discover(document: Document, *, received: date | None = None,
             read: Reader = read_sentence,
             texts: Sequence[AnswerText] | None = None) -> list[Promise]:
    """Every promise in every answer of ``document`` (its questions are never read);
    ``texts``: its answers already taken apart (``answer_texts``)."""
    answer_date = (received or document.date_received or document.date_sent
                   or datetime.now(UTC).date())
    minister = minister_of(document)
    out: list[Promise] = []
    seen: set[str] = set()
    for position, answer in enumerate(document.answers):
        prepared = texts[position] if texts is not None else None
        text = prepared.joined if prepared is not None else join_paragraphs(answer.paragraphs)
        for p in promises_in_text(text, answer_date=answer_date, identifier=document.identifier,
                                  questions=tuple(answer.numbers), answer_position=position,
                                  ministry=document.ministry, minister=minister, read=read,
                                  prepared=prepared):
            if p.id not in seen:
                seen.add(p.id)
                out.append(p)
    return out

