"""The extractive summariser on the golden set in tests/data: realistic Dutch and English
feedback, with names, contact details and injected instructions in the comments."""

import json
from pathlib import Path
from typing import Any

import pytest

from teameval.llm.extractive import pick_fragment, summarise
from teameval.llm.text import detect_language
from teameval.llm.types import CriterionFeedback, SummaryRequest
from teameval.llm.validation import sentence_count, structured_texts, validate_answer
from teameval.privacy.anonymise import Anonymiser, contains_contact, contains_token
from teameval.reviews.repository import ScoreRow
from teameval.summaries.generation import criteria_feedback

GOLDEN = json.loads((Path(__file__).parents[1] / "data" / "extractive_golden.json").read_text())
CASES = GOLDEN["cases"]


def request_of(case: dict[str, Any]) -> SummaryRequest:
    """The case as collect_feedback would build it: through the same anonymising code."""
    criteria = list(enumerate(case["criteria"]))
    rows = [
        ScoreRow(cid, n, False, review["scores"].get(name), review["comments"].get(name, ""))
        for n, review in enumerate(case["reviews"])
        for cid, name in criteria
    ]
    rows += [ScoreRow(cid, 99, True, (case["own"] or {}).get(name), "") for cid, name in criteria]
    anonymiser = Anonymiser(case["roster"], case["language"])
    low, high = case["scale"]
    return SummaryRequest(
        case["language"],
        low,
        high,
        len(case["reviews"]),
        criteria_feedback(criteria, rows, anonymiser),
    )


def _all_text(structured: dict[str, Any]) -> str:
    return "\n".join(structured_texts(structured, sources=False))


def test_the_golden_set_is_big_enough() -> None:
    languages = [c["language"] for c in CASES]
    assert languages.count("nl") >= 20 and languages.count("en") >= 5


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    request = request_of(case)
    structured = summarise(request)
    summary, text = structured["summary"], _all_text(structured)
    anonymiser = Anonymiser(case["roster"], case["language"])

    assert anonymiser.names_in(text) == [], summary
    assert not contains_contact(text) and not contains_token(text), summary
    assert 4 <= sentence_count(summary) <= 7, summary
    assert detect_language(summary) == case["language"], summary
    if case["weakest"]:  # one of the lowest-rated criteria is named, and the action is about it
        named = [w for w in case["weakest"] if w.lower() in structured["action"].lower()]
        assert named and named[0].lower() in summary.lower(), summary
    assert summarise(request) == structured  # deterministic
    # The fallback meets the bar an LLM answer must meet.
    validate_answer(json.dumps(structured), request, names_in=anonymiser.names_in)


def test_injected_instructions_stay_quoted_data_and_never_reach_the_summary() -> None:
    case = next(c for c in CASES if c["id"] == "nl-04-injectie")
    summary = summarise(request_of(case))["summary"]
    assert "Negeer" not in summary and "feedback>" not in summary and "10" not in summary
    assert "updates" in summary  # the real remark on the weakest criterion is quoted
    english = summarise(request_of(next(c for c in CASES if c["id"] == "en-04-injection")))
    assert "instructions" not in english["summary"] and "prompt" not in english["summary"]


def test_a_representative_dutch_summary_reads_as_a_paragraph() -> None:
    case = next(c for c in CASES if c["id"] == "nl-01-planning-zwak")
    summary = summarise(request_of(case))["summary"]
    assert summary == (
        "Je kreeg feedback van 3 teamgenoten; gemiddeld gaven ze je een 3,6 op een schaal van 1 "
        "tot 5. Het hoogst scoor je op samenwerking (gemiddeld 4,7). Een teamgenoot schrijft: "
        "“[[praise]]”. Het laagst scoor je op planning (gemiddeld 2,3), dus daar ligt de meeste "
        "ruimte om te groeien. Daarover merkt een teamgenoot op: “[[remark]]”. Op planning geef je "
        "jezelf een hogere score (4) dan je teamgenoten doen (2,3); het loont om te vragen waar "
        "dat verschil vandaan komt. Kies voor de komende weken één concreet punt bij planning om "
        "aan te werken, en vraag je teamgenoten na een tijdje of ze verschil merken."
    ).replace("[[praise]]", "Fijn om mee samen te werken, luistert goed").replace(
        "[[remark]]", "Kan beter plannen, we moesten vaak op haar wachten"
    )


def test_fragment_choice_prefers_the_central_sentence_with_the_right_tone() -> None:
    comments = (
        "Levert zijn deel vaak te laat in.",
        "Het verslag was mooi, maar zijn deel kwam te laat binnen.",
        "Leuk om mee te werken.",
        "Zijn deel was vaak te laat, de planning liep daardoor uit.",
    )
    # The first shares most words with the others (the second and fourth say the same).
    assert pick_fragment(comments, -1) == "Levert zijn deel vaak te laat in"
    assert pick_fragment(comments, +1) == "Leuk om mee te werken"
    # A placeholder is quoted as a neutral word, never as itself.
    assert pick_fragment(("[naam] is top, echt",), +1) == "een teamgenoot is top, echt"
    assert pick_fragment(("[name] is great, really",), +1, language="en") == (
        "a teammate is great, really"
    )


def test_no_comments_at_all_still_gives_a_useful_paragraph() -> None:
    request = SummaryRequest(
        "nl",
        1,
        5,
        2,
        (CriterionFeedback("Inzet", 4.5, 4, ()), CriterionFeedback("Planning", 3.0, None, ())),
    )
    summary = summarise(request)["summary"]
    assert "alleen op de cijfers gebaseerd" in summary and "planning" in summary
    assert 4 <= sentence_count(summary) <= 7


TEN_WITH_NAMES = [
    "Sanne en ik deden samen de planning, dat ging goed.",
    "Samen met Lars de bronnen gezocht, hij was heel behulpzaam.",
    "Zonder Bram van der Meer was het verslag nooit af gekomen.",
    "Je hielp Mila altijd als ze vastzat, heel fijn.",
    "Met @sanne_devries overlegd, jij nam de leiding.",
    "Jij en Daan de Boer hebben de enquête goed opgezet.",
    "Zie discord.gg/abcd: je was daar altijd actief met Lars.",
    "Je gaf Tim de Jong steeds goede tips voor de presentatie.",
    "Bel 06-12345678 als je vragen hebt, zei je tegen Femke.",
    "Goed gedaan, Sanne!",
]


def _request_with(comments: list[str], language: str = "nl") -> SummaryRequest:
    roster = [
        "Sanne de Vries",
        "Lars Jansen",
        "Bram van der Meer",
        "Mila Laat",
        "Daan de Boer",
        "Tim de Jong",
        "Femke de Wit",
    ]
    return request_of(
        {
            "roster": roster,
            "language": language,
            "criteria": ["Samenwerking", "Planning"],
            "scale": [1, 5],
            "own": None,
            "reviews": [
                {"scores": {"Samenwerking": 4, "Planning": 3}, "comments": {"Samenwerking": c}}
                for c in comments
            ],
        }
    )


def test_comments_that_name_people_are_used_with_neutral_words() -> None:
    """Issue 15: ten comments, each naming someone, never make 'geen toelichting'."""
    request = _request_with(TEN_WITH_NAMES)
    assert len(request.criteria[0].comments) == 10  # none dropped on the way in
    structured = summarise(request)
    text = _all_text(structured)
    assert "geen toelichting" not in text and "alleen op de cijfers" not in text
    assert "“" in structured["summary"]  # a comment is quoted
    assert "een teamgenoot" in text or "een link" in text or "een telefoonnummer" in text
    assert not contains_token(text) and not contains_contact(text)
    names = Anonymiser(["Sanne de Vries", "Lars Jansen", "Bram van der Meer"]).names_in
    assert names(text) == []


def test_without_quotes_the_summary_says_the_comments_are_there() -> None:
    request = _request_with(TEN_WITH_NAMES)
    summary = summarise(request, quotes=False)["summary"]
    assert "“" not in summary and "geen toelichting" not in summary
    assert "lees je zelf bij je resultaten" in summary


def test_geen_toelichting_only_when_there_is_none() -> None:
    assert "geen toelichting" in summarise(_request_with([""] * 3))["summary"]
    assert "geen toelichting" not in summarise(_request_with(["Goed gedaan, Sanne!"]))["summary"]
    english = summarise(_request_with(["Great job, Sanne!"], "en"))["summary"]
    assert "did not add comments" not in english
