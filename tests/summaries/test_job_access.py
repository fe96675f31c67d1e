"""Who may queue, follow, list and cancel summary jobs: roles, release rules, and other schools."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, utcnow
from teameval.summaries.jobs import generate
from teameval.summaries.summary_repository import FeedbackSummaryRepository
from tests.factories.school import make_school, make_user
from tests.factories.summaries import make_feedback_class

API = "/api/v1/feedback-summaries"
Login = Callable[[Any], dict[str, str]]


def _queue_url(eid: int, sid: int) -> str:
    return f"{API}/evaluation/{eid}/student/{sid}/queue"


def test_every_endpoint_needs_a_sign_in(
    client: TestClient, session: Session, school: School
) -> None:
    klass = make_feedback_class(session, school)
    eid, sid = klass.evaluation.id, klass.students[0].id
    for method, url in [
        ("post", _queue_url(eid, sid)),
        ("get", f"{API}/jobs/whatever/status"),
        ("post", f"{API}/evaluation/{eid}/batch-queue"),
        ("get", f"{API}/evaluation/{eid}/jobs"),
        ("post", f"{API}/jobs/whatever/cancel"),
        ("get", "/api/v1/queue/stats"),
    ]:
        assert getattr(client, method)(url).status_code == 401, url


def test_a_student_queues_their_own_summary_after_closing_only(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    open_class = make_feedback_class(session, school, status="open")
    me = open_class.students[0]
    early = client.post(_queue_url(open_class.evaluation.id, me.id), headers=login(me))
    assert early.status_code == 403
    assert early.json()["code"] == "summary_not_released"
    # The teacher may already generate it while the evaluation is open: a preview.
    preview = client.post(
        _queue_url(open_class.evaluation.id, me.id), headers=login(open_class.teacher)
    )
    assert preview.status_code == 202

    closed = make_feedback_class(session, school)
    student, other = closed.students[0], closed.students[1]
    own = client.post(_queue_url(closed.evaluation.id, student.id), headers=login(student))
    assert own.status_code == 202 and own.json()["student_id"] == student.id
    # Another student's summary does not exist as far as this student can tell.
    theirs = client.post(_queue_url(closed.evaluation.id, other.id), headers=login(student))
    assert theirs.status_code == 404
    other_job = client.post(
        _queue_url(closed.evaluation.id, other.id), headers=login(closed.teacher)
    ).json()
    status = client.get(f"{API}/jobs/{other_job['job_id']}/status", headers=login(student))
    assert status.status_code == 404


def test_students_may_not_batch_list_cancel_or_see_stats(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    student = klass.students[0]
    job = client.post(_queue_url(klass.evaluation.id, student.id), headers=login(student)).json()
    headers = login(student)
    eid = klass.evaluation.id
    assert client.post(f"{API}/evaluation/{eid}/batch-queue", headers=headers).status_code == 403
    assert client.get(f"{API}/evaluation/{eid}/jobs", headers=headers).status_code == 403
    assert client.post(f"{API}/jobs/{job['job_id']}/cancel", headers=headers).status_code == 403
    assert client.get("/api/v1/queue/stats", headers=headers).status_code == 403
    assert client.get(f"{API}/jobs/{job['job_id']}/status", headers=headers).status_code == 200


def test_teacher_review_summaries_reach_the_student_after_publishing(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school, summary_release="teacher_review")
    student = klass.students[0]
    url = _queue_url(klass.evaluation.id, student.id)
    refused = client.post(url, headers=login(student))
    assert refused.status_code == 403
    job = client.post(url, headers=login(klass.teacher)).json()
    assert (
        client.get(f"{API}/jobs/{job['job_id']}/status", headers=login(student)).status_code == 403
    )
    generate(job["job_id"])

    summary = FeedbackSummaryRepository(session, school.id).for_student(
        klass.evaluation.id, student.id
    )
    assert summary is not None
    summary.edited_text = "Door de docent nagekeken tekst."
    summary.edited_feedback_hash = summary.feedback_hash
    summary.published_at = utcnow()
    session.commit()

    status = client.get(f"{API}/jobs/{job['job_id']}/status", headers=login(student))
    assert status.status_code == 200
    # The student reads the teacher's reviewed text, not the raw generated one.
    assert status.json()["result"]["summary_text"] == "Door de docent nagekeken tekst."
    again = client.post(url, headers=login(student))
    assert again.status_code == 202 and again.json()["status"] == "completed"


def test_another_schools_ids_are_not_found(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    eid, sid = klass.evaluation.id, klass.students[0].id
    job = client.post(_queue_url(eid, sid), headers=login(klass.teacher)).json()

    elsewhere = make_school(session, name="Ander College")
    for role in ("teacher", "admin"):
        headers = login(make_user(session, elsewhere, role))
        assert client.post(_queue_url(eid, sid), headers=headers).status_code == 404
        assert client.get(f"{API}/jobs/{job['job_id']}/status", headers=headers).status_code == 404
        assert (
            client.post(f"{API}/evaluation/{eid}/batch-queue", headers=headers).status_code == 404
        )
        assert client.get(f"{API}/evaluation/{eid}/jobs", headers=headers).status_code == 404
        assert client.post(f"{API}/jobs/{job['job_id']}/cancel", headers=headers).status_code == 404
        stats = client.get("/api/v1/queue/stats", headers=headers).json()
        assert stats["counts"]["queued"] == 0  # school A's job is not counted for school B
    # A student of the other school, with their own evaluation, cannot reach school A's either.
    theirs = make_feedback_class(session, elsewhere)
    headers = login(theirs.students[0])
    assert client.post(_queue_url(eid, sid), headers=headers).status_code == 404
    assert client.get(f"{API}/jobs/{job['job_id']}/status", headers=headers).status_code == 404
    # And school A's teacher cannot queue school B's student in school A's evaluation.
    mixed = client.post(_queue_url(eid, theirs.students[0].id), headers=login(klass.teacher))
    assert mixed.status_code == 404


def test_unknown_ids_are_not_found(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school)
    headers = login(klass.teacher)
    outsider = make_feedback_class(session, school).students[0]  # same school, other course
    assert (
        client.post(_queue_url(klass.evaluation.id, outsider.id), headers=headers).status_code
        == 404
    )
    assert (
        client.post(_queue_url(999_999, klass.students[0].id), headers=headers).status_code == 404
    )
    assert client.get(f"{API}/jobs/nope/status", headers=headers).status_code == 404
    assert client.post(f"{API}/jobs/nope/cancel", headers=headers).status_code == 404
    assert client.get(f"{API}/evaluation/999999/jobs", headers=headers).status_code == 404
    assert client.post(f"{API}/evaluation/999999/batch-queue", headers=headers).status_code == 404
