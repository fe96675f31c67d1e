"""LLM failures in the pipeline: transient ones retry with backoff, permanent ones fall back at
once, and after the last attempt the student still gets the summary built without the LLM.

The LLM is the fake Ollama server on loopback. The jobs run in this process (RQ's worker in
burst mode: tests/queue/inprocess.py), except where RQ's scheduler is the subject.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.models import FeedbackSummary, School, SummaryGenerationJob
from teameval.queue.queues import rq_states
from teameval.summaries.job_service import SummaryJobService
from tests.factories.summaries import FeedbackClass, make_feedback_class, principal_of
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.inprocess import drain_queue
from tests.queue.processes import (
    run_burst_worker,
    start_worker_pool,
    stop_process_group,
    wait_until,
)
from tests.settings_env import use_settings

Login = Callable[[Any], dict[str, str]]


def _queue_one(session: Session, klass: FeedbackClass) -> str:
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, klass.students[0].id
    )
    return job.job_id


def _row(session: Session, job_id: str) -> SummaryGenerationJob:
    session.expire_all()
    return session.scalars(
        select(SummaryGenerationJob).where(SummaryGenerationJob.job_id == job_id)
    ).one()


def _summary(session: Session) -> FeedbackSummary:
    session.expire_all()
    return session.scalars(select(FeedbackSummary)).one()


def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    use_settings(monkeypatch, job_retry_backoff_s="0")


def test_a_transient_error_is_retried(
    session: Session, school: School, fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.enqueue("error_500")
    job_id = _queue_one(session, klass)
    _no_backoff(monkeypatch)
    drain_queue()
    row = _row(session, job_id)
    assert (row.status, row.attempts, row.error_message) == ("completed", 2, None)
    assert _summary(session).generation_method == "ai"
    assert len(fake_llm_env.requests()) == 2


def test_the_llm_staying_down_ends_in_the_fallback_summary(
    session: Session, school: School, fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.configure(mode="busy_503")
    job_id = _queue_one(session, klass)
    _no_backoff(monkeypatch)
    drain_queue()
    row = _row(session, job_id)
    assert (row.status, row.attempts) == ("completed", 3)
    assert row.result is not None and row.result["generation_method"] == "fallback"
    summary = _summary(session)
    assert summary.generation_method == "fallback" and summary.provider == "extractive"
    assert len(fake_llm_env.requests()) == 3  # one per attempt, then no more


def test_a_permanent_error_falls_back_without_retrying(
    session: Session, school: School, fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.configure(mode="model_not_found")
    job_id = _queue_one(session, klass)
    _no_backoff(monkeypatch)
    drain_queue()
    row = _row(session, job_id)
    assert (row.status, row.attempts) == ("completed", 1)
    assert _summary(session).generation_method == "fallback"
    assert len(fake_llm_env.requests()) == 1


def test_a_retry_waits_on_the_scheduler_and_tells_the_user_safely(
    client: TestClient,
    session: Session,
    school: School,
    login: Login,
    fake_llm_env: FakeLLMServer,
    tmp_path: Path,
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.configure(mode="error_500")
    job_id = _queue_one(session, klass)
    pool = start_worker_pool(1, tmp_path / "worker.log", TEAMEVAL_JOB_RETRY_BACKOFF_S="4")
    try:
        assert wait_until(lambda: rq_states([job_id])[job_id] == "scheduled", 60)
        status = client.get(
            f"/api/v1/feedback-summaries/jobs/{job_id}/status", headers=login(klass.students[0])
        ).json()
        assert (status["status"], status["attempts"]) == ("queued", 1)
        # The page does not go back to "In wachtrij": still generating, on attempt 2 of 3.
        assert status["state"] == "processing"
        assert (status["attempt"], status["max_attempts"]) == (
            2,
            _row(session, job_id).max_attempts,
        )
        assert (
            status["error_message"] == "De AI was even niet bereikbaar; we proberen het zo opnieuw."
        )
        fake_llm_env.configure(mode="ok")  # the LLM is back before the retry is due
        assert wait_until(lambda: _row(session, job_id).status == "completed", 60), (
            tmp_path / "worker.log"
        ).read_text()[-3000:]
    finally:
        stop_process_group(pool)
    row = _row(session, job_id)
    assert row.attempts == 2 and row.error_message is None
    assert _summary(session).generation_method == "ai"


def test_a_hanging_llm_times_out_and_is_retried(
    session: Session, school: School, fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.enqueue("hang")
    job_id = _queue_one(session, klass)
    use_settings(monkeypatch, job_retry_backoff_s="0", llm_read_timeout_s="1")
    drain_queue()
    row = _row(session, job_id)
    assert (row.status, row.attempts) == ("completed", 2)
    assert _summary(session).generation_method == "ai"


def test_the_last_attempt_never_calls_the_llm_past_its_deadline(
    session: Session, school: School, fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A trickle: a byte every 0.2 s, so no read timeout fires. The attempt's deadline (the job
    # timeout less the margin for storing) ends the call, and the last attempt then falls back
    # without asking the LLM again (it used to call it once more, without any deadline, until
    # RQ killed the work-horse).
    klass = make_feedback_class(session, school)
    fake_llm_env.configure(mode="trickle", params={"interval": 0.2, "seconds": 600})
    monkeypatch.setenv("TEAMEVAL_JOB_MAX_ATTEMPTS", "1")  # the row takes it when queued
    get_settings.cache_clear()
    job_id = _queue_one(session, klass)
    run_burst_worker(timeout=120, TEAMEVAL_JOB_TIMEOUT_S="25", TEAMEVAL_LLM_READ_TIMEOUT_S="2")
    row = _row(session, job_id)
    assert (row.status, row.attempts) == ("completed", 1)
    assert _summary(session).generation_method == "fallback"
    assert len(fake_llm_env.requests()) == 1


def test_a_huge_answer_falls_back_without_holding_the_worker(
    session: Session, school: School, fake_llm_env: FakeLLMServer
) -> None:
    klass = make_feedback_class(session, school)
    fake_llm_env.configure(mode="huge", params={"size": 3_000_000})
    job_id = _queue_one(session, klass)
    run_burst_worker(TEAMEVAL_JOB_RETRY_BACKOFF_S="0", TEAMEVAL_LLM_READ_TIMEOUT_S="30")
    row = _row(session, job_id)
    assert row.status == "completed"
    assert _summary(session).generation_method == "fallback"
