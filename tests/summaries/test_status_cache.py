"""The job status cache (summaries/status_cache.py): a poll answered from Redis with no database
statement, the same body as from the rows, the same refusals, and never older than a commit."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from redis import Redis
from sqlalchemy import event
from sqlalchemy.orm import Session

from teameval.db import get_engine
from teameval.models import School
from teameval.queue.connection import get_redis, use_redis
from teameval.summaries.jobs import generate
from tests.factories.school import make_school, make_user
from tests.factories.summaries import FeedbackClass, make_feedback_class

API = "/api/v1/feedback-summaries"
Login = Callable[[Any], dict[str, str]]


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements this process sends while the block runs."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(get_engine(), "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(get_engine(), "before_cursor_execute", note)


def _status(client: TestClient, job_id: str, headers: dict[str, str]) -> Any:
    return client.get(f"{API}/jobs/{job_id}/status", headers=headers)


def _queue(client: TestClient, eid: int, sid: int, headers: dict[str, str]) -> Any:
    return client.post(f"{API}/evaluation/{eid}/student/{sid}/queue", headers=headers).json()


def _warm(client: TestClient, job_id: str, headers: dict[str, str]) -> Any:
    """Poll until the cache holds the job (the first poll of a job remembers its owner, the
    second stores the entry); returns the last answer, read from the database."""
    first = _status(client, job_id, headers)
    second = _status(client, job_id, headers)
    assert first.json() == second.json()
    return second


@dataclass
class CachedJob:
    """A student's own summary job, queued by the student and already in the cache."""

    klass: FeedbackClass
    headers: dict[str, str]
    job_id: str
    from_db: Any


def _cached_job(client: TestClient, session: Session, school: School, login: Login) -> CachedJob:
    """The first student of a new class queues their summary and polls until it is cached."""
    klass = make_feedback_class(session, school)
    student = klass.students[0]
    headers = login(student)
    job_id = _queue(client, klass.evaluation.id, student.id, headers)["job_id"]
    return CachedJob(klass, headers, job_id, _warm(client, job_id, headers))


def test_a_cached_poll_sends_no_statement_and_answers_the_same_body(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    job = _cached_job(client, session, school, login)
    assert job.from_db.json()["status"] == "queued"

    with statements() as sent:
        cached = _status(client, job.job_id, job.headers)
    assert sent == []  # neither the sign-in nor the job needed the database
    assert cached.status_code == 200 and cached.json() == job.from_db.json()


def test_the_worker_writes_the_entry_with_the_row(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    job = _cached_job(client, session, school, login)

    generate(job.job_id)

    with statements() as sent:
        cached = _status(client, job.job_id, job.headers)
    assert sent == []
    body = cached.json()
    assert body["status"] == "completed" and body["result"]["summary_text"]
    # The database answers the same, byte for byte once parsed (a teacher's poll reads it).
    get_redis().flushdb()
    assert _status(client, job.job_id, job.headers).json() == body


def test_students_and_other_schools_are_refused_from_the_cache_as_from_the_rows(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    job = _cached_job(client, session, school, login)
    klass, classmate = job.klass, job.klass.students[1]

    elsewhere = make_school(session, name="Ander College")
    outsiders = [classmate, make_user(session, elsewhere, "admin")]
    outsiders += [make_user(session, elsewhere, "student"), make_user(session, school, "teacher")]
    for outsider in outsiders:
        headers = login(outsider)
        with statements() as sent:
            refused = _status(client, job.job_id, headers)
        assert refused.status_code == 404, outsider.email
        assert refused.json()["code"] == "not_found"
        if outsider.role != "teacher":  # a teacher's course is checked in the database
            assert not [s for s in sent if "summary_generation_jobs" in s]
    # The school's admin and the course's teacher see it.
    assert (
        _status(client, job.job_id, login(make_user(session, school, "admin"))).json()["job_id"]
        == job.job_id
    )
    assert _status(client, job.job_id, login(klass.teacher)).status_code == 200


def test_publishing_reaches_the_student_at_once_despite_the_cache(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school, summary_release="teacher_review")
    student = klass.students[0]
    eid = klass.evaluation.id
    teacher = login(klass.teacher)
    job = client.post(f"{API}/evaluation/{eid}/student/{student.id}/queue", headers=teacher)
    job_id = job.json()["job_id"]
    generate(job_id)
    headers = login(student)
    for _ in range(3):  # cached as "not released"
        unreleased = _status(client, job_id, headers)
        assert unreleased.status_code == 403
        assert unreleased.json()["code"] == "summary_not_released"

    edited = client.put(
        f"{API}/evaluation/{eid}/student/{student.id}",
        json={"text": "Nagekeken door je docent."},
        headers=teacher,
    )
    assert edited.status_code == 200, edited.text
    assert client.post(f"{API}/evaluation/{eid}/student/{student.id}/publish", headers=teacher)

    released = _status(client, job_id, headers)
    assert released.status_code == 200, released.text
    assert released.json()["result"]["summary_text"] == "Nagekeken door je docent."
    again = _status(client, job_id, headers)  # now from the cache: the same
    assert again.json() == released.json()


def test_redis_trouble_falls_back_to_the_database(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    job = _cached_job(client, session, school, login)

    working = get_redis()
    use_redis(Redis(port=1, socket_connect_timeout=0.2, socket_timeout=0.2))  # nobody listens
    try:
        answer = _status(client, job.job_id, job.headers)
    finally:
        use_redis(working)
    assert answer.status_code == 200 and answer.json() == job.from_db.json()


def test_a_signed_out_token_is_refused_although_its_sign_in_was_cached(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    job = _cached_job(client, session, school, login)

    assert client.post("/api/v1/auth/logout", headers=job.headers).status_code in (200, 204)
    assert _status(client, job.job_id, job.headers).status_code == 401
