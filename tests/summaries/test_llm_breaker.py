"""A dead LLM behind the circuit breaker: real workers, the fake LLM server accepting and never
answering. Jobs end in the fallback after a few timeouts instead of three per job, the summaries
are stored as stale (regenerated once the LLM is back), and /metrics says so.
"""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.llm.breaker import read_state
from teameval.models import FeedbackSummary, School, SummaryGenerationJob
from teameval.queue.connection import get_redis
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.snapshot import RETRY_LATER_PREFIX
from tests.factories.summaries import make_feedback_class, principal_of
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import run_burst_worker


@pytest.fixture
def breaker_env(fake_llm_env: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> FakeLLMServer:
    """Two timeouts open the breaker, and it stays open for the test."""
    monkeypatch.setenv("TEAMEVAL_LLM_BREAKER_FAILURES", "2")
    monkeypatch.setenv("TEAMEVAL_LLM_BREAKER_COOLDOWN_S", "600")
    monkeypatch.setenv("TEAMEVAL_LLM_READ_TIMEOUT_S", "1")
    monkeypatch.setenv("TEAMEVAL_JOB_RETRY_BACKOFF_S", "0")
    get_settings.cache_clear()
    return fake_llm_env


def test_a_hanging_llm_opens_the_breaker_and_the_class_falls_back_at_once(
    session: Session,
    school: School,
    breaker_env: FakeLLMServer,
    client: TestClient,
) -> None:
    breaker_env.configure(mode="hang", hang_s=60)
    klass = make_feedback_class(session, school, students=6)
    service = SummaryJobService(session, principal_of(klass.teacher), get_settings())
    batch = service.batch_queue(klass.evaluation.id, None)
    assert batch.queued == 6
    run_burst_worker(timeout=120)

    session.expire_all()
    jobs = session.scalars(select(SummaryGenerationJob)).all()
    assert {j.status for j in jobs} == {"completed"}
    summaries = session.scalars(select(FeedbackSummary)).all()
    assert len(summaries) == 6 and {s.generation_method for s in summaries} == {"fallback"}
    # Two calls timed out and opened the breaker; nobody called the LLM after that (it used to
    # be three calls per student, each waiting a whole read timeout).
    assert len(breaker_env.requests()) == 2
    assert all(s.feedback_hash.startswith(RETRY_LATER_PREFIX) for s in summaries)
    state = read_state(get_redis())
    assert state.open and state.reason == "timeout"

    metrics = client.get("/metrics").text
    assert 'teameval_llm_circuit_open{reason="timeout"} 1.0' in metrics
    assert 'teameval_summary_fallbacks_total{reason="circuit_open"}' in metrics

    # The LLM is back and the breaker closed: "generate all" makes new summaries for every
    # student instead of calling the fallbacks up to date.
    get_redis().delete("teameval:llm:breaker")
    breaker_env.configure(mode="ok")
    again = service.batch_queue(klass.evaluation.id, None)
    assert (again.queued, again.up_to_date) == (6, 0)
    run_burst_worker(timeout=120)
    session.expire_all()
    summaries = session.scalars(select(FeedbackSummary)).all()
    assert {s.generation_method for s in summaries} == {"ai"}
    assert not any(s.feedback_hash.startswith(RETRY_LATER_PREFIX) for s in summaries)


def test_a_refused_response_format_is_reported_once_and_not_retried_per_job(
    session: Session,
    school: School,
    breaker_env: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
    client: TestClient,
) -> None:
    monkeypatch.setenv("TEAMEVAL_LLM_PROVIDER", "openai")
    get_settings.cache_clear()
    breaker_env.configure(mode="format_refused", params={"refuse": ["json_schema"]})
    klass = make_feedback_class(session, school, students=6)
    service = SummaryJobService(session, principal_of(klass.teacher), get_settings())
    service.batch_queue(klass.evaluation.id, None)
    result = run_burst_worker(timeout=120)

    session.expire_all()
    jobs = session.scalars(select(SummaryGenerationJob)).all()
    assert {(j.status, j.attempts) for j in jobs} == {("completed", 1)}
    assert len(breaker_env.requests()) == 1  # one refusal; no job asked again
    assert result.stderr.count("LLM circuit breaker open (config)") == 1
    assert read_state(get_redis()).reason == "config"
    metrics = client.get("/metrics").text
    assert 'teameval_llm_circuit_open{reason="config"} 1.0' in metrics
