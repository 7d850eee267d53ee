"""Invariances of clause structure (hypothesis): a complement ("om ... te", an indirect "of"
question) is what an act is about, not the act; a verb in inverted order is read whatever its
homographs; "niet alleen ... maar ook" joins two acts without negating either."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.analysis import analyse
from monitor.track.classify import classify
from monitor.verdicts import QUIET

DAY = date(2025, 10, 7)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SUBJECTS = ["ik", "het kabinet", "de minister", "de staatssecretaris"]
# A study of a possibility: the act is the study; its "om ... te" complement and a noun phrase
# name the same possibility.
STUDIES = ["onderzoeken", "verkennen", "bezien", "bekijken", "nagaan"]
POSSIBILITIES = [
    ("publieksinteracties met dierentuindieren te verbieden",
     "een verbod op publieksinteracties met dierentuindieren"),
    ("de subsidieregeling voor buurthuizen te verlengen",
     "een verlenging van de subsidieregeling voor buurthuizen"),
    ("de bekostiging van de acute zorg te vereenvoudigen",
     "een vereenvoudiging van de bekostiging van de acute zorg"),
    ("de vergunning van de exploitant in te trekken",
     "een intrekking van de vergunning van de exploitant"),
]


def _verdicts(old: str, new: str) -> set[str]:
    return set(classify(old, new, date=DAY, old_date=DAY).verdicts)


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _zal(subject: str) -> str:
    return "zal" if subject != "wij" else "zullen"


@FAST
@given(st.sampled_from(SUBJECTS), st.sampled_from(STUDIES), st.sampled_from(POSSIBILITIES))
def test_a_possibility_studied_as_a_complement_or_a_noun_never_alerts(
    subject: str, study: str, possibility: tuple[str, str]
) -> None:
    complement, noun = possibility
    old = f"Daarom {_zal(subject)} {subject} de mogelijkheid {study} om {complement}."
    new = f"Daarom {_zal(subject)} {subject} de mogelijkheid tot {noun} {study}."
    assert _verdicts(old, new) <= QUIET, (old, new)


@FAST
@given(st.sampled_from(SUBJECTS), st.sampled_from(STUDIES), st.sampled_from(POSSIBILITIES))
def test_a_study_that_becomes_a_decision_still_alerts(
    subject: str, study: str, possibility: tuple[str, str]
) -> None:
    complement, _ = possibility
    old = f"Daarom {_zal(subject)} {subject} de mogelijkheid {study} om {complement}."
    new = f"Daarom heeft {subject} besloten {complement.removesuffix('.')}."
    assert "position_changed" in _verdicts(old, new), (old, new)


# An indirect question after a verb of study is its own (subordinate) clause: a modal verb in it
# ("kan") belongs to the question, not to the promise.
QUESTIONS = [("de regeling een specifieke uitkering {m} blijven",
              "de regeling een specifieke uitkering te laten blijven"),
             ("de termijn {m} worden verlengd", "de termijn te verlengen"),
             ("de gemeente deze taak {m} behouden", "de gemeente deze taak te laten behouden")]


@FAST
@given(st.sampled_from(["De minister", "Het kabinet", "Ik"]), st.sampled_from(STUDIES),
       st.sampled_from(QUESTIONS), st.just("kan"))
def test_a_modal_inside_an_indirect_question_is_no_hedge(
    subject: str, study: str, question: tuple[str, str], modal: str
) -> None:
    indirect, infinitive = question
    has = "heb" if subject == "Ik" else "heeft"
    new = f"{subject} {has} toegezegd te {study} of {indirect.format(m=modal)}."
    old = f"{subject} {has} toegezegd de mogelijkheden te {study} om {infinitive}."
    assert _verdicts(old, new) <= QUIET, (old, new)


# A separable verb whose finite form is also an adjective ("licht", "ruimt", "stelt") is read as
# the verb where the finite verb stands, before its subject.
FRONTED = ["In de Defensienota 2026", "Voor de zomer", "In het najaar van 2026",
           "Met de voortgangsbrief"]
TOPICS = ["de herijking van de balans tussen kwaliteit en kwantiteit",
          "de voortgang van de woningbouw", "de uitkomsten van de evaluatie"]


@FAST
@given(st.sampled_from(FRONTED), st.sampled_from(TOPICS),
       st.sampled_from(["licht ik uw Kamer in over", "informeer ik uw Kamer over",
                        "stel ik uw Kamer op de hoogte van"]),
       st.sampled_from(["licht ik uw Kamer in over", "informeer ik uw Kamer over"]))
def test_an_inverted_separable_verb_is_the_act(front: str, topic: str, one: str,
                                              other: str) -> None:
    old = f"Over {topic} informeer ik uw Kamer {front[0].lower() + front[1:]}."
    new = f"{front} {one} {topic}."
    assert _verdicts(old, new) <= QUIET, (old, new)
    assert _verdicts(f"{front} {other} {topic}.", new) <= QUIET


def test_licht_in_is_inlichten() -> None:
    [clause] = analyse("In de nota licht ik uw Kamer in over de planning.", date=DAY).clauses
    assert (clause.act, clause.actor) == ("inlichten", "ik")


@FAST
@given(st.sampled_from(["Het kabinet", "De minister"]),
       st.sampled_from([("de regeldruk voor mkb-bedrijven verminderen",
                         "hiervoor een actieplan opstellen"),
                        ("de wachttijden in de jeugdzorg verkorten",
                         "daarvoor extra middelen vrijmaken"),
                        ("de dijk bij Borgharen versterken", "de bewoners hierover informeren")]))
def test_niet_alleen_maar_ook_is_and(subject: str, acts: tuple[str, str]) -> None:
    first, second = acts
    old = f"{subject} wil {first} en zal {second}."
    new = f"{subject} wil niet alleen {first}, maar zal ook {second}."
    assert _verdicts(old, new) <= QUIET, (old, new)
    # ... and a real negation next to it still counts.
    negated = f"{subject} wil niet alleen {first}, maar zal niet {second}."
    assert "negation_flipped" in _verdicts(new, negated), (new, negated)


# Counts in words and in digits are one value, for durations as for amounts.
@FAST
@given(st.sampled_from([(14, "veertien"), (23, "drieëntwintig"), (8, "acht"), (36, "zesendertig"),
                        (12, "twaalf"), (19, "negentien")]),
       st.sampled_from(["weken", "maanden", "dagen"]),
       st.sampled_from(["De wachttijd bedraagt gemiddeld {n} {u}.",
                        "De gemeente beslist binnen {n} {u} op de aanvraag.",
                        "Het project duurt {n} {u}."]))
def test_a_duration_in_words_or_digits_never_alerts(n: tuple[int, str], unit: str,
                                                   form: str) -> None:
    digits, words = n
    old, new = form.format(n=digits, u=unit), form.format(n=words, u=unit)
    assert _verdicts(old, new) <= QUIET, (old, new)


# ", als ...", ", net als ..." without a verb of their own are no clauses (no condition).
@FAST
@given(st.sampled_from(["Nederland", "Het kabinet", "Defensie"]),
       st.sampled_from(["net als andere lidstaten", "als onderdeel van de Europese inzet",
                        "als eerste stap"]),
       st.sampled_from(["deelnemen aan het programma", "de verklaring ondertekenen",
                        "bijdragen aan de coalitie"]))
def test_a_comparison_or_role_is_no_clause(subject: str, phrase: str, act: str) -> None:
    old = f"{subject} zal, {phrase}, {act}."
    inverted = "het kabinet" if subject == "Het kabinet" else subject
    new = f"{_cap(phrase)} zal {inverted} {act}."
    assert _verdicts(old, new) <= QUIET, (old, new)


# A separable verb whose finite form is an auxiliary ("dien ... in", "ga ... in") in inverted
# order, and a continuing act ("blijf ... volgen"): the same promise as with "zal".
@FAST
@given(st.sampled_from([
    ("Naar verwachting zal ik het wetsvoorstel {t} bij uw Kamer indienen.",
     "Naar verwachting dien ik het wetsvoorstel {t} bij uw Kamer in."),
    ("In de nota zal ik {t} nader ingaan op de vulling van de krijgsmacht.",
     "Op de vulling van de krijgsmacht ga ik {t} nader in in de nota."),
    ("Ik zal de ontwikkelingen {t} nauwlettend blijven volgen.",
     "Ik blijf de ontwikkelingen {t} nauwlettend volgen."),
]), st.sampled_from(["in het voorjaar van 2026", "voor de zomer", "na het zomerreces"]))
def test_present_for_future_in_inverted_order_never_alerts(forms: tuple[str, str],
                                                          when: str) -> None:
    old, new = (f.format(t=when) for f in forms)
    assert _verdicts(old, new) <= QUIET, (old, new)


# A stance and its "dat" complement are one statement, however the stance is placed.
CONTENTS = [("de wet in 2027 in werking treedt", "treedt de wet in 2027 in werking",
             "De wet treedt in 2027 in werking"),
            ("de regeling per 1 januari 2026 wordt verlengd",
             "wordt de regeling per 1 januari 2026 verlengd",
             "De regeling wordt per 1 januari 2026 verlengd"),
            ("Nederland deelneemt aan EDIP", "neemt Nederland deel aan EDIP",
             "Nederland neemt deel aan EDIP")]


@FAST
@given(st.sampled_from(CONTENTS))
def test_an_expectation_as_a_verb_or_a_hedge_never_alerts(
    content: tuple[str, str, str]
) -> None:
    clause, inverted, _ = content
    old, new = f"Ik verwacht dat {clause}.", f"Naar verwachting {inverted}."
    assert _verdicts(old, new) <= QUIET, (old, new)


@FAST
@given(st.sampled_from(CONTENTS), st.sampled_from(["het kabinet", "de minister"]))
def test_a_decision_before_or_after_its_content_never_alerts(
    content: tuple[str, str, str], who: str
) -> None:
    clause, _, main = content
    old = f"{_cap(who)} heeft besloten dat {clause}."
    new = f"{main}, zo heeft {who} besloten."
    assert _verdicts(old, new) <= QUIET, (old, new)
    # ... and a decision that becomes a consideration still alerts.
    considered = f"{_cap(who)} overweegt of {clause}."
    assert "position_changed" in _verdicts(old, considered), (old, considered)


def test_a_decision_to_act_is_no_report_of_the_act() -> None:
    old = "Het kabinet wil in 2026 starten met de pilot."
    new = "Het kabinet heeft besloten in 2026 te starten met de pilot."
    assert _verdicts(old, new) == {"position_changed"}


@FAST
@given(st.sampled_from([
    ("Nederland is voornemens deel te nemen aan EDIP", "is Nederland voornemens deel te nemen"
     " aan EDIP"),
    ("Het kabinet zal de regeling verlengen", "zal het kabinet de regeling verlengen"),
    ("De gemeente verleent de vergunning", "verleent de gemeente de vergunning"),
]), st.sampled_from(["de verordening tijdig wordt vastgesteld", "de Kamer daarmee instemt",
                     "de middelen beschikbaar komen"]))
def test_a_condition_before_or_after_its_statement_is_one_hedge(forms: tuple[str, str],
                                                               condition: str) -> None:
    statement, inverted = forms
    after = f"{statement}, mits {condition}."
    before = f"Mits {condition}, {inverted}."
    assert _verdicts(after, before) <= QUIET, (after, before)
    assert "position_changed" in _verdicts(after, f"{statement}."), after
