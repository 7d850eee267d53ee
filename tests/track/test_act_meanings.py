"""The table of act meanings: a verb swap inside a class is a rewording, a swap to an opposing
or another class is a change of position, and a verb the table cannot place alerts as
`changed` where it touches a stance (never a guessed position change)."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.track.analysis.meanings import CLASS_OF, CLASSES, OPPOSITES, meaning, relation
from monitor.track.classify import classify

DAY = date(2025, 10, 7)


def test_every_lemma_has_one_class_and_opposites_name_known_classes() -> None:
    assert all(CLASS_OF[a] == name for name, acts in CLASSES.items() for a in acts)
    assert all(pair <= set(CLASSES) and len(pair) == 2 for pair in OPPOSITES)


@pytest.mark.parametrize(("a", "b", "how"), [
    ("meedoen", "participeren", "same"),
    ("toetreden", "aansluiten", "same"),
    ("nagaan", "verkennen", "same"),
    ("onderschrijven", "steunen", "same"),
    ("afwijzen", "verwerpen", "same"),
    ("uitstellen", "doorschuiven", "same"),
    ("dalen", "verlagen", "same"),
    ("steunen", "afwijzen", "opposite"),
    ("deelnemen", "uitstappen", "opposite"),
    ("invoeren", "afschaffen", "opposite"),
    ("uitstellen", "vervroegen", "opposite"),
    ("onderzoeken", "besluiten", "other"),
    ("ondertekenen", "bepleiten", "other"),
    ("repareren", "vervangen", "unknown"),
    ("steunen", "schilderen", "unknown"),
])
def test_relation_of_two_acts(a: str, b: str, how: str) -> None:
    assert relation(a, b) == how
    assert relation(b, a) == how


def test_a_lemma_outside_the_table_has_no_meaning() -> None:
    assert meaning("schilderen") is None
    assert meaning("ontraden") == "oppose"


def _verdicts(old: str, new: str) -> list[str]:
    return classify(old, new, date=DAY, old_date=DAY).verdicts


@pytest.mark.parametrize(("old", "new"), [
    ("De provincie onderschrijft de conclusies van de commissie.",
     "De provincie staat achter de conclusies van de commissie."),
    ("De minister verwerpt het amendement over de huurgrens.",
     "De minister ontraadt het amendement over de huurgrens."),
    ("Ik breng de knelpunten bij de vergunningverlening in kaart.",
     "Ik onderzoek de knelpunten bij de vergunningverlening."),
    ("Het waterschap voegt zich bij het netwerk van kustgemeenten.",
     "Het waterschap sluit zich aan bij het netwerk van kustgemeenten."),
    ("Het kabinet schuift de invoering van de heffing op.",
     "Het kabinet stelt de invoering van de heffing uit."),
    ("Ik zend de Kamer het verslag van het bestuurlijk overleg.",
     "Ik doe de Kamer het verslag van het bestuurlijk overleg toekomen."),
    ("De wijziging treedt per 1 januari 2027 in werking.",
     "De wijziging gaat per 1 januari 2027 in."),
    ("Het kabinet is tegen het voorstel voor een suikertaks.",
     "Het kabinet wijst het voorstel voor een suikertaks af."),
])
def test_a_verb_swap_inside_a_class_is_a_rewording(old: str, new: str) -> None:
    assert _verdicts(old, new) == ["reworded"]


@pytest.mark.parametrize(("old", "new"), [
    ("Het kabinet omarmt het voorstel van de Europese Commissie.",
     "Het kabinet verwerpt het voorstel van de Europese Commissie."),
    ("Het kabinet voert de heffing op plastic verpakkingen in.",
     "Het kabinet schaft de heffing op plastic verpakkingen af."),
    ("Het kabinet stelt de bouw van de sluis uit.",
     "Het kabinet vervroegt de bouw van de sluis."),
    ("Ons land participeert in het onderzoeksconsortium.",
     "Ons land stapt uit het onderzoeksconsortium."),
])
def test_a_swap_to_an_opposing_class_is_a_position_change(old: str, new: str) -> None:
    assert "position_changed" in _verdicts(old, new)


def test_a_verb_the_table_cannot_place_alerts_as_changed_when_it_is_a_stance() -> None:
    got = classify("Het kabinet repareert de gemaal bij Lelystad.",
                   "Het kabinet vervangt de gemaal bij Lelystad.", date=DAY, old_date=DAY)
    assert got.verdicts == ["changed"]
    assert any("repareert" in w for w in got.not_understood)


def test_an_unplaced_verb_of_what_others_do_is_no_alert() -> None:
    # A description of others' doings, no stance of the government: no alert for the verb.
    assert _verdicts("De sluis beschermt het achterland tegen hoogwater.",
                     "De sluis behoedt het achterland voor hoogwater.") == ["reworded"]


def test_the_documented_table_is_the_table() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "verdicts.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip()
            for line in doc.splitlines() if line.startswith("| `")}
    assert {name: ", ".join(sorted(acts)) for name, acts in CLASSES.items()} == rows
