"""`/metrics`: request latency per route template, job and queue state, LLM use, counters."""

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from rq import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.demo import load_demo
from teameval.models import Evaluation, FeedbackSummary, SummaryGenerationJob, User, utcnow
from teameval.observability.metrics import (
    record_fallback,
    record_job_finished,
    record_llm_call,
    record_reconciler_action,
)
from teameval.queue.connection import get_redis
from tests.queue.processes import worker_env


def _value(text: str, name: str, **labels: str) -> float:
    """The value of one sample in the exposition text (labels in any order)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if line.startswith(name + " ") and labels:
            continue
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name}{labels} not in /metrics")


def _scrape(client: TestClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text: str = response.text
    return text


def test_request_latency_is_labelled_by_route_template(client: TestClient) -> None:
    client.get("/api/v1/evaluations/987654")  # 401: nobody signed in, still a timed request
    client.get("/no/such/page/123456")

    text = _scrape(client)

    route = "/api/v1/evaluations/{evaluation_id}"
    count = _value(text, "teameval_http_request_duration_seconds_count", route=route, method="GET")
    assert count >= 1
    assert _value(text, "teameval_http_request_duration_seconds_count", route="unmatched") >= 1
    assert "987654" not in text and "123456" not in text


def _jobs(session: Session) -> tuple[Evaluation, list[User]]:
    load_demo(session)
    evaluation = session.scalars(select(Evaluation).where(Evaluation.status == "closed")).one()
    students = list(session.scalars(select(User).where(User.role == "student").order_by(User.id)))
    statuses = ["queued", "queued", "processing", "completed", "completed", "failed"]
    now = utcnow()
    for n, (status, student) in enumerate(zip(statuses, students, strict=False)):
        session.add(
            SummaryGenerationJob(
                school_id=evaluation.school_id,
                job_id=f"job{n}",
                evaluation_id=evaluation.id,
                student_id=student.id,
                status=status,
                created_at=now - timedelta(seconds=300 if n == 0 else 5),
            )
        )
    session.commit()
    return evaluation, students


def test_jobs_per_status_and_oldest_queued_age_come_from_the_database(
    client: TestClient, session: Session
) -> None:
    _jobs(session)

    text = _scrape(client)

    assert _value(text, "teameval_summary_jobs", status="queued") == 2
    assert _value(text, "teameval_summary_jobs", status="processing") == 1
    assert _value(text, "teameval_summary_jobs", status="completed") == 2
    assert _value(text, "teameval_summary_jobs", status="failed") == 1
    assert _value(text, "teameval_summary_jobs", status="cancelled") == 0
    assert 299 <= _value(text, "teameval_oldest_queued_job_age_seconds") < 400
    assert _value(text, "teameval_metrics_source_up", source="database") == 1


def test_no_queued_job_means_age_zero(client: TestClient) -> None:
    assert _value(_scrape(client), "teameval_oldest_queued_job_age_seconds") == 0


def test_queue_depth_and_workers_come_from_redis(client: TestClient) -> None:
    queue = Queue(get_settings().queue_name, connection=get_redis())
    for n in range(3):
        queue.enqueue("teameval.no_such_module.never_run", f"id{n}")

    text = _scrape(client)

    assert _value(text, "teameval_queue_depth", state="queued") == 3
    assert _value(text, "teameval_workers") == 0
    assert _value(text, "teameval_metrics_source_up", source="redis") == 1


def test_llm_use_from_stored_summaries(client: TestClient, session: Session) -> None:
    evaluation, students = _jobs(session)
    rows: list[tuple[str, str, int | None, int | None, int | None]] = [
        ("ai", "ollama", 1500, 400, 120),
        ("ai", "ollama", 25000, 600, 200),
        ("fallback", "extractive", None, None, None),
    ]
    for student, (method, provider, ms, prompt, completion) in zip(students, rows, strict=False):
        session.add(
            FeedbackSummary(
                school_id=evaluation.school_id,
                evaluation_id=evaluation.id,
                student_id=student.id,
                summary_text="Samenvatting",
                generation_method=method,
                feedback_hash="h",
                provider=provider,
                prompt_tokens=prompt,
                completion_tokens=completion,
                duration_ms=ms,
                generated_at=utcnow(),
            )
        )
    session.commit()

    text = _scrape(client)

    assert _value(text, "teameval_summaries", generation_method="ai", provider="ollama") == 2
    assert (
        _value(text, "teameval_summaries", generation_method="fallback", provider="extractive") == 1
    )
    assert _value(text, "teameval_summary_llm_tokens", kind="prompt") == 1000
    assert _value(text, "teameval_summary_llm_tokens", kind="completion") == 320
    assert _value(text, "teameval_summary_generation_seconds_bucket", le="2.5") == 1
    assert _value(text, "teameval_summary_generation_seconds_bucket", le="30.0") == 2
    assert _value(text, "teameval_summary_generation_seconds_gcount") == 2
    assert _value(text, "teameval_summary_generation_seconds_gsum") == 26.5


def test_counters_recorded_by_any_process_are_shared_through_redis(client: TestClient) -> None:
    code = (
        "import os\n"
        "from teameval.queue.connection import configure_redis\n"
        "configure_redis(os.environ['TEAMEVAL_REDIS_URL'])  # as a process's entry point does\n"
        "from teameval.observability.metrics import record_reconciler_action, record_llm_call\n"
        "record_reconciler_action('requeued_missing', 2)\n"
        "record_llm_call('ollama', 'ok', 3.2, prompt_tokens=100, completion_tokens=40)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=worker_env(), timeout=60)
    record_reconciler_action("requeued_missing")
    record_reconciler_action("lease_expired", 0)  # nothing happened: nothing recorded
    record_llm_call("ollama", "timeout", 120.0)
    record_fallback("llm_unavailable")
    record_job_finished("completed")

    text = _scrape(client)

    assert _value(text, "teameval_reconciler_actions_total", action="requeued_missing") == 3
    assert 'action="lease_expired"' not in text
    assert _value(text, "teameval_llm_requests_total", provider="ollama", outcome="ok") == 1
    assert _value(text, "teameval_llm_requests_total", provider="ollama", outcome="timeout") == 1
    assert _value(text, "teameval_llm_request_duration_seconds_bucket", le="5.0") == 1
    assert _value(text, "teameval_llm_request_duration_seconds_bucket", le="+Inf") == 2
    assert _value(text, "teameval_llm_request_duration_seconds_sum") == 123.2
    assert _value(text, "teameval_llm_tokens_total", kind="prompt") == 100
    assert _value(text, "teameval_summary_fallbacks_total", reason="llm_unavailable") == 1
    assert _value(text, "teameval_summary_jobs_finished_total", status="completed") == 1


def test_multiprocess_mode_sums_request_latency_over_processes(tmp_path: Path) -> None:
    env = worker_env(PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    observe = (
        "from teameval.observability.metrics import HTTP_LATENCY\n"
        "HTTP_LATENCY.labels('GET', '/healthz', '200').observe(0.01)\n"
    )
    for _ in range(2):  # two web processes
        subprocess.run([sys.executable, "-c", observe], check=True, env=env, timeout=60)
    render = (
        "from teameval.config import get_settings\n"
        "from teameval.db import configure_database\n"
        "from teameval.observability.metrics import render_metrics\n"
        "from teameval.queue.connection import configure_redis\n"
        "from teameval.summaries.metrics import register_metrics\n"
        "settings = get_settings()  # as the app factory does\n"
        "configure_database(settings.effective_database_url)\n"
        "configure_redis(settings.redis_url, settings.var_dir)\n"
        "register_metrics(settings.queue_name)\n"
        "print(render_metrics()[0].decode())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", render], check=True, env=env, timeout=60, capture_output=True
    ).stdout.decode()

    assert _value(out, "teameval_http_request_duration_seconds_count", route="/healthz") == 2
    # The cluster collector is there too, with both its sources.
    assert _value(out, "teameval_summary_jobs", status="queued") == 0
    assert _value(out, "teameval_metrics_source_up", source="database") == 1
    assert _value(out, "teameval_metrics_source_up", source="redis") == 1


def test_metrics_token_is_required_when_configured(client: TestClient) -> None:
    settings = get_settings()
    original = settings.metrics_token
    try:
        settings.metrics_token = type(original)("scrape-secret")
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert ok.status_code == 200 and "teameval_summary_jobs" in ok.text
    finally:
        settings.metrics_token = original
