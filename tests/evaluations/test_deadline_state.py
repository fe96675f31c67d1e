"""Deadlines that mean something (docs/EVALUATION-FLOW.md, "Deadlines"): past the deadline an
open evaluation is "deadline passed" everywhere; one set to close at its deadline is closed by
the scheduler's pass through the same service path as a teacher's close (the summaries are
queued); a student's own extension keeps their reviews open and the evaluation waits for it."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.evaluations.service import close_due_evaluations
from teameval.models import (
    Evaluation,
    ReviewAllocation,
    School,
    SummaryGenerationJob,
    User,
    utcnow,
)
from tests.factories.evaluation import ClassWithTeam, make_class_with_team

Login = Callable[[User], dict[str, Any]]


def _review(klass: ClassWithTeam, reviewee: User, submit: bool = True) -> dict[str, Any]:
    return {
        "scores": [
            {"criterion_id": c.id, "score": 4, "comment": "Goed samengewerkt"}
            for c in klass.criteria
        ],
        "submit": submit,
    }


def _past_deadline(session: Session, klass: ClassWithTeam, **values: Any) -> None:
    evaluation = klass.evaluation
    evaluation.deadline = utcnow() - timedelta(minutes=1)
    for key, value in values.items():
        setattr(evaluation, key, value)
    session.commit()


def test_past_the_deadline_the_evaluation_reads_deadline_passed(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    me, mate = klass.students[:2]
    url = f"/api/v1/evaluations/{klass.evaluation.id}"
    assert client.get(url, headers=login(me)).json()["phase"] == "open"
    _past_deadline(session, klass)
    for person in (me, klass.teacher):
        read = client.get(url, headers=login(person)).json()
        assert read["status"] == "open" and read["phase"] == "deadline_passed", person.role
        assert read["accepts_reviews"] is False
    refused = client.put(f"{url}/reviews/{mate.id}", json=_review(klass, mate), headers=login(me))
    assert refused.status_code == 422 and refused.json()["code"] == "deadline_passed"


def test_an_extension_keeps_one_students_reviews_open(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    late, other, mate = klass.students
    _past_deadline(session, klass)
    base = f"/api/v1/evaluations/{klass.evaluation.id}"
    teacher = login(klass.teacher)
    later = (utcnow() + timedelta(days=2)).isoformat()
    given = client.put(f"{base}/extensions/{late.id}", json={"deadline": later}, headers=teacher)
    assert given.status_code == 200, given.text
    assert client.get(f"{base}/extensions", headers=teacher).json()[0]["student_id"] == late.id
    mine = client.get(base, headers=login(late)).json()
    assert mine["phase"] == "open" and mine["accepts_reviews"] and mine["own_deadline"]
    saved = client.put(f"{base}/reviews/{mate.id}", json=_review(klass, mate), headers=login(late))
    assert saved.status_code == 200, saved.text
    theirs = client.put(
        f"{base}/reviews/{mate.id}", json=_review(klass, mate), headers=login(other)
    )
    assert theirs.status_code == 422
    assert client.get(base, headers=teacher).json()["extensions_running"] == 1

    withdrawn = client.delete(f"{base}/extensions/{late.id}", headers=teacher)
    assert withdrawn.status_code == 204
    assert client.get(base, headers=login(late)).json()["accepts_reviews"] is False


def test_extension_refusals_say_what_is_wrong(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    outsider = make_class_with_team(session, school).students[0]
    base = f"/api/v1/evaluations/{klass.evaluation.id}/extensions"
    teacher = login(klass.teacher)
    student = klass.students[0]
    soon = (klass.evaluation.deadline - timedelta(hours=1)).isoformat()  # type: ignore[operator]
    later = (utcnow() + timedelta(days=30)).isoformat()
    cases = [
        (student.id, soon, "extension_not_later"),
        (outsider.id, later, "extension_not_participant"),
    ]
    for student_id, deadline, code in cases:
        r = client.put(f"{base}/{student_id}", json={"deadline": deadline}, headers=teacher)
        assert r.status_code == 422 and r.json()["code"] == code, r.text
    klass.teacher.language = "en"
    session.commit()
    english = client.put(
        f"{base}/{student.id}", json={"deadline": soon}, headers=login(klass.teacher)
    )
    assert "later than the evaluation's deadline" in english.json()["detail"]
    assert client.get(base, headers=teacher).json() == []  # nothing was saved


def test_the_scheduler_closes_at_the_deadline_and_queues_the_summaries(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, close_at_deadline=True)
    manual = make_class_with_team(session, school)  # not set to close itself
    me, mate, _third = klass.students
    url = f"/api/v1/evaluations/{klass.evaluation.id}/reviews/{mate.id}"
    assert client.put(url, json=_review(klass, mate), headers=login(me)).status_code == 200
    assert close_due_evaluations(session) == []  # the deadline is a week away
    _past_deadline(session, klass)
    _past_deadline(session, manual)

    assert close_due_evaluations(session) == [klass.evaluation.id]
    assert close_due_evaluations(session) == []  # closed once
    session.expire_all()
    assert session.get(Evaluation, klass.evaluation.id).status == "closed"  # type: ignore[union-attr]
    assert session.get(Evaluation, manual.evaluation.id).status == "open"  # type: ignore[union-attr]
    jobs = session.scalars(
        select(SummaryGenerationJob).where(
            SummaryGenerationJob.evaluation_id == klass.evaluation.id
        )
    ).all()
    assert [j.student_id for j in jobs] == [mate.id]
    assert jobs[0].requested_by_id == klass.evaluation.created_by_id or klass.teacher.id


def test_the_scheduler_waits_for_the_last_extension(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, close_at_deadline=True)
    _past_deadline(session, klass)
    later = utcnow() + timedelta(hours=2)
    given = client.put(
        f"/api/v1/evaluations/{klass.evaluation.id}/extensions/{klass.students[0].id}",
        json={"deadline": later.isoformat()},
        headers=login(klass.teacher),
    )
    assert given.status_code == 200
    assert close_due_evaluations(session) == []
    assert close_due_evaluations(session, now=later + timedelta(seconds=1)) == [klass.evaluation.id]
    reviews = session.scalars(
        select(ReviewAllocation).where(ReviewAllocation.evaluation_id == klass.evaluation.id)
    ).all()
    assert len(reviews) == 9  # closing keeps every allocation


def test_the_scheduler_process_closes_due_evaluations(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    """`teameval reconcile --loop` (the worker pool's scheduler) runs the deadline pass, with
    the summaries' close hook registered: the jobs are queued as after a teacher's close."""
    klass = make_class_with_team(session, school, close_at_deadline=True)
    me, mate, _third = klass.students
    url = f"/api/v1/evaluations/{klass.evaluation.id}/reviews/{mate.id}"
    assert client.put(url, json=_review(klass, mate), headers=login(me)).status_code == 200
    _past_deadline(session, klass)
    command = [sys.executable, "-m", "teameval.cli", "reconcile", "--loop"]
    process = subprocess.Popen([*command, "--parent-pid", str(os.getpid())])
    try:
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            session.expire_all()
            if session.scalars(select(SummaryGenerationJob.student_id)).all():
                break
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(10)
    session.expire_all()
    assert session.get(Evaluation, klass.evaluation.id).status == "closed"  # type: ignore[union-attr]
    assert session.scalars(select(SummaryGenerationJob.student_id)).all() == [mate.id]
