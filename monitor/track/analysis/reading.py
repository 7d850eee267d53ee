"""Clauses and their reading: actor, act, object, modality, polarity, tense, times, amounts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from functools import lru_cache

from monitor.track.analysis.acts import DELIVER, phrasal
from monitor.track.analysis.amounts import Amount, find_amounts
from monitor.track.analysis.citations import find_citations
from monitor.track.analysis.documents import documents_in, edition_spans
from monitor.track.analysis.lemmas import lemma
from monitor.track.analysis.meanings import CLASSES
from monitor.track.analysis.patterns import (
    AS_BEFORE,
    ASIDE,
    CONSIDER_ACTS,
    DECIDE_ACTS,
    DECIDED,
    DECIDED_HINT,
    DELIVER_ACTS,
    DOCUMENT_HINT,
    HEDGE,
    HEDGE_HINT,
    HEDGES,
    INTEND,
    INTEND_HINT,
    NEG_WORD,
    NOT_NEGATION,
    PERFORMATIVE,
    PROMISED,
    PROMISED_HINT,
    UNDECIDED,
    UNDECIDED_HINT,
    WITHDRAW,
    WITHDRAW_ACTS,
)
from monitor.track.analysis.segment import FRONTED, clause_spans, role_opening
from monitor.track.analysis.shapes import Analysis, Clause, Sentence
from monitor.track.analysis.times import TimeValue, find_times, past_year
from monitor.track.analysis.verbs import (
    AUXILIARIES,
    PARTICLES,
)
from monitor.track.analysis.words import (
    FUNCTION,
    MODALS,
    NEGATED_ADJECTIVES,
    NEGATORS,
    SUBORDINATORS,
    Token,
    rejoin,
    retag,
    subject,
    tokenise,
)
from monitor.track.text import sentence_spans, strip_furniture

# Every act of examining is the rung "considering" ("brengt ... in kaart" as "onderzoekt").
_CONSIDER = CONSIDER_ACTS | CLASSES["consider"] | CLASSES["reconsider"]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


def _blank_slice(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the spans blanked (only the slice is copied)."""
    chars = list(text[a:b])
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return "".join(chars)


def _moved(c: Clause, by: int) -> Clause:
    """``c`` with its offsets and those of its times and amounts moved by ``by`` (built
    directly: ``dataclasses.replace`` costs more than the reading it saves)."""
    return Clause(
        c.text, c.start + by, c.end + by, c.actor, c.act, c.verb, c.objects, c.modality,
        c.hedges, c.polarity, c.negation, c.tense,
        tuple(TimeValue(t.text, t.start + by, t.end + by, t.relation, t.first, t.last, t.key)
              for t in c.times) if c.times else (),
        tuple(Amount(x.text, x.start + by, x.end + by, x.value, x.unit, x.currency, x.scale,
                     x.bound) for x in c.amounts) if c.amounts else (),
        c.documents, c.reference, c.subordinate, c.marker,
    )


def read_clause(text: str, a: int, b: int, times: list[TimeValue], amounts: list[Amount],
                subordinate: bool, anchor: date) -> Clause:
    """Read the clause ``text[a:b]`` (citations already blanked out of ``text``)."""
    own_times = tuple(t for t in times if a <= t.start < b)
    own_amounts = tuple(x for x in amounts if a <= x.start < b)
    # A reading looks at text[a:b] and, for a word boundary, at the character before it: the
    # same clause in another statement (a paragraph repeated from an earlier answer, each
    # statement read as old and as new) is read once per process.
    before = text[a - 1] if a else ""
    shift = a - len(before)
    clause = _read_alone(
        before, text[a:b], subordinate, anchor,
        tuple(TimeValue(t.text, t.start - shift, t.end - shift, t.relation, t.first, t.last,
                        t.key) for t in own_times),
        tuple(Amount(x.text, x.start - shift, x.end - shift, x.value, x.unit, x.currency,
                     x.scale, x.bound) for x in own_amounts),
    )
    return _moved(clause, shift)


@lru_cache(maxsize=16384)
def _read_alone(before: str, clause: str, subordinate: bool, anchor: date,
                own_times: tuple[TimeValue, ...], own_amounts: tuple[Amount, ...]) -> Clause:
    return _read_clause(before + clause, len(before), len(before) + len(clause), own_times,
                        own_amounts, subordinate, anchor)


# Verbs that take their lexical verb as a "te"-infinitive, as an auxiliary does: "valt te
# verwachten" (= "is te verwachten"), "valt niet uit te sluiten", "blijkt te kloppen",
# "schijnt te gelden", "staat te gebeuren". Only with such an infinitive after them: "De
# beslissing valt in juni" keeps its own verb.
_SEMI_AUXILIARIES = frozenset({"vallen", "blijken", "lijken", "schijnen", "staan", "plegen"})


def _semi_auxiliary(tokens: list[Token]) -> int | None:
    """The index of a finite semi-auxiliary followed in its clause by "te" + infinitive."""
    for i, t in enumerate(tokens):
        if t.form in ("pres", "past") and t.lemma in _SEMI_AUXILIARIES:
            # An "om ... te" complement belongs to a noun ("staat achter het voorstel om de
            # procedure te versnellen"), not to the verb.
            for k in range(i + 1, len(tokens) - 1):
                if tokens[k].lower == "om":
                    return None
                if tokens[k].lower == "te" and tokens[k + 1].form == "inf":
                    return i
            return None
    return None


def _read_clause(text: str, a: int, b: int, own_times: tuple[TimeValue, ...],
                 own_amounts: tuple[Amount, ...], subordinate: bool, anchor: date) -> Clause:
    clause_text = text[a:b]
    reference = False
    low = clause_text.lower()
    m = AS_BEFORE.match(clause_text) if "zoals" in low else None
    if m and m.end() < len(clause_text.rstrip(" .")):
        # "Zoals eerder gemeld is Nederland voornemens": read what follows the reference.
        a += m.end()
        # The date of what was said before ("Zoals gemeld op 31 januari 2024 zal ik ...")
        # belongs to the framing: no time of the statement.
        for tv in sorted(own_times, key=lambda x: x.start):
            if tv.start >= a and not text[a:tv.start].strip(" ,"):
                a = tv.end
        clause_text = text[a:b]
        own_times = tuple(t for t in own_times if t.start >= a)
        own_amounts = tuple(x for x in own_amounts if x.start >= a)
    elif m:
        reference = True
    skip = [(t.start, t.end) for t in own_times] + [(x.start, x.end) for x in own_amounts]
    # Separable "niet" constructions that are no negation, and "nog geen besluit".
    masked = clause_text
    if "niet" in low or "geen" in low:
        masked = NOT_NEGATION.sub(lambda mm: " " * len(mm.group(0)), masked)
    tokens = retag(tokenise(text, a, b, skip))
    # Hedges outside times: "zo spoedig mogelijk" is a time, not a hedge.
    unhedged = _blank_slice(text, a, b, [(t.start, t.end) for t in own_times])
    hedges = sorted({
        HEDGES.get(" ".join(h.group(0).lower().split()).replace("voorwaarden", "voorwaarde"),
                    h.group(0).lower())
        for h in (HEDGE.finditer(unhedged) if HEDGE_HINT.search(low) else ())
    })
    all_words = NEG_WORD.findall(masked.lower())
    negation_words = [w for w in all_words if w in NEGATORS]
    # "onwenselijk" is "niet wenselijk": a negated adjective turns the clause's polarity.
    negated_adjectives = [w for w in all_words if w in NEGATED_ADJECTIVES]
    undecided = UNDECIDED.search(clause_text) if UNDECIDED_HINT.search(low) else None
    withdraw_phrase = WITHDRAW.search(masked) if "niet" in low else None

    # Finite verb: the first present/past form; the act: the last participle/infinitive that is
    # not an auxiliary, else the finite lexical verb with its particle.
    finite = next((i for i, t in enumerate(tokens) if t.form in ("pres", "past")
                   and t.lower not in FUNCTION), None)
    semi = _semi_auxiliary(tokens)
    aux = [t for i, t in enumerate(tokens)
           if (t.lemma in AUXILIARIES or i == semi) and t.form in ("pres", "past")]
    lexical = [i for i, t in enumerate(tokens)
               if t.form is not None and t.lemma not in AUXILIARIES and i != semi]
    act = ""
    verb = ""
    tense = "none"
    particle_at: int | None = None
    nonfinite = [i for i in lexical if tokens[i].form in ("inf", "part")]
    # "zal de mogelijkheid onderzoeken om ... te verbieden": an "om ... te" complement after a
    # complete infinitive is what the act is about, not the act ("de mogelijkheid tot een
    # verbod onderzoeken" says the same).
    om = next((k for k, t in enumerate(tokens) if t.lower == "om"), None)
    if om is not None and any(tokens[i].form == "inf" and i < om for i in nonfinite):
        nonfinite = [i for i in nonfinite if i < om]
    finite_lex = [i for i in lexical if tokens[i].form in ("pres", "past")]
    if finite_lex:
        i = finite_lex[0]
        act, particle_at = rejoin(tokens, i)
        verb = tokens[i].text
        if particle_at is not None:
            # A short verb bracket is shown whole ("neemt inmiddels deel"), a long one elided.
            gap = tokens[i + 1 : particle_at]
            inner = " ".join(t.text for t in gap) + " " if len(gap) <= 2 else "… "
            verb = f"{verb} {inner}{tokens[particle_at].text}"
        tense = "present" if tokens[i].form == "pres" else "past"
    if nonfinite and (not finite_lex or tokens[nonfinite[-1]].form == "part" or aux):
        i = nonfinite[-1]
        t = tokens[i]
        # "deel te nemen": the particle stands before "te".
        if i >= 2 and tokens[i - 1].lower == "te" and tokens[i - 2].lower in PARTICLES:
            joined = tokens[i - 2].lower + t.lemma
            act = joined if lemma(joined) == joined else t.lemma
        else:
            act = t.lemma
        verb = t.text
        aux_lemmas = {x.lemma for x in aux}
        aux_past = any(x.form == "past" for x in aux)
        # "heeft besloten ... te starten": the decision is done, the act after "te" is not
        # (unless its time is past: "heeft besloten de regeling in 2020 aan te passen").
        # A time before the decision's participle dates the decision ("heeft in december
        # besloten ... te verlengen": a report of a decision, the act's time is not given).
        decision_at = next((tokens[k].start for k in range(i - 1, -1, -1)
                            if tokens[k].form is not None
                            and tokens[k].lemma not in AUXILIARIES), None)
        after_te = i >= 1 and tokens[i - 1].lower == "te" and not any(
            (t.last is not None and t.last < anchor)
            or (decision_at is not None and t.start < decision_at) for t in own_times)
        if aux_lemmas & {"hebben", "zijn"} and not aux_lemmas & ({"zullen", "worden"} | MODALS) \
                and (t.form == "part" or t.lower.endswith("en")) and not after_te:
            # "heeft ... ontvangen", "heb ... doen toekomen" (an infinitive for a participle)
            tense = "past" if aux_past else "perfect"
        elif t.form == "part" and "worden" in aux_lemmas:
            # "wordt gestuurd" is a passive present; whether it promises is decided below.
            tense = "past" if aux_past else ("future" if "zullen" in aux_lemmas else "present")
        elif t.form == "part" and not aux:
            tense = "perfect"  # "de onlangs verschenen nota"
        elif aux_lemmas & {"zullen", "gaan"} or (t.form == "inf" and "willen" in aux_lemmas):
            tense = "future"
        elif tense == "none" or after_te:
            tense = "present" if aux else "none"
    verb_is_aux = not act  # "Ik ga in gesprek": "gaan" is the verb, not a future
    if not act and aux:
        act = aux[0].lemma
        verb = aux[0].text
        tense = "present" if aux[0].form == "pres" else "past"
    # "stelt ... op de hoogte", "gaat ... in gesprek": one act in several words.
    act, verb_words = phrasal(act, low)

    if tense in ("perfect", "past", "present") and PROMISED_HINT.search(low) and \
            PROMISED.search(clause_text):
        tense = "future"  # "Ik heb toegezegd u ... te informeren": the promise is the act
    if tense == "present" and act in DELIVER_ACTS and PERFORMATIVE.search(low):
        tense = "perfect"  # "Met deze beantwoording informeer ik uw Kamer": done by this text
    if tense == "present" and any(
        t.relation == "from" and t.text.startswith("sinds") for t in own_times
    ):
        tense = "perfect"  # "is sinds 27 september inzetbaar": a state reached
    if tense in ("perfect", "past"):
        # A report's date without a year lies behind the answer, not ahead of it.
        own_times = tuple(past_year(t, anchor) for t in own_times)
    aux_lemmas = {x.lemma for x in aux}
    if verb_is_aux:
        aux_lemmas.discard("gaan")
    intend = INTEND.search(clause_text) if INTEND_HINT.search(low) else None
    decided = DECIDED.search(clause_text) if DECIDED_HINT.search(low) else None
    marker = ""
    if withdraw_phrase or (act in WITHDRAW_ACTS and not undecided):
        modality = "withdrawn"
        phrase = withdraw_phrase.group(0) if withdraw_phrase else ""
        marker = verb if phrase.lower() in verb.lower() else f"{verb} {phrase}".strip()
    elif undecided or act in _CONSIDER or (act in DECIDE_ACTS and tense == "future"):
        modality = "considering"
        marker = undecided.group(0) if undecided else verb
    elif intend or "willen" in aux_lemmas:
        modality = "intends"
        marker = intend.group(0) if intend else next(x.text for x in aux if x.lemma == "willen")
    elif decided or tense == "future" or aux_lemmas & {"zullen", "gaan"} or (
        # Present for future: "Ik informeer uw Kamer voor de zomer", "Het kabinet stuurt ...",
        # "In de nota ga ik in op ..." (any act of the class that brings something to the
        # Kamer), and a continuing act: "Ik blijf ... volgen" = "Ik zal ... blijven volgen".
        tense == "present" and (act in DELIVER or "blijven" in aux_lemmas or any(
            t.relation in ("by", "from") or (t.first and t.first > anchor) for t in own_times
        ))
    ):
        if tense == "present":
            tense = "future"
        modality = "decided"
        marker = next((x.text for x in aux if x.lemma in ("zullen", "gaan", "worden")), verb)
        if decided:
            marker = decided.group(0)
    elif act:
        modality = "does"
        marker = verb
    else:
        modality = "does"
    marker = " ".join(marker.lower().split())
    # "nog geen besluit" is a rung (no decision yet), not a negated act; "sluit niet uit" is.
    polarity = not negation_words or bool(
        undecided and len(negation_words) == 1 and not undecided.group(0).lower().startswith(
            ("sluit", "niet uit"))
    )
    if len(negated_adjectives) % 2:
        polarity = not polarity
        negation_words += negated_adjectives
    actor = subject(tokens, finite)
    used = {particle_at} if particle_at is not None else set()
    objects = tuple(sorted({
        t.lemma for k, t in enumerate(tokens)
        if k not in used and t.form is None and t.lower not in FUNCTION
        and t.lower not in NEGATORS and len(t.lower) > 1 and not t.lower.isdigit()
        and t.lemma not in verb_words
    }))
    documents = tuple(d for d, _ in documents_in(text, a, b)) if DOCUMENT_HINT.search(low) \
        else ()
    return Clause(
        text=" ".join(text[a:b].split()), start=a, end=b, actor=actor, act=act, verb=verb,
        objects=objects, modality=modality, hedges=tuple(hedges), polarity=polarity,
        negation=" ".join(negation_words), tense=tense, times=own_times, amounts=own_amounts,
        documents=documents, reference=reference, subordinate=subordinate, marker=marker,
    )


def prepare(text: str) -> str:
    """NFC, no page furniture (same length is not needed: readings carry their own text)."""
    text = strip_furniture(unicodedata.normalize("NFC", text)).replace("\u00a0", " ")
    # A word split at a line end is one word ("Defensie-\nnota 2026").
    return _LINE_END_HYPHEN.sub("", text)


_LINE_END_HYPHEN = re.compile(r"(?<=[a-zë])-[ \t]*\n\s*(?=[a-zë])")


_BUT_ALSO = re.compile(r"\s*,?\s*maar\s+ook\b", re.IGNORECASE)
_NOT_ONLY = re.compile(r"\bniet\s+alleen\b", re.IGNORECASE)


def _joined_correlatives(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"niet alleen X, maar ook Y" is one clause with two parts, not a clause and a second
    statement ("kunnen niet alleen worden gerealiseerd door A, maar ook door B")."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and _BUT_ALSO.match(text, a) and _NOT_ONLY.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def analyse(text: str, *, date: date | None = None) -> Analysis:
    """Split ``text`` into sentences and clauses and read each clause.

    ``date`` is the date of the answer: relative times ("voor de zomer", "binnen twee
    maanden") are resolved against it (default: today, UTC).
    """
    from datetime import UTC, datetime

    anchor = date or datetime.now(UTC).date()
    text = prepare(text)
    citations = find_citations(text)
    clean = _blank(text, [(c.start, c.end) for c in citations])
    # ", zoals gemeld in de brief van ...," inserted in a sentence: said before, not said now.
    clean = _blank(clean, [(m.start(), m.end()) for m in ASIDE.finditer(clean)])
    sentences: list[Sentence] = []
    for span in sentence_spans(clean):
        # Each sentence is read once per process (statements of a lineage and the paragraphs
        # around them repeat in many texts); its reading is moved to where it stands.
        clauses = _sentence(clean[span.start : span.end], anchor)
        if span.start:
            clauses = tuple(_moved(c, span.start) for c in clauses)
        sentences.append(Sentence(" ".join(clean[span.start:span.end].split()), span.start,
                                  span.end, clauses))
    return Analysis(text, tuple(sentences), tuple(citations), clean,
                    tuple(c for s in sentences for c in s.clauses), anchor)


@lru_cache(maxsize=16384)
def _sentence(clean: str, anchor: date) -> tuple[Clause, ...]:
    """The clauses of one sentence (citations and asides already blanked out)."""
    # The year of an edition names the document, not a time ("Defensienota 2024" is no
    # deadline; "in de Miljoenennota 2027" is the document the Kamer is informed in).
    editions = edition_spans(clean)
    times = [t for t in find_times(clean, anchor)
             if not any(t.start < e and s < t.end for s, e in editions)]
    amounts = find_amounts(clean, [(t.start, t.end) for t in times] + editions)
    clauses: list[Clause] = []
    for k, (a, b) in enumerate(_joined_correlatives(clean, clause_spans(clean, 0, len(clean)))):
        first = clean[a:b].lstrip().split(" ", 1)[0].lower()
        sub = ((k > 0 and first in SUBORDINATORS) or bool(FRONTED.match(clean, a, b))) \
            and not (k == 0 and role_opening(clean, a, b))
        clauses.append(read_clause(clean, a, b, times, amounts, sub, anchor))
    if any(c.subordinate and c.text[:5].lower() == "mits " for c in clauses):
        # "..., mits de verordening tijdig wordt vastgesteld": the condition hedges the
        # statement it is attached to, wherever it stands in the sentence.
        clauses = [c if c.subordinate or "onder voorwaarde" in c.hedges else replace(
            c, hedges=tuple(sorted({*c.hedges, "onder voorwaarde"}))) for c in clauses]
    return tuple(clauses)
