"""The synchronous summary endpoints: summary (cached or made now), regenerate, quotes."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.db import session_factory
from teameval.models import (
    FeedbackSummary,
    ReviewAllocation,
    ReviewScore,
    School,
    SummaryGenerationJob,
    User,
    utcnow,
)
from teameval.summaries.content_service import SummaryContentService
from teameval.summaries.schemas import SummaryRead
from tests.factories.feedback import TeamFeedback
from tests.factories.school import make_school, make_user
from tests.factories.summaries import principal_of
from tests.fakes.llm_server import FakeLLMServer
from tests.summaries.content_data import SECRETS, make_named_team

Login = Callable[[User], dict[str, Any]]
BASE = "/api/v1/feedback-summaries/evaluation"


@pytest.fixture
def team(session: Session, school: School) -> TeamFeedback:
    return make_named_team(session, school)


def _url(team: TeamFeedback, student: int = 0, suffix: str = "") -> str:
    return f"{BASE}/{team.evaluation.id}/student/{team.students[student].id}{suffix}"


def test_student_gets_a_summary_then_the_cached_one(
    client: TestClient, login: Login, team: TeamFeedback, session: Session
) -> None:
    headers = login(team.students[0])
    first = client.get(_url(team), headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["cached"] is False and body["generation_method"] == "fallback"
    assert body["feedback_count"] == 2 and body["generated_at"]
    assert "planning" in body["summary_text"]
    second = client.get(_url(team), headers=headers).json()
    assert second["cached"] is True and second["summary_text"] == body["summary_text"]
    stored = session.query(FeedbackSummary).one()
    assert stored.provider == "extractive" and stored.model == "extractive-v1"

    draft = session.query(ReviewAllocation).filter_by(status="draft").one()
    draft.status, draft.submitted_at = "submitted", utcnow()
    session.commit()
    third = client.get(_url(team), headers=headers).json()
    assert third["cached"] is False and third["feedback_count"] == 3


def test_who_may_see_what(
    client: TestClient, login: Login, team: TeamFeedback, session: Session
) -> None:
    own = login(team.students[0])
    assert client.get(_url(team, 1), headers=own).status_code == 404  # a teammate's
    assert client.get(_url(team, 1, "/quotes"), headers=own).status_code == 404
    assert (
        client.get(f"{BASE}/999999/student/{team.students[0].id}", headers=own).status_code == 404
    )
    teacher = login(team.teacher)
    assert client.get(_url(team, 1), headers=teacher).status_code == 200
    assert (
        client.get(f"{BASE}/{team.evaluation.id}/student/999999", headers=teacher).status_code
        == 404
    )
    assert client.get(_url(team)).status_code == 401

    other_school = make_school(session)
    outsider = make_user(session, other_school, "teacher")
    assert client.get(_url(team), headers=login(outsider)).status_code == 404
    assert client.get(_url(team, 0, "/quotes"), headers=login(outsider)).status_code == 404


def test_students_wait_for_the_evaluation_to_close(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    team = make_named_team(session, school, status="open")
    response = client.get(_url(team), headers=login(team.students[0]))
    assert response.status_code == 403
    assert client.get(_url(team), headers=login(team.teacher)).status_code == 200  # a preview


def test_teacher_review_shows_students_only_the_published_summary(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    team = make_named_team(session, school, summary_release="teacher_review")
    student = login(team.students[0])
    assert client.get(_url(team), headers=student).status_code == 403
    assert client.get(_url(team), headers=login(team.teacher)).status_code == 200
    stored = session.query(FeedbackSummary).one()
    stored.edited_text, stored.edited_feedback_hash = (
        "Door je docent nagekeken.",
        stored.feedback_hash,
    )
    stored.published_at = utcnow()
    session.commit()
    body = client.get(_url(team), headers=student).json()
    assert body["summary_text"] == "Door je docent nagekeken." and body["cached"] is True
    assert client.post(_url(team, 0, "/regenerate"), headers=student).status_code == 403


def test_regenerate_makes_a_new_summary_and_limits_students(
    client: TestClient, login: Login, team: TeamFeedback, session: Session
) -> None:
    teacher = login(team.teacher)
    first = client.post(_url(team, 0, "/regenerate"), headers=teacher)
    assert first.status_code == 200 and first.json()["cached"] is False
    generated_at = session.query(FeedbackSummary).one().generated_at
    assert client.post(_url(team, 0, "/regenerate"), headers=teacher).status_code == 200
    session.expire_all()
    assert session.query(FeedbackSummary).one().generated_at > generated_at

    student = login(team.students[0])
    answers = [client.post(_url(team, 0, "/regenerate"), headers=student) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].headers.get("Retry-After")
    assert client.post(_url(team, 1, "/regenerate"), headers=student).status_code == 404


def test_quotes_are_anonymised_short_and_only_submitted_peer_comments(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    team = make_named_team(session, school)
    long_comment = (
        session.query(ReviewAllocation).filter_by(status="submitted", is_self=False).first()
    )
    assert long_comment is not None
    score = session.query(ReviewScore).filter_by(allocation_id=long_comment.id).first()
    assert score is not None
    score.comment = "Heel uitgebreid verhaal over de samenwerking. " * 20
    session.commit()
    body = client.get(_url(team, 0, "/quotes"), headers=login(team.students[0])).json()
    assert body["count"] == len(body["quotes"]) == 4
    texts = [q["text"] for q in body["quotes"]]
    assert all(len(t) <= 300 for t in texts) and any(t.endswith("…") for t in texts)
    assert {q["criterion_name"] for q in body["quotes"]} == {"Samenwerking", "Planning"}
    joined = "\n".join(texts)
    for secret in SECRETS:
        assert secret.lower() not in joined.lower(), secret
    assert "CONCEPT" not in joined and "Ik deed veel" not in joined  # drafts and self
    assert "[naam]" in joined and "[e-mail]" in joined


def test_an_llm_summary_is_stored_with_its_accounting(
    fake_llm_env: FakeLLMServer,  # first: the app is made with its settings
    client: TestClient,
    login: Login,
    team: TeamFeedback,
    session: Session,
) -> None:
    body = client.get(_url(team), headers=login(team.students[0])).json()
    assert body["generation_method"] == "ai" and body["cached"] is False
    stored = session.query(FeedbackSummary).one()
    assert stored.provider == "ollama" and stored.model == "llama3.1:8b"
    assert stored.prompt_tokens and stored.completion_tokens and stored.duration_ms is not None
    assert stored.structured and stored.structured["action"]
    for secret in SECRETS:
        assert secret.lower() not in fake_llm_env.received_text().lower(), secret


def test_past_the_budget_the_fallback_answers_and_the_llm_job_is_queued(
    fake_llm_env: FakeLLMServer,  # first: the app is made with its settings
    client: TestClient,
    login: Login,
    team: TeamFeedback,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "sync_budget_s", 0.5)  # the settings the app was made with
    fake_llm_env.configure(latency=5)
    headers = login(team.students[0])
    started = time.monotonic()
    body = client.get(_url(team), headers=headers).json()
    assert time.monotonic() - started < 3
    assert body["generation_method"] == "fallback" and body["cached"] is False
    job = session.query(SummaryGenerationJob).one()
    assert job.status == "queued" and job.student_id == team.students[0].id
    assert session.query(FeedbackSummary).count() == 0  # the pipeline writes the real one
    # While the job is active, asking again answers at once without asking the LLM again.
    asked = len(fake_llm_env.requests())
    again = client.get(_url(team), headers=headers).json()
    assert again["generation_method"] == "fallback" and len(fake_llm_env.requests()) == asked


def test_concurrent_regenerates_share_one_llm_call_and_store_its_result(
    fake_llm_env: FakeLLMServer, team: TeamFeedback, session: Session
) -> None:
    """Issue 17, fault 19: 20 regenerates at once made 20 LLM calls and 21 writes, some
    replacing a newer text with an older one, and the job's result no longer matched the
    stored summary. Now they share the student's one job: one attempt, one LLM call."""
    fake_llm_env.configure(latency=1.0)
    principal = principal_of(team.teacher)
    student = team.students[0].id

    def regenerate(_n: int) -> SummaryRead:
        with session_factory()() as own:
            return SummaryContentService(own, principal, get_settings()).regenerate(
                team.evaluation.id, student
            )

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(regenerate, range(20)))

    assert len(fake_llm_env.requests()) == 1
    session.expire_all()
    stored = session.query(FeedbackSummary).one()
    assert stored.generation_method == "ai"
    assert {a.summary_text for a in answers} == {stored.summary_text}
    [job] = session.query(SummaryGenerationJob).all()
    assert (job.status, job.attempts) == ("completed", 1)
    assert job.result is not None and job.result["summary_text"] == stored.summary_text
