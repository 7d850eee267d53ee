"""The Dutch analysis layer: statements read as values and structure.

Stable API (other modules build on it; the shape does not change):

``analyse(text, *, date=None) -> Analysis``
    Splits ``text`` into sentences and clauses (official abbreviations such as jl., nr., o.a.,
    blz. do not end a sentence; linear in the text length). ``date`` is the date of the answer
    that relative times are resolved against (default: today, UTC).

``Analysis``: ``text``, ``sentences`` (each a :class:`Sentence` with ``text``, ``start``,
``end`` and ``clauses``), ``clauses`` (all, in order) and ``citations`` (Kamerstuk and
Handelingen references, dates of cited letters, footnote marks: set aside before anything else
is read).

``Clause``: ``text``, ``start``/``end`` (offsets in the analysed text), ``actor``
("Nederland", "het kabinet", "Defensie", "de minister", "ik" or the subject as written), ``act``
(the verb's lemma, separable verbs rejoined: "neemt ... deel" -> ``deelnemen``), ``verb`` (as
written), ``objects`` (lemmas of the other content words), ``modality`` (one of ``LADDER``:
withdrawn < considering < intends < decided < does), ``hedges`` ("in beginsel", "onder
voorbehoud", "mogelijk", ...), ``polarity`` (False when the clause is negated; "niet alleen ...
maar ook" is no negation), ``negation``, ``tense`` (future / present / perfect / past / none),
``times`` (:class:`TimeValue`: relation and interval), ``amounts`` (:class:`Amount`: value,
unit, currency, scale), ``documents`` (named documents with their year), ``reference`` (True for
"Zoals eerder toegezegd, ..."), ``subordinate`` and ``marker`` (the words that set the modality).

Lemmas come from simplemma's shipped Dutch dictionary (see :mod:`.lemmas`); the parliamentary
calendar is our own table (see :mod:`.calendar`).
"""

from monitor.track.analysis.amounts import Amount, find_amounts
from monitor.track.analysis.citations import Citation, find_citations
from monitor.track.analysis.documents import Document
from monitor.track.analysis.reading import analyse
from monitor.track.analysis.segment import clause_spans
from monitor.track.analysis.shapes import LADDER, Analysis, Clause, Sentence
from monitor.track.analysis.times import TimeValue, find_times

__all__ = [
    "LADDER", "Amount", "Analysis", "Citation", "Clause", "Document", "Sentence", "TimeValue",
    "analyse", "clause_spans", "find_amounts", "find_citations", "find_times",
]
