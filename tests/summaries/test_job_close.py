"""Closing an evaluation queues the summaries of everyone who received feedback, at once."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from teameval.db import get_engine
from teameval.models import Evaluation, FeedbackSummary, School, SummaryGenerationJob, User
from tests.factories.summaries import make_feedback_class
from tests.queue.inprocess import drain_queue
from tests.queue.processes import summaries_queue

Login = Callable[[Any], dict[str, str]]


def test_closing_queues_every_student_with_feedback(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    klass = make_feedback_class(session, school, students=6, status="open")
    # A seventh student on the course received no submitted review: nothing to summarise.
    loner = User(school_id=school.id, role="student", email="loner@x.example", name="Loner")
    session.add(loner)
    session.commit()

    closed = client.post(
        f"/api/v1/evaluations/{klass.evaluation.id}/close", headers=login(klass.teacher)
    )
    assert closed.status_code == 200, closed.text

    session.expire_all()
    jobs = session.scalars(select(SummaryGenerationJob)).all()
    assert sorted(j.student_id for j in jobs) == sorted(s.id for s in klass.students)
    assert {j.status for j in jobs} == {"queued"}
    assert sorted(summaries_queue().get_job_ids()) == sorted(j.job_id for j in jobs)

    drain_queue()
    session.expire_all()
    assert {j.status for j in session.scalars(select(SummaryGenerationJob))} == {"completed"}
    assert len(session.scalars(select(FeedbackSummary)).all()) == 6
    # The student now sees their own job complete.
    me = klass.students[0]
    listing = client.get(
        f"/api/v1/feedback-summaries/evaluation/{klass.evaluation.id}/jobs",
        headers=login(klass.teacher),
    ).json()
    mine = next(j for j in listing["jobs"] if j["student_id"] == me.id)
    status = client.get(
        f"/api/v1/feedback-summaries/jobs/{mine['job_id']}/status", headers=login(me)
    ).json()
    assert status["status"] == "completed" and status["result"]["feedback_count"] == 2


def test_a_database_failure_while_closing_leaves_the_evaluation_open_and_closable(
    session: Session, school: School, login: Login
) -> None:
    """Issue 17, fault 14: closing and its summary jobs are one transaction.

    The database fails as the job rows are written (a connection cut at that statement): the
    close answers an error, the evaluation is still open, and closing again works, with every
    job. Before, the evaluation was closed in a first commit, the jobs were lost, and closing
    again answered 422.
    """
    from teameval.app import create_app

    klass = make_feedback_class(session, school, students=6, status="open")
    url = f"/api/v1/evaluations/{klass.evaluation.id}/close"

    def cut(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SUMMARY_GENERATION_JOBS"):
            raise OperationalError(statement, {}, ConnectionError("server closed the connection"))

    engine = get_engine()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        headers = login(klass.teacher)
        event.listen(engine, "before_cursor_execute", cut)
        try:
            failed = client.post(url, headers=headers)
        finally:
            event.remove(engine, "before_cursor_execute", cut)
        # A lost database connection answers 503 with Retry-After (issue 17 item 16).
        assert failed.status_code == 503
        assert "retry-after" in failed.headers
        session.expire_all()
        assert session.get(Evaluation, klass.evaluation.id).status == "open"  # type: ignore[union-attr]
        assert session.scalars(select(SummaryGenerationJob)).all() == []

        closed = client.post(url, headers=headers)
        assert closed.status_code == 200, closed.text
        session.expire_all()
        jobs = session.scalars(select(SummaryGenerationJob)).all()
        assert sorted(j.student_id for j in jobs) == sorted(s.id for s in klass.students)
        assert sorted(summaries_queue().get_job_ids()) == sorted(j.job_id for j in jobs)
        assert client.post(url, headers=headers).status_code == 422  # closing twice: as before
