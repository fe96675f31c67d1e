"""Validation on the golden answers (tests/llm/golden.py): every good answer passes, every bad
variant is refused, each for the reason its change should give."""

import pytest

from tests.llm.golden import ANSWERS, MUTATIONS, Outcome, outcomes

OUTCOMES = list(outcomes())


def test_the_golden_answers_cover_both_languages_and_most_cases() -> None:
    languages = [a["case"].split("-")[0] for a in ANSWERS]
    assert languages.count("nl") >= 15 and languages.count("en") >= 4
    assert {o.kind for o in OUTCOMES} == {"good", *MUTATIONS}


@pytest.mark.parametrize("outcome", OUTCOMES, ids=[f"{o.case}:{o.kind}" for o in OUTCOMES])
def test_golden_answer(outcome: Outcome) -> None:
    assert outcome.got == outcome.expected
