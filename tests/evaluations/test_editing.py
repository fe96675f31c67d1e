"""Editing after creation (docs/EVALUATION-FLOW.md, "Editing"): a draft is deleted, teams are
deleted only when nothing would be lost, a student moves between teams without changing an open
evaluation, and students who joined a team after opening are included on the teacher's word."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Evaluation, ReviewAllocation, School, Team, TeamMember, User
from tests.factories.course import enrol, make_team
from tests.factories.evaluation import make_class_with_team, make_evaluation
from tests.factories.school import make_user

Login = Callable[[User], dict[str, Any]]


def _allocations(session: Session, evaluation_id: int) -> set[tuple[int, int]]:
    session.expire_all()
    rows = session.execute(
        select(ReviewAllocation.reviewer_id, ReviewAllocation.reviewee_id).where(
            ReviewAllocation.evaluation_id == evaluation_id
        )
    )
    return {(r[0], r[1]) for r in rows}


def test_a_draft_is_deleted_an_opened_evaluation_is_not(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    draft = make_evaluation(session, klass.course, title="Concept")
    teacher = login(klass.teacher)
    refused = client.delete(f"/api/v1/evaluations/{klass.evaluation.id}", headers=teacher)
    assert refused.status_code == 422 and "concept" in refused.json()["detail"].lower()
    assert client.delete(f"/api/v1/evaluations/{draft.id}", headers=teacher).status_code == 204
    assert client.get(f"/api/v1/evaluations/{draft.id}", headers=teacher).status_code == 404
    session.expire_all()
    assert session.get(Evaluation, klass.evaluation.id) is not None


def test_a_team_is_deleted_only_when_nothing_is_lost(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    teacher = login(klass.teacher)
    base = f"/api/v1/courses/{klass.course.id}/teams"
    full = client.delete(f"{base}/{klass.team.id}", headers=teacher)
    assert full.status_code == 422 and full.json()["code"] == "team_not_empty"
    empty = make_team(session, klass.course, [], name="Team Leeg")
    assert client.delete(f"{base}/{empty.id}", headers=teacher).status_code == 204
    # A team emptied after an evaluation opened still holds that evaluation's reviews.
    for student in klass.students:
        moved = client.put(
            f"/api/v1/courses/{klass.course.id}/students/{student.id}/team",
            json={"team_id": None},
            headers=teacher,
        )
        assert moved.status_code == 200, moved.text
    kept = client.delete(f"{base}/{klass.team.id}", headers=teacher)
    assert kept.status_code == 422 and kept.json()["code"] == "team_has_reviews"
    assert len(_allocations(session, klass.evaluation.id)) == 9
    session.expire_all()
    assert session.get(Team, klass.team.id) is not None


def test_moving_a_student_leaves_open_evaluations_as_they_are(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    other = make_team(session, klass.course, [], name="Blauw")
    before = _allocations(session, klass.evaluation.id)
    teacher = login(klass.teacher)
    student = klass.students[0]
    url = f"/api/v1/courses/{klass.course.id}/students/{student.id}/team"
    moved = client.put(url, json={"team_id": other.id}, headers=teacher)
    assert moved.json() == {
        "student_id": student.id,
        "previous_team_id": klass.team.id,
        "team_id": other.id,
    }
    session.expire_all()
    team_of = session.scalars(
        select(TeamMember.team_id).where(TeamMember.student_id == student.id)
    ).all()
    assert team_of == [other.id]
    assert _allocations(session, klass.evaluation.id) == before
    unknown = client.put(url, json={"team_id": 999999}, headers=teacher)
    assert unknown.status_code == 422 and "999999" in unknown.json()["detail"]
    stranger = make_user(session, school, "student")
    elsewhere = f"/api/v1/courses/{klass.course.id}/students/{stranger.id}/team"
    assert client.put(elsewhere, json={"team_id": other.id}, headers=teacher).status_code == 422


def test_a_student_added_after_opening_is_included_when_the_teacher_says_so(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    teacher = login(klass.teacher)
    me, mate, _third = klass.students
    evaluation = f"/api/v1/evaluations/{klass.evaluation.id}"
    review = {
        "scores": [{"criterion_id": c.id, "score": 5, "comment": ""} for c in klass.criteria],
        "submit": True,
    }
    assert (
        client.put(f"{evaluation}/reviews/{mate.id}", json=review, headers=login(me)).status_code
        == 200
    )
    newcomer = make_user(session, school, "student", name="Mila Laat")
    members = [s.id for s in klass.students] + [newcomer.id]
    client.put(
        f"/api/v1/courses/{klass.course.id}/teams/{klass.team.id}",
        json={"name": klass.team.name, "member_ids": members},
        headers=teacher,
    )
    assert client.get(f"{evaluation}/late-members", headers=teacher).json() == {
        "students": [{"id": newcomer.id, "name": "Mila Laat"}]
    }
    assert client.get(f"{evaluation}/reviews/mine", headers=login(newcomer)).status_code == 404

    added = client.post(f"{evaluation}/late-members", headers=teacher).json()
    assert [s["id"] for s in added["added"]] == [newcomer.id]
    assert added["reviews_allocated"] == 7  # 3 teammates both ways, and a self review
    mine = client.get(f"{evaluation}/reviews/mine", headers=login(newcomer)).json()
    assert len(mine) == 4
    still = client.get(f"{evaluation}/reviews/mine", headers=login(me)).json()
    assert next(r for r in still if r["reviewee"]["id"] == mate.id)["status"] == "submitted"
    again = client.post(f"{evaluation}/late-members", headers=teacher).json()
    assert again == {"added": [], "reviews_allocated": 0}
    session.expire_all()
    count = session.scalar(
        select(func.count()).where(ReviewAllocation.evaluation_id == klass.evaluation.id)
    )
    assert count == 16


def test_a_student_leaves_the_course_only_when_no_open_evaluation_counts_them(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    teacher = login(klass.teacher)
    me, mate, _third = klass.students
    evaluation_id = klass.evaluation.id
    review = {
        "scores": [{"criterion_id": c.id, "score": 4, "comment": ""} for c in klass.criteria],
        "submit": True,
    }
    written = client.put(
        f"/api/v1/evaluations/{evaluation_id}/reviews/{mate.id}", json=review, headers=login(me)
    )
    assert written.status_code == 200
    students = f"/api/v1/courses/{klass.course.id}/students"
    before = _allocations(session, evaluation_id)

    refused = client.delete(f"{students}/{me.id}", headers=teacher)
    assert refused.status_code == 422
    assert refused.json()["code"] == "student_in_open_evaluation"
    assert klass.evaluation.title in refused.json()["detail"]
    # A newcomer whom no open evaluation counts leaves at once.
    newcomer = make_user(session, school, "student", name="Mila Weg")
    enrol(session, klass.course, [newcomer])
    assert client.delete(f"{students}/{newcomer.id}", headers=teacher).status_code == 204

    # A colleague off the course, and a student not on it, find nothing.
    colleague = login(make_user(session, school, "teacher"))
    assert client.delete(f"{students}/{me.id}", headers=colleague).status_code == 404
    assert client.delete(f"{students}/{newcomer.id}", headers=teacher).status_code == 404

    evaluation = session.get(Evaluation, evaluation_id)
    assert evaluation is not None
    evaluation.status = "closed"
    session.commit()
    assert client.delete(f"{students}/{me.id}", headers=teacher).status_code == 204
    course = client.get(f"/api/v1/courses/{klass.course.id}", headers=teacher).json()
    assert me.id not in [s["id"] for s in course["students"]]
    assert me.id not in [m["id"] for t in course["teams"] for m in t["members"]]
    # What was written and received in the closed evaluation stays.
    assert _allocations(session, evaluation_id) == before
    session.expire_all()
    assert (
        session.scalar(
            select(func.count()).where(
                TeamMember.student_id == me.id, TeamMember.course_id == klass.course.id
            )
        )
        == 0
    )
