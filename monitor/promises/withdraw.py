"""Withdrawals: a later answer that drops an act the government promised earlier ("Ik zie af van
een nieuwe evaluatie", "De voortgangsbrief komt niet meer", "Het kabinet is niet langer
voornemens ...")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from monitor.model import Document
from monitor.promises.answer_text import AnswerText
from monitor.promises.discover import content_words
from monitor.promises.glue import join_paragraphs
from monitor.promises.quick import CaseBlind
from monitor.track.text import sentence_spans

# A separable "afzien" (ziet ... af van), its participle, or a plain statement that the act or
# the document will no longer come. "niet meer/langer" must govern the intention itself: "niet
# langer nodig" is a judgement, not a withdrawal.
_WITHDRAW = CaseBlind(
    r"\b(?:zie|ziet|zien|zag|zagen)\b[^.;:?]{0,120}?\baf\s+van\b"
    r"|\bafgezien\b|\baf\s+te\s+zien\b"
    r"|\b(?:komt|komen)\s+(?:er\s+)?(?:dus\s+)?niet\s+(?:meer|langer)\b"
    r"|\bniet\s+(?:langer|meer)\s+(?:voornemens|van\s+plan|de\s+intentie)\b"
    r"|\b(?:wordt|worden)\s+niet\s+(?:langer|meer)\s+(?:voortgezet|uitgevoerd|opgesteld|"
    r"gestuurd|verstuurd|gepubliceerd|uitgebracht)\b")


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A sentence that drops an act, with the words it is about (for lineage matching)."""

    lemmas: tuple[str, ...]
    sentence: str


def withdrawals_in_text(text: str) -> list[Withdrawal]:
    if not _WITHDRAW.search(text):
        return []  # most answers withdraw nothing: no sentence splitting for them
    out: list[Withdrawal] = []
    for span in sentence_spans(text):
        sentence = " ".join(text[span.start:span.end].split())
        if sentence.endswith("?") or not _WITHDRAW.search(sentence):
            continue
        out.append(Withdrawal(content_words(sentence), sentence))
    return out


def withdrawals(document: Document,
                texts: Sequence[AnswerText] | None = None) -> list[Withdrawal]:
    """Every withdrawing sentence of the answers of ``document`` (questions are never read;
    ``texts``: its answers already taken apart)."""
    if texts is not None:
        return [w for t in texts for w in withdrawals_in_text(t.joined)]
    return [w for a in document.answers
            for w in withdrawals_in_text(join_paragraphs(a.paragraphs))]
