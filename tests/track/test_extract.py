"""Extraction by reading: actor, act and object in one clause, references, exclusions, years,
and the commitment configuration that says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from monitor.config import CommitmentSettings, load_settings
from monitor.errors import ConfigError
from monitor.model import Answer, Document, Format, Kind
from monitor.track.extract import Matcher, extract

from .conftest import answer_2026, shipped_commitments

EDIP = "edip-participation"
NOTA = "defensienota-2026"


def _doc(*paragraphs: str) -> Document:
    return Document(identifier="ah-test", kind=Kind.ANSWER, source_format=Format.TEXT,
                    ministry="Defensie", date_received=date(2026, 6, 2),
                    answers=[Answer([1], list(paragraphs))])


def _found(commitment: str, *paragraphs: str) -> list[str]:
    matchers = [Matcher(c) for c in shipped_commitments() if c.id == commitment]
    return [e.text for e in extract(_doc(*paragraphs), matchers)]


@pytest.mark.parametrize("text", [
    "Ons land neemt sinds januari deel aan het Europese defensie-industrieprogramma.",
    "Het kabinet sluit zich aan bij EDIP.",
    "De regering trekt zich terug uit het European Defence Industry Programme.",
    "Defensie ziet per 2028 af van deelname aan EDIP.",
    "Na overleg met de partners treedt Nederland toe tot het EDIP-project voor munitie.",
    "Ik ben voornemens om namens Nederland deel te nemen aan EDIP.",
    "Wij treden toe tot EDIP.",
    "Nederland sluit zich, net als Duitsland, aan bij EDIP.",
    "Nederland zegt zijn deelname aan EDIP op.",
])
def test_actor_act_and_object_in_one_clause(text: str) -> None:
    assert _found(EDIP, text) == [text]


@pytest.mark.parametrize("text", [
    "Frankrijk en Italië nemen deel aan EDIP.",
    "Nederlandse bedrijven en kennisinstellingen kunnen deelnemen aan EDIP-projecten.",
    "Nederland neemt deel aan het Europees Defensiefonds; EDIP volgt later.",
    "EDIP is in maart 2024 door de Europese Commissie gepresenteerd.",
    "Het kabinet steunt de snelle vaststelling van EDIP en neemt deel aan de onderhandelingen.",
    "Defensie ondersteunt de deelname van de industrie aan EDIP.",
    "De Commissie heeft Nederland uitgenodigd deel te nemen aan EDIP.",
    "Via het EDF neemt Nederland deel aan projecten die later onder EDIP kunnen vallen.",
    "Ook andere lidstaten, zoals Zweden en Finland, nemen deel aan EDIP.",
])
def test_mentions_that_are_no_statement(text: str) -> None:
    assert _found(EDIP, text) == []


def test_object_by_reference_to_the_sentence_before() -> None:
    before = "In Brussel is overeenstemming bereikt over EDIP."
    for after in ("Nederland zal hieraan deelnemen.", "Nederland neemt er ook aan deel.",
                  "Ons land doet daaraan mee.", "Nederland neemt geen deel."):
        assert _found(EDIP, f"{before} {after}") == [after], after
    # Opening with the reference takes the sentence before along.
    assert _found(EDIP, f"{before} Hieraan zal Nederland deelnemen.") == [
        f"{before} Hieraan zal Nederland deelnemen."]
    # A reference to a sentence in another paragraph resolves to nothing.
    assert _found(EDIP, before, "Nederland zal hieraan deelnemen.") == []
    # A reference to a sentence about something else is about that.
    assert _found(EDIP, "Het EDF financiert onderzoek. Nederland neemt hieraan deel. EDIP "
                        "wordt later besproken.") == []


def test_niet_alleen_maar_ook_keeps_the_object() -> None:
    text = "Nederland neemt niet alleen deel aan EDIP, maar ook aan het Europees Defensiefonds."
    assert _found(EDIP, text) == [text]


@pytest.mark.parametrize(("text", "expected"), [
    ("Uw Kamer ontvangt de Defensienota 2026 na de zomer.", True),
    ("De Defensienota 2027 verschijnt na de verkiezingen.", True),  # slipped: same promise
    ("De komende Defensienota gaat in op de reservisten.", True),
    ("Het kabinet werkt aan een nieuwe Defensienota.", True),
    ("In de Defensienota 2024 is de marine versterkt.", False),
    ("Met de in 2024 verschenen Defensienota is uw Kamer geïnformeerd.", False),
    ("In de vorige Defensienota stond een investeringsagenda.", False),
    ("De Defensienota is een belangrijk sturingsinstrument.", False),
    ("De Defensienota van 2022 bevatte geen drones.", False),
    # Undated: a promise with a time to come is about the coming nota; a report is unsure.
    ("Uw Kamer ontvangt de Defensienota voor de zomer.", True),
    ("Hierover zal ik uw Kamer in de Defensienota informeren.", True),
    ("In de Defensienota is uw Kamer geïnformeerd over de investeringen.", False),
    ("In de vorige Defensienota stond dat het budget in 2027 stijgt.", False),
])
def test_defensienota_year_constraints(text: str, expected: bool) -> None:
    assert bool(_found(NOTA, text)) is expected


def test_seed_answer_yields_exactly_one_statement_per_commitment() -> None:
    found = extract(answer_2026(), [Matcher(c) for c in shipped_commitments()])
    assert sorted((f.commitment, f.questions[0]) for f in found) == [(NOTA, 7), (EDIP, 8)]


def test_old_keys_still_work() -> None:
    """A configuration written for the first extractor (terms, requires) keeps its meaning."""
    old = CommitmentSettings(
        id="edip", title="EDIP", terms=["EDIP"], requires=[r"\bNederland\b"],
        exclude_patterns=[r"bedrijven"],
    )
    docs = _doc("Nederland neemt deel aan EDIP.", "Duitsland neemt deel aan EDIP.",
                "Nederlandse bedrijven en Nederland nemen deel aan EDIP.")
    assert [e.text for e in extract(docs, [Matcher(old)])] == ["Nederland neemt deel aan EDIP."]
    assert old.object_terms == ["EDIP"]


@given(st.sampled_from([
    "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
    "Defensie-Industrie Programma (EDIP).",
    "Het kabinet heeft besloten dat Nederland toetreedt tot EDIP.",
    "Ons land trekt zich terug uit EDIP.",
]), st.sampled_from([
    "", " (Kamerstuk 21 501-28, nr. 245)", " (zie de brief van 3 maart jl.)",
]), st.sampled_from(["", "Defensie werkt samen met Europese partners.",
                     "Duitsland neemt deel aan EDIP."]))
@hsettings(max_examples=30, deadline=None)
def test_citations_and_neighbours_do_not_change_what_is_a_statement(
    statement: str, citation: str, neighbour: str
) -> None:
    cited = statement[:-1] + citation + "."
    paragraphs = [p for p in (neighbour, cited) if p]
    assert _found(EDIP, *paragraphs) == [cited]


@pytest.mark.parametrize(("snippet", "expected"), [
    ('actors = ["Nederland"]\nactorz = ["x"]\n', "commitments.0.actorz: unknown key"),
    ('acts = ["neemt deel"]\n', "'neemt deel' is not one word"),
    ("year_from = 26\n", "commitments.0.year_from"),
    ('undated = ["de nieuwe"]\n', "is not one word"),
    ('objects = [" "]\n', "an empty entry"),
    ("objects = []\n", "needs at least one of objects or patterns"),
    ('objects = ["EDIP"]\nexclude = "EDF"\n', "commitments.0.exclude"),
])
def test_bad_commitment_configuration_is_one_line(
    tmp_path: Path, snippet: str, expected: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[commitments]]\nid = "x"\ntitle = "X"\n' + snippet, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(config, environ={})
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_bad_commitment_configuration_stops_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from monitor.cli import main

    config = tmp_path / "config.toml"
    config.write_text('[[commitments]]\nid = "x"\ntitle = "X"\nobjects = ["EDIP"]\n'
                      'acts = ["neemt deel"]\n', encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["--config", str(config), "commitments"])
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "commitments.0.acts: 'neemt deel' is not one word" in err


def test_the_first_paragraph_may_refer_to_the_question() -> None:
    from monitor.model import Question

    doc = Document(
        identifier="ah-test", kind=Kind.ANSWER, source_format=Format.TEXT, ministry="Defensie",
        date_received=date(2026, 6, 2),
        questions=[Question(1, "Is Nederland voornemens deel te nemen aan EDIP?"),
                   Question(2, "Hoeveel kost dat?")],
        answers=[Answer([1], ["Ja. Het kabinet heeft besloten hieraan deel te nemen.",
                              "Nederland neemt deel."]),
                 Answer([2], ["Nederland neemt deel."])],
    )
    matchers = [Matcher(c) for c in shipped_commitments() if c.id == EDIP]
    found = extract(doc, matchers)
    # Only the first paragraph of the answer to the question that names EDIP leans on it.
    assert [(f.questions, f.text) for f in found] == [
        ([1], "Het kabinet heeft besloten hieraan deel te nemen.")
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Over deelname aan EDIP wordt uw Kamer na de zomer geïnformeerd.", True),
    ("Er is nog geen besluit genomen over deelname aan EDIP.", True),
    ("Deelname aan EDIP wordt momenteel onderzocht.", True),
    ("Over de Poolse deelname aan EDIP wordt uw Kamer na de zomer geïnformeerd.", False),
    ("Over deelname van lidstaten aan EDIP wordt uw Kamer geïnformeerd.", False),
    ("Voor deelname aan EDIP moeten lidstaten een nationale bijdrage leveren.", False),
    ("Deelname aan EDIP staat open voor alle lidstaten.", False),
])
def test_the_governments_own_unowned_act(text: str, expected: bool) -> None:
    """In a government answer, a promise to inform or decide about "deelname aan EDIP" without
    an owner is about Dutch participation; another party's act is not."""
    assert bool(_found(EDIP, text)) is expected


def test_a_sentence_after_a_statement_is_not_taken_for_a_reference() -> None:
    first = "De Defensienota 2026 verschijnt na de zomer."
    assert _found(NOTA, f"{first} Er wordt in de komende maanden hard gewerkt aan de "
                        "krijgsmacht.") == [first]
    assert _found(NOTA, f"{first} Daarin wordt ingegaan op drones.") == [
        f"{first} Daarin wordt ingegaan op drones."]


@pytest.mark.parametrize(("stance", "expected"), [
    ("Nederland beraadt zich nog", True),
    ("het kabinet overweegt dat nog", True),
    ("Nederland heeft besloten dat ook te doen", True),
    # no stance of the government: a description, not the commitment
    ("Nederland heeft daar geen oordeel over", False),
    ("Spanje beraadt zich nog", False),
])
def test_a_stance_without_an_object_takes_the_act_before_it(stance: str,
                                                            expected: bool) -> None:
    text = f"Frankrijk en Duitsland nemen deel aan EDIP; {stance}."
    assert bool(_found(EDIP, text)) is expected, text


@pytest.mark.parametrize("after", [
    "De regering neemt namens ons land aan dit programma deel.",
    "Ook Nederland sluit zich bij dat initiatief aan.",
    "Defensie treedt toe tot het genoemde programma.",
])
def test_a_demonstrative_noun_phrase_refers_to_the_sentence_before(after: str) -> None:
    before = "De Raad heeft het Europees Defensie-Industrie Programma vastgesteld."
    assert _found(EDIP, f"{before} {after}") == [after]
    # The same words after a sentence about something else are about that.
    assert _found(EDIP, f"Het EDF financiert gezamenlijk onderzoek. {after}") == []


@pytest.mark.parametrize(("text", "statement"), [
    ("Het kabinet onderschrijft de doelen van EDIP, maar neemt voorlopig niet deel.", True),
    ("Nederland ziet de waarde van EDIP en treedt er binnenkort toe.", True),
    ("Polen steunt EDIP, maar neemt vooralsnog niet deel.", False),
])
def test_a_coordinated_clause_keeps_the_subject_before_it(text: str, statement: bool) -> None:
    assert _found(EDIP, text) == ([text] if statement else [])
