"""Answer validation: every check, and a good answer passing."""

import json

import pytest

from teameval.llm.errors import InvalidAnswer
from teameval.llm.validation import validate_answer
from teameval.privacy.anonymise import Anonymiser

GOOD = (
    "Je teamgenoten waarderen hoe je meedenkt en anderen helpt. Ze vinden je betrouwbaar en "
    "prettig om mee samen te werken. Bij de planning zien ze ruimte om te groeien, want je "
    "deel kwam een paar keer te laat. Kies voor de komende weken één vast moment per week om "
    "je taken te plannen."
)
NAMES = Anonymiser(["Jan de Vries", "Sanne Bakker"]).names_in


def _answer(**overrides: object) -> str:
    data = {
        "summary": GOOD,
        "strengths": ["Denkt mee", "Betrouwbaar"],
        "improvements": ["Planning"],
        "action": "Plan elke week een vast moment voor je taken.",
    } | overrides
    return json.dumps(data, ensure_ascii=False)


def _reason(content: str, language: str = "nl") -> str:
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(content, language=language, names_in=NAMES)
    return caught.value.reason


def test_a_good_answer_passes_and_keeps_its_structure() -> None:
    answer = validate_answer(_answer(), language="nl", names_in=NAMES)
    assert answer.summary == GOOD and answer.strengths == ["Denkt mee", "Betrouwbaar"]


def test_a_json_fence_is_tolerated() -> None:
    assert validate_answer(f"Hier:\n```json\n{_answer()}\n```", language="nl", names_in=NAMES)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Je teamgenoten vinden je fijn.", "invalid_json"),
        ('{"summary": "x"', "invalid_json"),
        ("[1, 2]", "schema"),
        (json.dumps({"summary": GOOD}), "schema"),
        (_answer(strengths="Denkt mee"), "schema"),
        (_answer(action=""), "schema"),
        (_answer(strengths=["x" * 400]), "schema"),
        (_answer(summary="Goed gedaan."), "length"),
        (_answer(summary=GOOD * 4), "length"),
        (_answer(summary="Sorry, daar kan ik je helaas niet mee helpen. " + GOOD), "refusal"),
        (_answer(summary="Als AI-model kan ik geen oordeel geven. " + GOOD), "refusal"),
        (_answer(summary=GOOD.replace("Je teamgenoten", "Sanne")), "name"),
        (_answer(summary=GOOD.replace("Je teamgenoten", "de Vries en anderen")), "name"),
        (_answer(action="Vraag Jan om hulp bij het plannen."), "name"),
        (_answer(summary=GOOD + " Kijk op https://example.org voor tips."), "link"),
        (_answer(summary=GOOD + " Mail naar coach@school.nl voor hulp."), "link"),
        (_answer(summary=GOOD.replace("Je teamgenoten", "[naam] en je teamgenoten")), "token"),
        (_answer(summary="**Samenvatting**\n" + GOOD), "markup"),
        (_answer(summary="<p>" + GOOD + "</p>"), "markup"),
        (_answer(summary="- " + GOOD), "markup"),
    ],
)
def test_unusable_answers_are_refused_with_a_reason(content: str, reason: str) -> None:
    assert _reason(content) == reason


def test_the_language_must_be_the_one_asked_for() -> None:
    english = (
        "Your teammates value how you help others and think along. They find you reliable and "
        "pleasant to work with. They see room to grow in your planning, because your part was "
        "late a few times. For the coming weeks, pick one moment a week to plan your tasks."
    )
    assert _reason(_answer(summary=english)) == "language"
    assert validate_answer(
        _answer(summary=english, action="Plan one fixed moment a week."),
        language="en",
        names_in=NAMES,
    )
    assert _reason(_answer(), language="en") == "language"


# Issue 15: a class with a van den Berg, a de Wit, a Staat and an Assistent.
CLASS = Anonymiser(
    [
        "Noor van den Berg",
        "Femke de Wit",
        "Sophie Staat",
        "Yusuf Assistent",
        "Sanne de Vries",
        "Lars Jansen",
        "Bram van der Meer",
    ]
).names_in
_ORDINARY = (
    "Je teamgenoten zien hoe je een berg werk hebt verzet. Ze vinden het niet zwart-wit: soms "
    "was je niet in staat om op tijd te komen, en dan kwam je deel te laat. Als assistent van "
    "de projectleider deed je meer dan je deel. Kies één vast moment per week om te plannen."
)


@pytest.mark.parametrize(
    "phrase",
    ["een berg werk", "zwart-wit", "niet in staat", "Als assistent", "meer dan je deel", "laat"],
)
def test_ordinary_dutch_is_neither_a_name_nor_a_refusal(phrase: str) -> None:
    assert phrase in _ORDINARY
    answer = validate_answer(_answer(summary=_ORDINARY), language="nl", names_in=CLASS)
    assert answer.summary == _ORDINARY


@pytest.mark.parametrize(
    ("inserted", "reason"),
    [
        ("@sanne_devries", "name"),
        ("Devries", "name"),
        ("DeVries", "name"),
        ("LarsJansen", "name"),
        ("sanne123", "name"),
        ("S\u200banne", "name"),
        ("S\u0430nne", "name"),  # a Cyrillic a
        ("Van der Meer", "name"),
        ("evil.xyz/steal", "link"),
        ("discord.gg/abcd", "link"),
        ("t.co/x", "link"),
        ("spiegel.de", "link"),
        ("bbc.co.uk", "link"),
    ],
)
def test_an_answer_repeating_a_handle_a_variant_or_a_link_is_refused(
    inserted: str, reason: str
) -> None:
    summary = GOOD.replace(
        "Je teamgenoten waarderen", f"Volgens {inserted} waarderen je teamgenoten"
    )
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(_answer(summary=summary), language="nl", names_in=CLASS)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "refusal",
    [
        "Ik ben helaas niet in staat om deze feedback samen te vatten.",
        "Als AI-model kan ik hier geen oordeel over geven.",
        "Als taalmodel geef ik geen cijfers.",
    ],
)
def test_a_real_refusal_is_still_refused(refusal: str) -> None:
    assert _reason(_answer(summary=refusal + " " + GOOD)) == "refusal"
