"""Courses, teams and rosters through the API, including every refusal."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Course, Enrolment, School, Team, TeamMember, User
from tests.factories.course import make_course, make_team
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]


def _count(session: Session, model: type[Any]) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _students(session: Session, school: School, n: int) -> list[User]:
    return [make_user(session, school, "student") for _ in range(n)]


def test_teacher_creates_and_lists_courses(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    headers = login(teacher)
    r = client.post(
        "/api/v1/courses", json={"name": " Biologie 4H ", "code": "BIO4"}, headers=headers
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "Biologie 4H"
    assert body["teacher_id"] == teacher.id  # the creating teacher runs it
    make_course(session, school, name="Aardrijkskunde")

    listed = client.get("/api/v1/courses?limit=1", headers=headers)
    assert listed.status_code == 200
    assert listed.json()["total"] == 2
    assert [c["name"] for c in listed.json()["items"]] == ["Aardrijkskunde"]
    second = client.get("/api/v1/courses?limit=1&offset=1", headers=headers).json()
    assert [c["name"] for c in second["items"]] == ["Biologie 4H"]


def test_create_course_refuses_bad_input(
    client: TestClient, admin: User, student: User, login: Login, session: Session
) -> None:
    headers = login(admin)
    assert client.post("/api/v1/courses", json={"name": ""}, headers=headers).status_code == 422
    assert client.post("/api/v1/courses", json={}, headers=headers).status_code == 422
    r = client.post(
        "/api/v1/courses", json={"name": "X", "teacher_id": student.id}, headers=headers
    )
    assert r.status_code == 422
    assert str(student.id) in r.json()["detail"]
    assert r.json()["code"] == "not_a_teacher"
    assert _count(session, Course) == 0
    over = client.get("/api/v1/courses?limit=501", headers=headers)
    assert over.status_code == 422


def test_course_detail_shows_teams_members_and_roster(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    a, b, c = _students(session, school, 3)
    team = make_team(session, course, [a, b], name="Rood")
    headers = login(teacher)
    client.post(
        f"/api/v1/courses/{course.id}/students", json={"student_ids": [c.id]}, headers=headers
    )

    r = client.get(f"/api/v1/courses/{course.id}", headers=headers)
    assert r.status_code == 200
    body = r.json()
    assert body["teams"] == [
        {
            "id": team.id,
            "course_id": course.id,
            "name": "Rood",
            "members": sorted(
                [{"id": a.id, "name": a.name}, {"id": b.id, "name": b.name}],
                key=lambda m: (m["name"], m["id"]),
            ),
        }
    ]
    assert {s["id"] for s in body["students"]} == {a.id, b.id, c.id}
    assert client.get("/api/v1/courses/999999", headers=headers).status_code == 404


def test_creating_a_team_enrols_its_members(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    a, b = _students(session, school, 2)
    headers = login(teacher)
    r = client.post(
        f"/api/v1/courses/{course.id}/teams",
        json={"name": "Blauw", "member_ids": [a.id, b.id, a.id]},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    assert {m["id"] for m in r.json()["members"]} == {a.id, b.id}
    enrolled = set(
        session.scalars(select(Enrolment.student_id).where(Enrolment.course_id == course.id))
    )
    assert enrolled == {a.id, b.id}

    listed = client.get(f"/api/v1/courses/{course.id}/teams", headers=headers).json()
    assert listed["total"] == 1
    assert listed["items"][0]["name"] == "Blauw"


def test_team_refusals_name_the_id_and_change_nothing(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    a, b, c = _students(session, school, 3)
    make_team(session, course, [a], name="Rood")
    other_school = make_school(session)
    outsider = make_user(session, other_school, "student")
    headers = login(teacher)
    url = f"/api/v1/courses/{course.id}/teams"
    before = (_count(session, Team), _count(session, TeamMember), _count(session, Enrolment))

    cases = [
        ({"name": "Groen", "member_ids": [b.id, outsider.id]}, 422, str(outsider.id)),
        ({"name": "Groen", "member_ids": [b.id, teacher.id]}, 422, str(teacher.id)),
        ({"name": "Groen", "member_ids": [c.id, a.id]}, 422, str(a.id)),  # a is in Rood
        ({"name": "Groen", "member_ids": [999999]}, 422, "999999"),
        ({"name": "Rood", "member_ids": [b.id]}, 409, "Rood"),
        ({"name": "", "member_ids": [b.id]}, 422, "name"),
        ({"member_ids": [b.id]}, 422, "name"),
        ({"name": "Groen", "member_ids": ["x"]}, 422, "member_ids"),
    ]
    for body, status, mentioned in cases:
        r = client.post(url, json=body, headers=headers)
        assert r.status_code == status, (body, r.text)
        assert mentioned in r.json()["detail"], (body, r.text)
    assert (
        _count(session, Team),
        _count(session, TeamMember),
        _count(session, Enrolment),
    ) == before
    assert (
        client.post("/api/v1/courses/999999/teams", json={"name": "Z"}, headers=headers).status_code
        == 404
    )


def test_update_team_moves_members_and_keeps_enrolments(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    a, b, c = _students(session, school, 3)
    rood = make_team(session, course, [a, b], name="Rood")
    blauw = make_team(session, course, [c], name="Blauw")
    headers = login(teacher)
    url = f"/api/v1/courses/{course.id}/teams/{rood.id}"

    # c is still in Blauw: refused, nothing changes
    r = client.put(url, json={"name": "Rood", "member_ids": [a.id, c.id]}, headers=headers)
    assert r.status_code == 422
    assert str(c.id) in r.json()["detail"]
    taken = client.put(url, json={"name": "Blauw", "member_ids": [a.id]}, headers=headers)
    assert taken.status_code == 409
    session.expire_all()
    assert session.get(Team, rood.id).name == "Rood"  # type: ignore[union-attr]

    blauw_url = f"/api/v1/courses/{course.id}/teams/{blauw.id}"
    assert (
        client.put(blauw_url, json={"name": "Blauw", "member_ids": []}, headers=headers).status_code
        == 200
    )
    r = client.put(url, json={"name": "Rood 2", "member_ids": [a.id, c.id]}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Rood 2"
    assert {m["id"] for m in r.json()["members"]} == {a.id, c.id}
    enrolled = set(
        session.scalars(select(Enrolment.student_id).where(Enrolment.course_id == course.id))
    )
    assert enrolled == {a.id, b.id, c.id}  # b left the team, not the course

    other = make_course(session, school)
    wrong_course = f"/api/v1/courses/{other.id}/teams/{rood.id}"
    assert (
        client.put(wrong_course, json={"name": "X", "member_ids": []}, headers=headers).status_code
        == 404
    )
    missing = f"/api/v1/courses/{course.id}/teams/999999"
    assert (
        client.put(missing, json={"name": "X", "member_ids": []}, headers=headers).status_code
        == 404
    )


def test_enrol_students_without_team_is_idempotent(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    a, b = _students(session, school, 2)
    headers = login(teacher)
    url = f"/api/v1/courses/{course.id}/students"
    r = client.post(url, json={"student_ids": [a.id, b.id]}, headers=headers)
    assert r.status_code == 200, r.text
    assert sorted(r.json()["added"]) == sorted([a.id, b.id])
    again = client.post(url, json={"student_ids": [a.id]}, headers=headers)
    assert again.json()["added"] == []
    assert len(again.json()["students"]) == 2

    bad = client.post(url, json={"student_ids": [a.id, teacher.id]}, headers=headers)
    assert bad.status_code == 422
    assert str(teacher.id) in bad.json()["detail"]
    assert client.post(url, json={"student_ids": []}, headers=headers).status_code == 422
    assert _count(session, Enrolment) == 2


def test_students_cannot_manage_courses(
    client: TestClient, student: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    headers = login(student)
    assert client.get("/api/v1/courses", headers=headers).status_code == 403
    assert client.post("/api/v1/courses", json={"name": "X"}, headers=headers).status_code == 403
    assert client.get(f"/api/v1/courses/{course.id}", headers=headers).status_code == 403
    assert _count(session, Course) == 1
