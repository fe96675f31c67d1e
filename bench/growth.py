"""Section 4: growth. Batch-queueing 10..10,000 students through the API, and the jobs list and
the teacher's evaluation page before and after 100,000 job rows were added, with query plans."""

import time
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import func, select, text, update

from bench.dataset import Klass, history_rows, insert_jobs
from bench.env import Backend
from bench.load import percentile
from teameval.db import get_engine, session_factory
from teameval.models import SummaryGenerationJob
from teameval.summaries.job_repository import SummaryJobRepository

API = "/api/v1/feedback-summaries"
_INSERT_CHUNK = 20_000


def _post_batch(client: httpx.Client, evaluation_id: int) -> tuple[float, dict[str, Any]]:
    began = time.perf_counter()
    response = client.post(f"{API}/evaluation/{evaluation_id}/batch-queue")
    elapsed = time.perf_counter() - began
    if response.status_code != 202:
        raise RuntimeError(f"batch-queue answered {response.status_code}: {response.text[:300]}")
    body: dict[str, Any] = response.json()
    return elapsed, body


def run_batches(client: httpx.Client, classes: Sequence[Klass]) -> dict[str, Any]:
    """POST batch-queue (every student with feedback) per class size, then once more (all of
    them already queued: the dedupe path). Time per request and per student."""
    rows = []
    for klass in classes:
        size = len(klass.student_ids)
        first, body = _post_batch(client, klass.evaluation_id)
        again, body_again = _post_batch(client, klass.evaluation_id)
        rows.append(
            {
                "students": size,
                "queued": body["queued"],
                "seconds": round(first, 4),
                "ms_per_student": round(first * 1000 / size, 4),
                "again_already_queued": body_again["already_queued"],
                "again_seconds": round(again, 4),
                "again_ms_per_student": round(again * 1000 / size, 4),
            }
        )
    per_student = [r["ms_per_student"] for r in rows if r["students"] >= 1000]
    at_1000 = next((r for r in rows if r["students"] == 1000), None)
    return {
        "runs": rows,
        "targets": {
            "batch_1000_s": {
                "value": at_1000["seconds"] if at_1000 else None,
                "target": "< 0.5",
                "met": bool(at_1000) and at_1000["seconds"] < 0.5,
            },
            "flat_per_student_1000_to_max": {
                "value": round(max(per_student) / min(per_student), 2) if per_student else None,
                "target": "ratio of ms/student (largest / 1,000) close to 1 (<= 1.5)",
                "met": bool(per_student) and max(per_student) / min(per_student) <= 1.5,
            },
        },
    }


def clear_queued(backend: Backend, evaluation_ids: Sequence[int]) -> None:
    """Cancel the batch's jobs and empty the queue, so later sections start clean."""
    job = SummaryGenerationJob
    with session_factory()() as session:
        session.execute(
            update(job)
            .where(job.evaluation_id.in_(list(evaluation_ids)), job.status == "queued")
            .values(status="cancelled")
        )
        session.commit()
    backend.queue().empty()


def _timed_gets(client: httpx.Client, path: str, repeat: int) -> dict[str, Any]:
    client.get(path)  # warm: first-use costs (templates, statement cache) are not the subject
    times = []
    status = 0
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - began)
        status = response.status_code
    values = sorted(times)
    return {
        "status": status,
        "n": repeat,
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
    }


def measure_pages(
    client: httpx.Client, cookie_client: httpx.Client, evaluation_id: int, repeat: int
) -> dict[str, Any]:
    """The jobs list (first page, and one status) and the teacher's evaluation page."""
    jobs = f"{API}/evaluation/{evaluation_id}/jobs"
    return {
        "jobs_list": _timed_gets(client, f"{jobs}?limit=50", repeat),
        "jobs_list_completed": _timed_gets(client, f"{jobs}?status=completed&limit=50", repeat),
        "jobs_list_offset_500": _timed_gets(client, f"{jobs}?limit=50&offset=500", repeat),
        "teacher_page": _timed_gets(cookie_client, f"/teacher/evaluations/{evaluation_id}", repeat),
    }


def table_size() -> int:
    """Rows in summary_generation_jobs."""
    with session_factory()() as session:
        return int(session.scalar(select(func.count()).select_from(SummaryGenerationJob)) or 0)


def add_history(history: Klass, rows: int) -> float:
    """Insert `rows` finished jobs of another evaluation in bulk; seconds taken."""
    began = time.perf_counter()
    for start in range(0, rows, _INSERT_CHUNK):
        with session_factory()() as session:
            insert_jobs(session, history_rows(history, min(_INSERT_CHUNK, rows - start)))
    if get_engine().dialect.name == "postgresql":
        with get_engine().begin() as conn:
            conn.execute(text("ANALYZE summary_generation_jobs"))
    else:
        with get_engine().begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - began


def query_plans(school_id: int, evaluation_id: int, student_id: int) -> dict[str, Any]:
    """EXPLAIN (PostgreSQL: EXPLAIN ANALYZE) of the queries behind the job endpoints and pages."""
    engine = get_engine()
    postgres = engine.dialect.name == "postgresql"
    with session_factory()() as session:
        repo = SummaryJobRepository(session, school_id)
        job_id = session.scalar(
            select(SummaryGenerationJob.job_id).where(
                SummaryGenerationJob.evaluation_id == evaluation_id
            )
        )
        listing = repo.list_stmt(evaluation_id)
        statements = {
            "status: job by public id": repo._select().where(SummaryGenerationJob.job_id == job_id),
            "jobs list: one page": listing.limit(50),
            "jobs list: total": select(func.count()).select_from(listing.order_by(None).subquery()),
            "jobs list: counts per status": repo._select(SummaryGenerationJob.status, func.count())
            .where(SummaryGenerationJob.evaluation_id == evaluation_id)
            .group_by(SummaryGenerationJob.status),
            "queue: active job of students": repo._select().where(
                SummaryGenerationJob.evaluation_id == evaluation_id,
                SummaryGenerationJob.student_id.in_([student_id]),
                SummaryGenerationJob.status.in_(("queued", "processing")),
            ),
            # The lease bound is left out: it is a parameter, and the plan is the same.
            "reconciler: expired leases": select(SummaryGenerationJob)
            .where(SummaryGenerationJob.status == "processing")
            .order_by(SummaryGenerationJob.lease_until)
            .limit(2000),
        }
        plans: dict[str, Any] = {}
        for name, stmt in statements.items():
            sql = str(stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
            prefix = "EXPLAIN ANALYZE " if postgres else "EXPLAIN QUERY PLAN "
            rows = session.execute(text(prefix + sql)).all()
            lines = [str(r[0]) if postgres else str(r[-1]) for r in rows]
            plan = "\n".join(lines)
            full_scan = (
                "Seq Scan on summary_generation_jobs" in plan
                if postgres
                else any(line.startswith("SCAN summary_generation_jobs") for line in lines)
            )
            plans[name] = {"plan": plan, "full_table_scan": full_scan}
    return plans
