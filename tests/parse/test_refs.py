"""Cross-references in answers: the phrasings of real answers, and what is not a reference."""

from __future__ import annotations

import pytest

from monitor.parse.refs import find_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zie ook het antwoord op vraag 1 en 3.", [1, 3]),
        ("Zie antwoord vraag 1.", [1]),
        ("Zie vraag 3.", [3]),
        ("Zie mijn antwoord op vraag 3, 8 en 9.", [3, 8, 9]),
        ("Zie het antwoord op de vragen 2 tot en met 4.", [2, 3, 4]),
        ("Hierop ga ik in het antwoord op vraag 5 nader in.", [5]),
        ("Zoals aangegeven bij vraag 1 is dat zo.", [1]),
        ("Ik verwijs u naar mijn antwoord op vraag 3 en 6.", [3, 6]),
        ("Zie de beantwoording van de vragen 5 t/m 7.", [5, 6, 7]),
        ("Nee, zie antwoord 6.", [6]),
        ("[zie. verder vraag 6]", [6]),
        ("; zie ook het antwoord opvraag 3.", [3]),  # a space lost by the extractor
        ("Zoals in de beantwoording vanvraag 2 opgenomen.", [2]),
        ("De verantwoordelijkheid voor vraag 4 ligt elders.", [4]),  # "verantw…" is no reference
        # other publications, no number, the answer's own question: no reference
        ("Zie ook de antwoorden op de vragen 3 en 4 van het lid Jansen (Aanhangsel Handelingen "
         "II 2023/24, nr. 1045).", []),
        ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1767 en 1775.", []),
        ("In antwoord op vraag 2 van de eerdere vragen (Aanhangsel Handelingen, vergaderjaar "
         "2022–2023, nr. 3) gaf ik aan dat het zo is.", []),
        ("Zoals ik hiervoor heb toegelicht, is dat zo.", []),
        ("Deze vraag 10 beantwoord ik graag.", []),
    ],
)  # fmt: skip
def test_references(text: str, expected: list[int]) -> None:
    assert find_references([text], own=[10], existing=set(range(1, 21))) == expected
