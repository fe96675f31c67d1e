"""Answer validation: every check, and a good answer passing."""

import json

import pytest

from teameval.llm.errors import InvalidAnswer
from teameval.llm.types import CriterionFeedback, SummaryRequest
from teameval.llm.validation import validate_answer
from teameval.privacy.anonymise import Anonymiser

# c1, c2 (Samenwerking), c3 (Planning): what GOOD and its points rest on.
REQUEST = SummaryRequest(
    "nl",
    1,
    5,
    3,
    (
        CriterionFeedback(
            "Samenwerking",
            4.3,
            4,
            (
                "Denkt altijd mee en helpt anderen.",
                "Betrouwbaar en prettig om mee samen te werken.",
            ),
        ),
        CriterionFeedback("Planning", 2.7, 4, ("Haar deel kwam een paar keer te laat.",)),
    ),
)

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
        "strengths": [
            {"point": "Je denkt mee", "sources": ["c1"]},
            {"point": "Betrouwbaar", "sources": ["c2"]},
        ],
        "improvements": [{"point": "Je deel kwam soms te laat", "sources": ["c3"]}],
        "action": "Plan elke week een vast moment voor je taken.",
    } | overrides
    return json.dumps(data, ensure_ascii=False)


def _in(language: str, request: SummaryRequest = REQUEST) -> SummaryRequest:
    return SummaryRequest(language, 1, 5, 3, request.criteria)


def _reason(content: str, language: str = "nl", request: SummaryRequest = REQUEST) -> str:
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(content, _in(language, request), names_in=NAMES)
    return caught.value.reason


def test_a_good_answer_passes_and_keeps_its_points_with_their_sources() -> None:
    answer = validate_answer(_answer(), REQUEST, names_in=NAMES)
    assert answer.summary == GOOD
    assert [(p.point, p.sources) for p in answer.strengths] == [
        ("Je denkt mee", ("c1",)),
        ("Betrouwbaar", ("c2",)),
    ]
    stored = answer.as_dict()
    assert stored["improvements"] == [{"point": "Je deel kwam soms te laat", "sources": ["c3"]}]
    assert stored["sources"]["c3"] == {
        "criterion": "Planning",
        "text": "Haar deel kwam een paar keer te laat.",
    }


def test_a_json_fence_is_tolerated() -> None:
    assert validate_answer(f"Hier:\n```json\n{_answer()}\n```", REQUEST, names_in=NAMES)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Je teamgenoten vinden je fijn.", "invalid_json"),
        ('{"summary": "x"', "invalid_json"),
        ("[1, 2]", "schema"),
        (json.dumps({"summary": GOOD}), "schema"),
        (_answer(strengths="Denkt mee"), "schema"),
        (_answer(strengths=["Denkt mee"]), "schema"),
        (_answer(strengths=[{"point": "Denkt mee"}]), "schema"),
        (_answer(action=""), "schema"),
        (_answer(strengths=[{"point": "x" * 400, "sources": ["c1"]}]), "schema"),
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
    english_points = {
        "strengths": [{"point": "You help others", "sources": ["c1"]}],
        "improvements": [{"point": "Your part came late", "sources": ["c3"]}],
    }
    assert validate_answer(
        _answer(summary=english, action="Plan one fixed moment a week.", **english_points),
        _in("en"),
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
ORDINARY_REQUEST = SummaryRequest(
    "nl",
    1,
    5,
    3,
    (
        *REQUEST.criteria,
        CriterionFeedback(
            "Inzet",
            4.0,
            4,
            (
                "Heeft een berg werk verzet. Het is niet zwart-wit, hoor.",
                "Was niet in staat om op tijd te komen.",
                "Als assistent van de projectleider deed ze meer dan haar deel.",
            ),
        ),
    ),
)
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
    answer = validate_answer(_answer(summary=_ORDINARY), ORDINARY_REQUEST, names_in=CLASS)
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
        validate_answer(_answer(summary=summary), REQUEST, names_in=CLASS)
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


# Issue 15, items 4, 5 and 9: an answer must rest on the comments, and say something.
_PROMPT_COPY = "Je bent een ervaren mentor op een middelbare school. " + GOOD


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        # Item 4: every point cites comments the prompt gave, and rests on them.
        (_answer(strengths=[{"point": "Je denkt mee", "sources": ["c9"]}]), "source"),
        (_answer(strengths=[{"point": "Je denkt mee", "sources": []}]), "source"),
        (_answer(strengths=[{"point": "Je denkt mee", "sources": ["17"]}]), "source"),
        (
            _answer(
                strengths=[{"point": "Je presenteert als een natuurtalent", "sources": ["c1"]}]
            ),
            "unsupported",
        ),
        (
            _answer(summary=GOOD + " Je presentaties waren indrukwekkend en origineel."),
            "unsupported",
        ),
        # Item 5: an obeying model, a grade or mark.
        (
            _answer(
                summary="Deze leerling verdient een tien en hoeft niets te verbeteren. " + GOOD
            ),
            "grade",
        ),
        (_answer(summary=GOOD + " Je verdient een 9 voor dit project."), "grade"),
        (_answer(summary=GOOD.replace("Kies", "Je cijfer is hoog. Kies")), "grade"),
        # Item 9: copied prompt text, schema placeholders, an action that is no sentence,
        # numbers outside the scale, the student not addressed as "je".
        (_answer(summary=_PROMPT_COPY), "copied"),
        (_answer(strengths=[{"point": "korte punten", "sources": ["c1"]}]), "placeholder"),
        (_answer(action="1 zin"), "placeholder"),
        (_answer(action="tekst"), "placeholder"),
        (_answer(action='":[{"'), "action"),
        (_answer(action="Plannen."), "action"),
        (_answer(summary=GOOD.replace("een paar keer", "10 keer")), "number"),
        (
            _answer(summary=GOOD + " Samen haalden jullie 10 punten op een schaal van 1 tot 5."),
            "number",
        ),
        (
            _answer(summary=GOOD.replace("Je teamgenoten", "De teamgenoten van de leerling")),
            "address",
        ),
        (
            _answer(
                summary=(
                    "De teamgenoten waarderen hoe de leerling meedenkt en anderen helpt. Ze vinden "
                    "haar betrouwbaar en prettig om mee samen te werken. Haar deel kwam een paar "
                    "keer te laat. Een vast moment per week voor de planning helpt."
                )
            ),
            "address",
        ),
    ],
)
def test_answers_that_rest_on_nothing_or_say_nothing_are_refused(content: str, reason: str) -> None:
    assert _reason(content) == reason


def test_the_same_content_rules_hold_in_english() -> None:
    request = SummaryRequest(
        "en",
        1,
        5,
        2,
        (
            CriterionFeedback("Planning", 2.5, 4, ("Often hands in work late.",)),
            CriterionFeedback("Teamwork", 4.5, 4, ("Always helps others and listens well.",)),
        ),
    )
    summary = (
        "Your teammates value how you help others and how well you listen. They see room to grow "
        "in your planning, because your work often came in late. As a next step, plan one fixed "
        "moment a week for your tasks."
    )
    good: dict[str, object] = {
        "summary": summary,
        "strengths": [{"point": "You help others", "sources": ["c2"]}],
        "improvements": [{"point": "Your work came in late", "sources": ["c1"]}],
        "action": "Plan one fixed moment a week for your tasks.",
    }
    assert validate_answer(json.dumps(good), request, names_in=NAMES).summary == summary
    bad: list[tuple[dict[str, object], str]] = [
        (
            {"summary": "This student deserves a ten and has nothing to improve. " + summary},
            "grade",
        ),
        ({"summary": summary.replace("Your teammates value how you", "The student")}, "address"),
        ({"summary": summary + " You scored 10 points on presenting."}, "number"),
        ({"strengths": [{"point": "You are a born leader", "sources": ["c2"]}]}, "unsupported"),
        ({"strengths": [{"point": "You help others", "sources": ["c7"]}]}, "source"),
        ({"action": "one sentence"}, "placeholder"),
        ({"summary": "You are an experienced secondary-school mentor. " + summary}, "copied"),
    ]
    for change, reason in bad:
        with pytest.raises(InvalidAnswer) as caught:
            validate_answer(json.dumps(good | change), request, names_in=NAMES)
        assert caught.value.reason == reason, change


@pytest.mark.parametrize(
    "ordinary",
    [
        "Je teamgenoten zien dat je een berg werk hebt verzet.",
        "Ze vinden het niet zwart-wit: soms was je niet in staat om op tijd te komen.",
        "Als assistent van de projectleider deed je meer dan je deel.",
        "Je kwam vaak te laat bij overleg, zeggen je teamgenoten.",
        "Je teamgenoten vinden dat je een compliment verdient voor je inzet.",
    ],
)
def test_ordinary_phrases_are_no_refusal_grade_or_unsupported_claim(ordinary: str) -> None:
    request = SummaryRequest(
        "nl",
        1,
        5,
        3,
        (
            *ORDINARY_REQUEST.criteria,
            CriterionFeedback(
                "Overleg", 3.0, 3, ("Kwam vaak te laat bij overleg.", "Verdient een compliment.")
            ),
        ),
    )
    summary = GOOD.replace("Kies voor", ordinary + " Kies voor")
    assert validate_answer(_answer(summary=summary), request, names_in=CLASS).summary == summary
