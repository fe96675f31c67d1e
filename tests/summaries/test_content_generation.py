"""collect_feedback and generate_summary against the database and the fake LLM server."""

import dataclasses
import time

import pytest
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.llm.errors import PermanentLLMError, TransientLLMError
from teameval.models import ReviewAllocation, School
from teameval.summaries.generation import (
    FeedbackSnapshot,
    collect_feedback,
    fallback_summary,
    generate_summary,
)
from tests.factories.feedback import TeamFeedback
from tests.fakes.llm_server import FakeLLMServer
from tests.summaries.content_data import SECRETS, make_named_team


@pytest.fixture
def team(session: Session, school: School) -> TeamFeedback:
    return make_named_team(session, school)


def _snapshot(session: Session, team: TeamFeedback) -> FeedbackSnapshot:
    return collect_feedback(
        session, get_settings(), team.school.id, team.evaluation.id, team.students[0].id
    )


def _assert_nothing_secret_in(text: str) -> None:
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, secret


def test_collects_only_submitted_peer_feedback_anonymised(
    session: Session, team: TeamFeedback
) -> None:
    snapshot = _snapshot(session, team)
    request = snapshot.request
    assert snapshot.feedback_count == 2 and snapshot.language == "nl"
    collaboration, planning = request.criteria
    assert (collaboration.peer_average, collaboration.own_score) == (4.5, 5)
    assert (planning.peer_average, planning.own_score) == (2.5, 5)
    assert collaboration.comments == (
        "[naam] helpt iedereen en denkt altijd mee. Fijn om mee te werken.",
        "Werkt goed samen met [naam] en [naam].",
    )
    assert "[e-mail]" in planning.comments[0] and "[link]" in planning.comments[1]
    assert "[telefoonnummer]" in planning.comments[1]
    _assert_nothing_secret_in(str(snapshot.payload))  # the draft and self comments are absent
    assert "CONCEPT" not in str(snapshot.payload) and "Ik deed veel" not in str(snapshot.payload)
    assert "Sanne Bakker" in snapshot.roster and "Docent Pieters" in snapshot.roster


def test_the_hash_follows_submitted_feedback_not_drafts(
    session: Session, team: TeamFeedback
) -> None:
    before = _snapshot(session, team).feedback_hash
    assert _snapshot(session, team).feedback_hash == before
    draft = session.query(ReviewAllocation).filter_by(status="draft").one()
    draft.status = "submitted"
    session.commit()
    after = _snapshot(session, team)
    assert after.feedback_hash != before and after.feedback_count == 3


def test_the_hash_changes_with_the_model(
    session: Session, team: TeamFeedback, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(session, team).feedback_hash
    monkeypatch.setenv("TEAMEVAL_LLM_PROVIDER", "ollama")
    get_settings.cache_clear()
    try:
        assert _snapshot(session, team).feedback_hash != before
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_english_student_gets_english_input(session: Session, school: School) -> None:
    team = make_named_team(session, school)
    team.students[0].language = "en"
    session.commit()
    snapshot = _snapshot(session, team)
    assert snapshot.language == "en" and "[name]" in str(snapshot.payload)


def test_ai_summary_through_ollama_and_nothing_secret_was_sent(
    session: Session, team: TeamFeedback, fake_llm_env: FakeLLMServer
) -> None:
    generated = generate_summary(_snapshot(session, team), get_settings(), allow_fallback=False)
    assert generated.generation_method == "ai" and generated.provider == "ollama"
    assert generated.model == "llama3.1:8b" and generated.structured
    assert generated.prompt_tokens and generated.completion_tokens and generated.duration_ms
    assert "Planning" in generated.summary_text or "planning" in generated.summary_text
    assert len(fake_llm_env.requests()) == 1
    _assert_nothing_secret_in(fake_llm_env.received_text())


def test_ai_summary_through_openai(
    session: Session,
    team: TeamFeedback,
    fake_llm_env: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEAMEVAL_LLM_PROVIDER", "openai")
    get_settings.cache_clear()
    generated = generate_summary(_snapshot(session, team), get_settings(), allow_fallback=False)
    assert generated.generation_method == "ai" and generated.provider == "openai"
    assert fake_llm_env.requests()[0]["path"] == "/v1/chat/completions"
    _assert_nothing_secret_in(fake_llm_env.received_text())


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("error_500", TransientLLMError),
        ("busy_503", TransientLLMError),
        ("hang", TransientLLMError),
        ("model_not_found", PermanentLLMError),
        ("bad_request", PermanentLLMError),
    ],
)
def test_failures_raise_for_the_pipeline_or_fall_back(
    session: Session,
    team: TeamFeedback,
    fake_llm_env: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    error: type[Exception],
) -> None:
    monkeypatch.setenv("TEAMEVAL_LLM_READ_TIMEOUT_S", "0.5")
    get_settings.cache_clear()
    snapshot = _snapshot(session, team)
    fake_llm_env.configure(mode=mode, params={"seconds": 3})
    with pytest.raises(error):
        generate_summary(snapshot, get_settings(), allow_fallback=False)
    fallback = generate_summary(snapshot, get_settings(), allow_fallback=True)
    assert fallback.generation_method == "fallback" and fallback.provider == "extractive"
    assert "planning" in fallback.summary_text


@pytest.mark.parametrize(
    "mode",
    [
        "invalid_json",
        "schema_violation",
        "refusal",
        "too_short",
        "leak_link",
        "markup",
        "wrong_language",
    ],
)
def test_one_bad_answer_is_retried_with_a_stricter_prompt(
    session: Session, team: TeamFeedback, fake_llm_env: FakeLLMServer, mode: str
) -> None:
    fake_llm_env.enqueue(mode)
    generated = generate_summary(_snapshot(session, team), get_settings(), allow_fallback=False)
    assert generated.generation_method == "ai"
    first, second = fake_llm_env.prompts()
    assert second.startswith(first) and "niet bruikbaar" in second


def test_a_roster_name_in_the_answer_is_caught_and_retried(
    session: Session, team: TeamFeedback, fake_llm_env: FakeLLMServer
) -> None:
    fake_llm_env.enqueue({"mode": "leak_name", "name": "Jan de Vries"})
    generated = generate_summary(_snapshot(session, team), get_settings())
    assert generated.generation_method == "ai" and "Jan" not in generated.summary_text
    assert "er stond een naam in" in fake_llm_env.prompts()[1]
    assert "Jan" not in fake_llm_env.prompts()[1]  # the retry never repeats the name


def test_two_bad_answers_fall_back_at_once(
    session: Session, team: TeamFeedback, fake_llm_env: FakeLLMServer
) -> None:
    # Even for the pipeline (no fallback wanted): a failed stricter retry is not worth a retry of
    # the whole job, which used to make up to six calls per student.
    snapshot = _snapshot(session, team)
    fake_llm_env.configure(mode="leak_name", params={"name": "Sanne"})
    generated = generate_summary(snapshot, get_settings(), allow_fallback=False)
    assert generated.generation_method == "fallback"
    assert len(fake_llm_env.requests()) == 2
    _assert_nothing_secret_in(generated.summary_text)


def test_the_budget_bounds_a_slow_llm(
    session: Session, team: TeamFeedback, fake_llm_env: FakeLLMServer
) -> None:
    fake_llm_env.configure(latency=5)
    started = time.monotonic()
    generated = generate_summary(_snapshot(session, team), get_settings(), budget_s=0.5)
    assert time.monotonic() - started < 2
    assert generated.generation_method == "fallback"


def test_no_feedback_is_empty_without_calling_the_llm(
    session: Session, school: School, fake_llm_env: FakeLLMServer
) -> None:
    team = make_named_team(session, school)
    snapshot = collect_feedback(
        session, get_settings(), school.id, team.evaluation.id, team.students[3].id
    )
    generated = generate_summary(snapshot, get_settings())
    assert generated.generation_method == "empty" and snapshot.feedback_count == 0
    assert fake_llm_env.requests() == []


def test_the_last_resort_drops_quotes_that_would_leak(session: Session, team: TeamFeedback) -> None:
    snapshot = _snapshot(session, team)
    # A word of a quote that, for this test, is also a name on the roster.
    strict = dataclasses.replace(snapshot, roster=(*snapshot.roster, "Fijn"))
    generated = fallback_summary(strict)
    assert "Fijn" not in generated.summary_text and "“" not in generated.summary_text
    assert generated.generation_method == "fallback"


def test_warm_up_builds_a_roster_index_and_name_patterns_without_asking_the_llm(
    fake_llm_env: FakeLLMServer,
) -> None:
    from teameval.privacy import lexicon, roster
    from teameval.summaries import generation

    roster.roster_of.cache_clear()
    lexicon.zipf.cache_clear()
    generation.warm_up(get_settings())  # what a worker runs before it forks work-horses
    assert roster.roster_of.cache_info().currsize == 1
    assert lexicon.zipf.cache_info().currsize >= 1  # the word lists are loaded
    assert fake_llm_env.requests() == []  # made-up feedback never leaves the process
