"""Finishing a parsed document: SRU metadata, kind, cross-references and the confidence checks.

Every parser ends here, so a document that fails a check is rejected the same way whatever its
format: a :class:`~monitor.errors.SegmentationError` naming the identifier and the reason.
"""

from __future__ import annotations

import re

from monitor.errors import SegmentationError
from monitor.fetch.records import SruRecord
from monitor.model import Answer, Document, Kind, Question, tidy_marks
from monitor.parse.header import (
    Header,
    has_answered_elsewhere_wording,
    has_postponement_wording,
)
from monitor.parse.refs import answer_references
from monitor.statuses import DocumentStatus

_MAX_NUMBER = 999  # labels carry at most three digits; never build structure from a number's size
_ID_YEAR = re.compile(r"^(?:ah|kv)-(tk|ek)-(\d{4})(\d{4})-(\d+)$")


def apply_header(doc: Document, header: Header) -> None:
    """Copy what the header sentences say into ``doc`` (fields already set win)."""
    doc.askers = doc.askers or header.askers
    doc.ministers = doc.ministers or header.ministers
    doc.ministry = doc.ministry or header.ministry
    doc.subject = doc.subject or header.subject
    doc.date_sent = doc.date_sent or header.date_sent
    doc.date_received = doc.date_received or header.date_received
    doc.vergaderjaar = doc.vergaderjaar or header.vergaderjaar
    doc.related = doc.related or header.related
    if doc.kind is Kind.UNKNOWN:
        doc.kind = header.kind


def apply_identifier(doc: Document) -> None:
    """Fill chamber, vergaderjaar and Aanhangsel number from an ``ah-tk-20202021-3235`` id."""
    match = _ID_YEAR.match(doc.identifier)
    if match:
        doc.chamber = doc.chamber or match[1]
        doc.vergaderjaar = doc.vergaderjaar or f"{match[2]}-{match[3]}"
        if doc.identifier.startswith("ah-"):
            doc.aanhangsel_number = doc.aanhangsel_number or match[4]
    elif doc.identifier.startswith(("ah-", "kv-")) and not doc.chamber:
        doc.chamber = "ek" if doc.identifier.startswith(("ah-ek", "kv-ek")) else "tk"


def kind_from_record(record: SruRecord) -> Kind:
    """The kind an SRU record declares, or UNKNOWN."""
    sub = record.subrubriek.strip().lower()
    if sub == "antwoord":
        return Kind.ANSWER
    if sub == "mededeling":
        return Kind.POSTPONEMENT
    if sub == "schriftelijke vragen" or record.publicatienaam == "Kamervragen zonder antwoord":
        return Kind.QUESTIONS
    return Kind.UNKNOWN


def apply_record(doc: Document, record: SruRecord) -> None:
    """SRU metadata overrides what the document says about itself."""
    doc.identifier = record.identifier or doc.identifier
    doc.zaak = record.vraagnummer or doc.zaak
    doc.vergaderjaar = record.vergaderjaar or doc.vergaderjaar
    doc.aanhangsel_number = record.aanhangselnummer or doc.aanhangsel_number
    doc.date_received = record.date_received or doc.date_received
    doc.date_sent = record.date_sent or doc.date_sent
    doc.chamber = record.chamber or doc.chamber
    doc.title = record.title or doc.title
    doc.answer_identifier = record.aanhangsel or doc.answer_identifier
    kind = kind_from_record(record)
    if kind is not Kind.UNKNOWN:
        doc.kind = kind


def finish(doc: Document, *, where: str, body_text: str = "") -> Document:
    """Infer the kind, resolve cross-references and keep only the structure that is certain.

    Inconsistent numbering does not refuse the document: what cannot be trusted is dropped, the
    reasons go to ``doc.warnings`` and the document is marked ``partial``. Only a text in which
    nothing can be segmented is refused.
    """
    label = doc.identifier or where
    if doc.kind is Kind.UNKNOWN:
        if doc.answers:
            doc.kind = Kind.ANSWER
        elif has_answered_elsewhere_wording(body_text):
            doc.kind = Kind.ANSWERED_ELSEWHERE
        elif has_postponement_wording(body_text):
            doc.kind = Kind.POSTPONEMENT
        elif doc.questions:
            doc.kind = Kind.QUESTIONS
        else:
            raise SegmentationError(f"{label}: no questions or answers found")
    elif doc.kind is Kind.POSTPONEMENT and has_answered_elsewhere_wording(body_text):
        doc.kind = Kind.ANSWERED_ELSEWHERE  # SRU calls every Mededeling a postponement
    # tidy_marks inlined: most texts have no mark, and a call per paragraph shows in a parse
    for question in doc.questions:
        if "[^" in question.text:
            question.text = tidy_marks(question.text)
    # one test over every paragraph first: a generator per answer costs more than the join
    if "[^" in "".join([p for answer in doc.answers for p in answer.paragraphs]):
        for answer in doc.answers:
            if any("[^" in p for p in answer.paragraphs):
                answer.paragraphs = [tidy_marks(p) for p in answer.paragraphs]
    found_now = check(doc)
    if doc.warnings or found_now:
        doc.warnings = list(dict.fromkeys([*doc.warnings, *found_now]))
        doc.parse_status = DocumentStatus.PARTIAL
    existing = frozenset([q.number for q in doc.questions])
    answers = doc.answers
    found = answer_references(
        [a.paragraphs for a in answers], owns=[a.numbers for a in answers], existing=existing
    )
    for answer, refers_to in zip(answers, found, strict=True):
        answer.refers_to = refers_to
    return doc


def check(doc: Document) -> list[str]:
    """The structural checks: one warning per problem; what is not certain is dropped (a second
    question with the same number, an answer without numbers or text)."""
    if doc.kind is not Kind.QUESTIONS and _in_order(doc.questions, doc.answers):
        return []  # the usual answer: each question once, in order, then its own answer
    warnings: list[str] = []
    seen: set[int] = set()
    unique: list[Question] = []
    for question in doc.questions:
        if question.number in seen:
            warnings.append(f"question {question.number} appears twice")
            continue  # which of the two is question N is not certain; the first is kept
        seen.add(question.number)
        unique.append(question)
        if not question.text or question.text.isspace():
            warnings.append(f"question {question.number} has no text")
    doc.questions = unique
    numbers = [q.number for q in doc.questions]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        missing = sorted(set(range(1, min(max(numbers), _MAX_NUMBER) + 1)) - seen)
        detail = f"question {missing[0]} is missing" if missing else "questions out of order"
        warnings.append(f"question numbers are not 1..{len(numbers)}: {detail}")
    answered: set[int] = set()
    kept: list[Answer] = []
    for answer in doc.answers:
        numbers_of, has_text = answer.numbers, _has_text(answer.paragraphs)
        if (
            has_text and len(numbers_of) == 1 and numbers_of[0] in seen
            and numbers_of[0] not in answered
        ):  # fmt: skip
            answered.add(numbers_of[0])  # the usual answer: nothing to report
            kept.append(answer)
            continue
        problem = _answer_problem(answer, has_text, seen, answered)
        if problem:
            warnings.append(problem)
        if numbers_of and has_text:
            kept.append(answer)
    doc.answers = kept
    if doc.kind is Kind.ANSWER:
        if doc.questions and not doc.answers:
            warnings.append("an answer document whose questions have no answers")
        else:
            warnings += [f"question {n} has no answer" for n in numbers if n not in answered]
    elif doc.kind is Kind.QUESTIONS and doc.answers:
        warnings.append("questions without answer, yet answers were found")
    return list(dict.fromkeys(warnings))


def _in_order(questions: list[Question], answers: list[Answer]) -> bool:
    """Questions 1..n, each with text, and one answer with text for each, in the same order: a
    document :func:`check` has nothing to say about (its loops, for the usual case)."""
    if len(questions) != len(answers):
        return False
    expected = 1
    for question, answer in zip(questions, answers):  # noqa: B905 - lengths checked above
        numbers = answer.numbers
        if question.number != expected or len(numbers) != 1 or numbers[0] != expected:
            return False
        text = question.text
        if not text or text.isspace() or not _has_text(answer.paragraphs):
            return False
        expected += 1
    return True


def _answer_problem(answer: Answer, has_text: bool, questions: set[int], answered: set[int]) -> str:
    if not answer.numbers:
        return "an answer without question numbers"
    if not has_text:
        return f"{_name(answer)} is empty"  # dropped: it answers nothing
    problem = ""
    for number in answer.numbers:
        if not problem and number not in questions:
            problem = f"{_name(answer)} is numbered for question {number}, which does not exist"
        elif not problem and number in answered:
            problem = f"question {number} is answered twice"
        answered.add(number)
    return problem


def _has_text(paragraphs: list[str]) -> bool:
    """Whether any paragraph holds more than whitespace (without copying them, as strip does)."""
    for paragraph in paragraphs:  # noqa: SIM110 - a loop costs less than any() and a generator
        if paragraph and not paragraph.isspace():
            return True
    return False


def _name(answer: Answer) -> str:
    return "answer " + ", ".join(str(n) for n in answer.numbers)
