"""The summary pipeline end to end: API -> row -> Redis -> worker -> summary.

The first test runs a real `teameval worker` process; the others run the jobs in this process
with RQ's worker (tests/queue/inprocess.py): what they check is decided by the job, not the
process around it."""

import threading
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.db import session_factory
from teameval.models import FeedbackSummary, School, SummaryGenerationJob, User
from teameval.queue.queues import rq_states
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.jobs import generate
from tests.factories.summaries import make_feedback_class, principal_of, submit_review
from tests.queue.inprocess import drain_queue
from tests.queue.processes import run_burst_worker, summaries_queue

API = "/api/v1/feedback-summaries"
Login = Callable[[Any], dict[str, str]]


def _jobs(session: Session) -> list[SummaryGenerationJob]:
    session.expire_all()
    return list(session.scalars(select(SummaryGenerationJob).order_by(SummaryGenerationJob.id)))


def _summaries(session: Session) -> list[FeedbackSummary]:
    session.expire_all()
    return list(session.scalars(select(FeedbackSummary)))


def test_queue_then_worker_completes_the_job(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    student = klass.students[0]
    headers = login(klass.teacher)

    queued = client.post(
        f"{API}/evaluation/{klass.evaluation.id}/student/{student.id}/queue", headers=headers
    )
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["status"] == "queued" and job["result"] is None and job["attempts"] == 0
    # The row is committed and the id is on Redis, as the RQ job id.
    assert rq_states([job["job_id"]]) == {job["job_id"]: "queued"}
    assert summaries_queue().get_job_ids() == [job["job_id"]]

    run_burst_worker()

    status = client.get(f"{API}/jobs/{job['job_id']}/status", headers=headers).json()
    assert status["status"] == "completed", status
    assert status["attempts"] == 1
    assert status["started_at"] and status["completed_at"]
    assert status["result"]["feedback_count"] == 2  # two teammates reviewed this student
    assert status["result"]["generation_method"] in ("ai", "fallback")
    assert status["error_message"] is None
    [summary] = _summaries(session)
    assert (summary.evaluation_id, summary.student_id) == (klass.evaluation.id, student.id)
    assert summary.summary_text == status["result"]["summary_text"]
    assert _jobs(session)[0].feedback_hash == summary.feedback_hash

    # The student follows their own job too.
    mine = client.get(f"{API}/jobs/{job['job_id']}/status", headers=login(student))
    assert mine.status_code == 200 and mine.json()["status"] == "completed"


def test_up_to_date_summary_returns_a_completed_job_without_work(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    student = klass.students[1]
    headers = login(klass.teacher)
    url = f"{API}/evaluation/{klass.evaluation.id}/student/{student.id}/queue"
    first = client.post(url, headers=headers).json()
    drain_queue()
    generated_at = _summaries(session)[0].generated_at

    again = client.post(url, headers=headers)
    assert again.status_code == 202
    assert again.json()["job_id"] == first["job_id"]
    assert again.json()["status"] == "completed"
    assert len(_jobs(session)) == 1
    assert summaries_queue().count == 0  # nothing new for a worker
    assert _summaries(session)[0].generated_at == generated_at


def test_two_calls_give_one_job(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    url = f"{API}/evaluation/{klass.evaluation.id}/student/{klass.students[0].id}/queue"
    headers = login(klass.teacher)
    a = client.post(url, headers=headers).json()
    b = client.post(url, headers=login(klass.students[0])).json()
    assert a["job_id"] == b["job_id"] and b["status"] == "queued"
    assert len(_jobs(session)) == 1
    assert summaries_queue().count == 1


def test_twenty_concurrent_calls_give_one_job(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school)
    student = klass.students[2]
    principal = principal_of(klass.teacher)
    start = threading.Barrier(20)
    job_ids: list[str] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            with session_factory()() as own:
                start.wait()
                job = SummaryJobService(own, principal, get_settings()).queue(
                    klass.evaluation.id, student.id
                )
                job_ids.append(job.job_id)
        except BaseException as exc:  # collected: an exception in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(job_ids) == 20 and len(set(job_ids)) == 1
    assert len(_jobs(session)) == 1
    assert summaries_queue().get_job_ids() == job_ids[:1]


def test_a_job_run_twice_writes_one_summary(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school)
    student = klass.students[0]
    job = SummaryJobService(session, principal_of(klass.teacher), get_settings()).queue(
        klass.evaluation.id, student.id
    )

    assert generate(job.job_id) in ("ai", "fallback")
    assert generate(job.job_id) == "skipped"
    # Even a second job for the same student, forced past the up-to-date check, upserts.
    forced = SummaryJobService(session, principal_of(klass.teacher), get_settings()).regenerate(
        klass.evaluation.id, student.id
    )
    assert forced.job_id != job.job_id
    assert generate(forced.job_id) in ("ai", "fallback")
    count = session.scalar(select(func.count()).select_from(FeedbackSummary))
    assert count == 1
    assert [j.status for j in _jobs(session)] == ["completed", "completed"]


def test_a_new_review_makes_the_summary_stale(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school, students=4, team_size=4, status="open")
    student = klass.students[0]
    headers = login(klass.teacher)
    url = f"{API}/evaluation/{klass.evaluation.id}/student/{student.id}/queue"
    first = client.post(url, headers=headers).json()
    drain_queue()
    before = _summaries(session)[0]
    old_hash, old_count = before.feedback_hash, before.feedback_count
    assert old_count == 3

    # A teammate who had not reviewed yet submits a review now.
    late = User(school_id=school.id, role="student", email="late@x.example", name="Laatkomer")
    session.add(late)
    session.commit()
    submit_review(
        session,
        klass.evaluation,
        klass.criteria,
        late,
        student,
        comment="Kwam vaak te laat, maar het eindproduct was sterk.",
    )

    second = client.post(url, headers=headers).json()
    assert second["job_id"] != first["job_id"] and second["status"] == "queued"
    drain_queue()
    after = _summaries(session)
    assert len(after) == 1
    assert after[0].feedback_hash != old_hash
    assert after[0].feedback_count == old_count + 1
    final = client.get(f"{API}/jobs/{second['job_id']}/status", headers=headers).json()
    assert final["status"] == "completed"


def test_cancel_a_queued_job(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    headers = login(klass.teacher)
    url = f"{API}/evaluation/{klass.evaluation.id}/student/{klass.students[0].id}/queue"
    job = client.post(url, headers=headers).json()

    cancelled = client.post(f"{API}/jobs/{job['job_id']}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert summaries_queue().count == 0

    drain_queue()
    assert (
        client.get(f"{API}/jobs/{job['job_id']}/status", headers=headers).json()["status"]
        == "cancelled"
    )
    assert _summaries(session) == []
    # Cancelling again: it already ended.
    again = client.post(f"{API}/jobs/{job['job_id']}/cancel", headers=headers)
    assert again.status_code == 409
    assert "geannuleerd" in again.json()["detail"]
    # A cancelled job is not active: asking again queues a new one.
    fresh = client.post(url, headers=headers).json()
    assert fresh["job_id"] != job["job_id"] and fresh["status"] == "queued"


def test_a_cancelled_running_job_writes_nothing(session: Session, school: School) -> None:
    klass = make_feedback_class(session, school)
    service = SummaryJobService(session, principal_of(klass.teacher), get_settings())
    job = service.queue(klass.evaluation.id, klass.students[0].id)
    # The worker claims it, then a teacher cancels before it stores the result.
    from teameval.summaries.job_repository import SummaryJobRepository

    with session_factory()() as other:
        claimed = SummaryJobRepository.system(other).claim(job.job_id, "test-worker", 30)
        other.commit()
    assert claimed is not None
    assert service.cancel(job.job_id).status == "cancelled"
    with session_factory()() as other:
        assert not SummaryJobRepository.system(other).complete(
            claimed.id, claimed.attempts, "h", {}
        )
    assert generate(job.job_id) == "skipped"
    assert _summaries(session) == []


def test_batch_queue_and_job_list(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school, students=6)
    make_feedback_class(session, school, students=3)  # another evaluation's jobs stay out of it
    headers = login(klass.teacher)
    eid = klass.evaluation.id

    batch = client.post(f"{API}/evaluation/{eid}/batch-queue", headers=headers)
    assert batch.status_code == 202, batch.text
    body = batch.json()
    assert body["evaluation_id"] == eid
    assert (body["total_students"], body["queued"], body["already_queued"], body["up_to_date"]) == (
        6,
        6,
        0,
        0,
    )
    assert {r["student_id"] for r in body["results"]} == {s.id for s in klass.students}
    assert summaries_queue().count == 6

    again = client.post(f"{API}/evaluation/{eid}/batch-queue", headers=headers, json={}).json()
    assert (again["queued"], again["already_queued"]) == (0, 6)

    drain_queue()
    done = client.post(
        f"{API}/evaluation/{eid}/batch-queue",
        headers=headers,
        json={"student_ids": [klass.students[0].id, klass.students[1].id]},
    ).json()
    assert (done["total_students"], done["up_to_date"], done["queued"]) == (2, 2, 0)
    assert {r["status"] for r in done["results"]} == {"completed"}

    listing = client.get(f"{API}/evaluation/{eid}/jobs", headers=headers).json()
    assert listing["evaluation_id"] == eid and listing["total"] == 6
    assert listing["counts"] == {
        "queued": 0,
        "processing": 0,
        "completed": 6,
        "failed": 0,
        "cancelled": 0,
    }
    created = [j["created_at"] for j in listing["jobs"]]
    assert created == sorted(created, reverse=True)
    page = client.get(f"{API}/evaluation/{eid}/jobs?limit=4&offset=4", headers=headers).json()
    assert len(page["jobs"]) == 2 and page["total"] == 6
    assert [j["job_id"] for j in page["jobs"]] == [j["job_id"] for j in listing["jobs"][4:]]
    none = client.get(f"{API}/evaluation/{eid}/jobs?status=failed", headers=headers).json()
    assert none["total"] == 0 and none["jobs"] == [] and none["counts"]["completed"] == 6
    bad = client.get(f"{API}/evaluation/{eid}/jobs?status=lost", headers=headers)
    assert bad.status_code == 422


def test_batch_with_a_student_outside_the_evaluation_is_refused(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    outsider = make_feedback_class(session, school).students[0]
    response = client.post(
        f"{API}/evaluation/{klass.evaluation.id}/batch-queue",
        headers=login(klass.teacher),
        json={"student_ids": [klass.students[0].id, outsider.id]},
    )
    assert response.status_code == 422
    assert str(outsider.id) in response.json()["detail"]
    assert _jobs(session) == []


def test_queue_stats(client: TestClient, session: Session, school: School, login: Login) -> None:
    klass = make_feedback_class(session, school, students=3)
    headers = login(klass.teacher)
    client.post(f"{API}/evaluation/{klass.evaluation.id}/batch-queue", headers=headers)
    stats = client.get("/api/v1/queue/stats", headers=headers)
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert body["counts"]["queued"] == 3 and body["counts"]["completed"] == 0
    assert body["oldest_queued_age_s"] is not None and body["oldest_queued_age_s"] >= 0
    assert body["redis_queue_length"] == 3
    assert body["workers_alive"] == 0
    assert client.get("/api/v1/queue/stats", headers=login(klass.students[0])).status_code == 403
