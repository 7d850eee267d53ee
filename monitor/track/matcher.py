"""One followed commitment's recogniser: a clause with the commitment's actor, act and object
(or the object by reference), no excluded party, and the right edition of a dated document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from monitor.config import CommitmentSettings
from monitor.model import Document
from monitor.track.analysis import Clause, analyse
from monitor.track.analysis.lemmas import lemma
from monitor.track.text import compile_terms

# A sentence that opens with a pronominal adverb or a demonstrative leans on the one before it
# ("Hierover wordt uw Kamer ... geïnformeerd.", "Dit betekent ...").
REFERS_BACK = re.compile(
    r"^[\"'“‘(]?(?:(?:en|maar|ook|verder|daarnaast|tevens|bovendien)\s+)?"
    r"(?:(?:hier|daar)(?:over|mee|bij|voor|in|op|toe|aan|door|na|uit|van|naar|om|onder|"
    r"tegen|achter|binnen|buiten|zonder|tussen)"
    r"|dit|dat|deze|die|dergelijke|zo['’]n|zulke|zij|ze|(?:het|de)\s+(?:voor|boven)?genoemde)\b",
    re.IGNORECASE,
)
# An object by reference anywhere in a clause: "hieraan", "daarover", "er ... aan", "deze".
_PREPS = r"(?:aan|over|in|op|mee|toe|bij|van|voor|uit|naar|onder|tegen)"
_REFERENCE = re.compile(
    rf"\b(?:hier|daar){_PREPS}\b|^(?:deze|dit|die)\b"
    # "aan dit programma", "in dat initiatief": a demonstrative noun phrase after a preposition
    # (not "dat" the conjunction, not "die" the relative pronoun).
    rf"|\b(?:{_PREPS[3:-1]}|tot|met)\s+"
    rf"(?:dit|dat|deze|dezelfde|het\s+(?:genoemde|betreffende|desbetreffende))"
    rf"\s+[^\W\d_]",
    re.IGNORECASE,
)
# The split form ("neemt er ook aan deel") is only read next to an act of the commitment: "er
# is … in" is mostly no reference at all.
_SPLIT_REFERENCE = re.compile(
    rf"\b(?:er|hier|daar)\b(?:\s+\S+){{0,4}}?\s+{_PREPS}\b", re.IGNORECASE
)
# Words that leave a clause without an object of its own ("Nederland neemt wel deel.").
_BARE = frozenset({
    "wel", "ook", "zelf", "eveneens", "evenzeer", "nog", "niet", "geen", "langer", "meer",
    "inmiddels", "vervolgens", "daarom", "tevens", "dus", "echter", "alsnog", "voorlopig",
    "vooralsnog", "thans", "nu", "momenteel", "dan", "deel", "mee", "toe", "aan", "af", "uit",
    "terug", "samen", "graag", "volledig", "eerst", "straks", "binnenkort", "mogelijk",
    "voornemen", "voornemens", "besluit", "besluiten", "bereid", "beide", "allebei",
})
# "niet alleen EDIP, maar ook het EDF": an excluded name on the other side of these words
# stands next to the object, not in its place.
_ALSO = re.compile(r"\b(?:maar\s+ook|en\s+ook|alsook|evenals|naast|behalve)\b", re.IGNORECASE)
# "<adjective> deelname" / "deelname van <owner>": whose act a noun of the act is.
_OWNED = re.compile(
    r"\b(?:([A-Z][a-zë]+(?:se|sche))\s+(\w+)|(\w+)\s+van\s+(?:de\s+|het\s+)?([\w-]+(?:\s+[\w-]+)?))",
)
_EARLIER = re.compile(
    r"\b(?:vorige|eerdere|voorgaande|afgelopen|oude|vroegere)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_FUTURE = re.compile(r"\b(?:zal|zullen|gaat|gaan)\b", re.IGNORECASE)
_KAMER = re.compile(r"^(?:(?:uw|de|het)\s+)?(?:tweede\s+)?kamer$", re.IGNORECASE)
_GOVERN_ACTS = frozenset({
    "informeren", "inlichten", "berichten", "rapporteren", "besluiten", "beslissen", "nemen",
    "overwegen", "onderzoeken", "verkennen", "bezien", "afwegen", "beraden", "heroverwegen",
})
# Subjects the reader may return that are no actor: adverbs, adjectives, the House informed.
_WEAK_ACTOR = re.compile(
    r"^(?:(?:uw|de|het)\s+)?(?:tweede\s+)?kamer$|^(?:" + "|".join(sorted(_BARE)) + r"|er|hier|"
    r"daar|zo|al|reeds|verder|daarnaast|bovendien|tevens|hierbij|daarbij)$",
    re.IGNORECASE,
)
# A noun of an act followed by its object ("deelname aan EDIP"); "deelname van lidstaten aan"
# has an owner and does not match.
_NOUN_ACT = re.compile(r"\b([A-Za-z]+)\s+(?:aan|in|bij|tot|uit)\b")
_NATIONALITY = re.compile(r"\b[A-Z][a-zë]+(?:se|sche)\s+$")


def _unowned_act(acts: frozenset[str], text: str) -> bool:
    """Whether ``text`` has a noun of one of ``acts`` without an owner ("over deelname aan
    EDIP", not "de Poolse deelname aan EDIP")."""
    for m in _NOUN_ACT.finditer(text):
        lead = text[max(0, m.start() - 25) : m.start()]
        if m.group(1).lower() in acts and not _NATIONALITY.search(lead):
            return True
    return False


_PARTICLE = re.compile(r"\b(?:toe|deel|mee|aan|af|terug|uit|op|in|bij)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{4,}")
_TE_VERB = re.compile(r"\b([^\W\d_]+)\s+te\s+([^\W\d_]+en)\b")
_YEAR_AFTER = re.compile(r"\s*(?:van\s+|uit\s+)?((?:19|20)\d\d)\b")
_YEAR_BEFORE = re.compile(r"\b(?:in|uit|van|sinds)\s+((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}$")


class Matcher:
    """Recognises statements about one commitment."""

    def __init__(self, commitment: CommitmentSettings) -> None:
        self.commitment = commitment
        self.terms = compile_terms(commitment.object_terms, commitment.patterns)
        self.actors = compile_terms(commitment.actors)
        self.acts = frozenset(commitment.acts)
        self.exclude = compile_terms(commitment.exclude)
        self.excludes = [re.compile(p, re.IGNORECASE) for p in commitment.exclude_patterns]
        self.requires = [re.compile(p, re.IGNORECASE) for p in commitment.requires]
        self.ministries = [m.casefold() for m in commitment.ministries]
        self.year_from = commitment.year_from
        self.undated = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, commitment.undated))
                       + r")\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
            if commitment.undated else None
        )

    def applies_to(self, document: Document) -> bool:
        if not self.ministries:
            return True
        ministry = document.ministry.casefold()
        return any(m in ministry for m in self.ministries)

    def objects_in(self, text: str, *, undated_ok: bool = False) -> list[tuple[int, int]]:
        """Spans of the mentions of the object in ``text`` that are this commitment's object
        (not another year's edition, not an unqualified undated one when that is required,
        unless ``undated_ok``)."""
        if self.terms is None:
            return []
        out: list[tuple[int, int]] = []
        for m in self.terms.finditer(text):
            year = _YEAR_AFTER.match(text, m.end())
            before = _YEAR_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
            found = year or before
            lead = text[max(0, m.start() - 40) : m.start()]
            if _EARLIER.search(lead):
                continue  # "de vorige Defensienota": another edition, dated or not
            if found:
                if self.year_from is not None and int(found.group(1)) < self.year_from:
                    continue
            elif not undated_ok and self.undated is not None and not self.undated.search(
                text[max(0, m.start() - 40) : m.start()]
            ):
                continue
            out.append((m.start(), m.end()))
        return out

    def mentions(self, sentence: str) -> bool:
        """Whether ``sentence`` names the object (a cheap test: no reading)."""
        if not self.objects_in(sentence):
            return False
        return not any(p.search(sentence) for p in self.excludes)

    def accepts(self, statement: str) -> bool:
        return all(p.search(statement) for p in self.requires)

    # --- reading ------------------------------------------------------------------------

    def _blank_objects(self, text: str) -> str:
        # "Defensie" inside "Europees Defensie-Industrie Programma" is no actor.
        if self.terms is None:
            return text
        return self.terms.sub(lambda m: " " * len(m.group(0)), text)

    def _actor_ok(self, clause: Clause, earlier: Sequence[Clause]) -> bool:
        actor, scope = clause.actor, clause.text
        if not actor:
            # An elided subject ("… en neemt deel aan EDIP") is the one of the clause before.
            before = next((c for c in reversed(earlier) if c.actor), None)
            if before is not None:
                actor, scope = before.actor, f"{before.text} {clause.text}"
        actor, scope = self._blank_objects(actor).strip(), self._blank_objects(scope)
        if self.exclude is not None and actor and self.exclude.search(actor):
            return False
        if self.actors is None:
            return True
        named = bool(self.actors.search(scope))
        if actor and self.actors.search(actor):
            # Named in the clause itself, not only guessed by the reader ("Defensie" inside a
            # programme's name is no actor).
            return named
        # The act itself as a passive subject ("Deelname aan EDIP wordt onderzocht") is none.
        own_act = actor.split(" ", 1)[0].lower() in self.acts if actor else False
        if actor and not own_act and not _WEAK_ACTOR.match(actor):
            return False  # another subject acts: "Polen neemt deel", "lidstaten moeten …"
        # No subject, or a word the reader mistook for one ("Ook Nederland zelf is voornemens
        # …", a passive "uw Kamer"): an actor named in the clause acts, or nobody else does —
        # in a Dutch government answer, "deelname aan EDIP" without an owner is Dutch.
        if named:
            return True
        # Promises to inform or decide about an unowned act are the government's own.
        governs = clause.act in _GOVERN_ACTS or bool(actor and _KAMER.match(actor))
        return governs and _unowned_act(self.acts, scope)

    def _act_ok(self, clause: Clause, earlier: Sequence[Clause] = ()) -> bool:
        if not self.acts:
            return True
        if clause.act in self.acts:
            return True
        # A noun of the act owned by another party: "de Poolse deelname", "deelname van
        # lidstaten".
        text = self._blank_objects(clause.text)
        for m in _OWNED.finditer(text):
            noun = (m.group(2) or m.group(3) or "").lower()
            if noun in self.acts:
                owner = m.group(1) or m.group(4) or ""
                if owner and (self.actors is None or not self.actors.search(owner)):
                    return False
        # The act as read, a noun of the act ("deelname"), and separable verbs the reader left
        # apart ("nemen samen deel", "zich uit EDIP terug te trekken").
        acts = {clause.act, *clause.objects}
        # Compounds of an act noun: "deelnameovereenkomst".
        acts.update(a for a in self.acts for o in clause.objects if len(a) >= 7
                    and o.startswith(a))
        verbs = {clause.act} if clause.act else {c.act for c in earlier[-1:]}
        words = {w.lower() for w in _WORD.findall(clause.text)}
        particles = {p.lower() for p in _PARTICLE.findall(clause.text)} | set(clause.objects)
        acts.update(p + v for p in particles for v in verbs | words)
        acts.update(a.lower() + b.lower() for a, b in _TE_VERB.findall(clause.text))
        if not self.acts.isdisjoint(acts) or any(lemma(a) in self.acts for a in acts - {""}):
            return True
        # A verb in a clause the reader did not split off ("besloten dat Nederland toetreedt").
        return any(lemma(w) in self.acts for w in _WORD.findall(clause.text))

    def _excluded(self, text: str, mentions: list[tuple[int, int]]) -> bool:
        if self.exclude is None:
            return False
        for m in self.exclude.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in mentions):
                continue  # part of the object's own name ("Defensie-Industrie Programma")
            if not mentions:
                return True
            # Only an excluded name that shares the object's place (not one joined by
            # "maar ook", "naast" …) makes the clause about something else.
            apart = all(
                _ALSO.search(text[min(m.end(), b) : max(m.start(), a)]) for a, b in mentions
            )
            if not apart:
                return True
        return False

    def _bare(self, clause: Clause) -> bool:
        """A clause whose act has no object of its own: it is about the one before."""
        actor_words = {w.lower() for w in re.findall(r"[\w-]+", clause.actor)}
        rest = [o for o in clause.objects if o not in _BARE and o not in actor_words]
        return not rest

    def states(self, sentence: str, previous: str | None, when: date | None) -> str | None:
        """How ``sentence`` states the commitment: ``"own"`` (it names the object),
        ``"previous"`` (by reference to ``previous``) or ``None`` (it does not)."""
        if any(p.search(sentence) for p in self.excludes):
            return None
        own = self.terms is not None and bool(self.terms.search(sentence))
        before = previous is not None and bool(self.objects_in(previous))
        if not own and not before:
            return None
        clauses = analyse(sentence, date=when).clauses
        # An undated mention in a promise with a time to come ("Uw Kamer ontvangt de
        # Defensienota voor de zomer", "zal … in de Defensienota") is about the coming one.
        coming = self.undated is not None and (bool(_FUTURE.search(sentence)) or any(
            t.relation != "duration" and (when is None or (t.last or t.first or when) >= when)
            for c in clauses for t in c.times
        ))
        for k, clause in enumerate(clauses):
            mentions = self.objects_in(clause.text, undated_ok=coming)
            resolved = "own"
            if not mentions:
                earlier = any(self.objects_in(c.text, undated_ok=coming) for c in clauses[:k])
                if not (earlier or before):
                    continue
                split = bool(_SPLIT_REFERENCE.search(clause.text)) or self._bare(clause)
                refers = bool(_REFERENCE.search(clause.text)) or (bool(self.acts) and split)
                if not refers:
                    continue
                resolved = "own" if earlier else "previous"
            # "...nemen deel aan EDIP; Nederland beraadt zich nog": a stance without an object
            # of its own takes the act of the clause before it.
            carried = (not mentions and self._bare(clause) and clause.modality != "does"
                       and any(self._act_ok(c) for c in clauses[:k]))
            if not (carried or self._act_ok(clause, clauses[:k])) or not self._actor_ok(
                clause, clauses[:k]
            ):
                continue
            if self._excluded(clause.text, mentions):
                continue
            return resolved
        return None
