"""Names are judged after stripping on every write path; a list never fails on a stored row."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.errors import Conflict, Invalid
from teameval.models import School, User
from teameval.schools.service import SchoolAdminService
from tests.factories.course import make_course, make_team
from tests.factories.evaluation import make_evaluation
from tests.factories.school import make_user

Login = Callable[[User], dict[str, Any]]

# Blank after stripping, one over each column, and characters no column may hold.
BAD_NAMES = ["   ", "\u00a0\u2003", "x" * 201, "Anna\x00", "Anna\nBram", "Anna\tBram"]


def _users(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_api_refuses_bad_names_of_users_courses_teams_and_evaluations(
    client: TestClient, login: Login, session: Session, school: School, teacher: User, name: str
) -> None:
    headers = login(teacher)
    course = make_course(session, school)
    users_before = _users(session)
    bodies: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/users", {"email": "new@s.example", "name": name}),
        ("/api/v1/courses", {"name": name}),
        (f"/api/v1/courses/{course.id}/teams", {"name": name[:101]}),
        (
            "/api/v1/evaluations",
            {"course_id": course.id, "title": name, "criteria": [{"name": "Inzet"}]},
        ),
        (
            "/api/v1/evaluations",
            {"course_id": course.id, "title": "Project", "criteria": [{"name": name}]},
        ),
    ]
    for path, body in bodies:
        answer = client.post(path, json=body, headers=headers)
        assert answer.status_code == 422, (path, answer.text)
    assert _users(session) == users_before
    listed = client.get("/api/v1/courses", headers=headers).json()
    assert [c["id"] for c in listed["items"]] == [course.id]


def test_api_strips_names_and_labels_and_answers_in_the_users_language(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    headers = login(teacher)
    made = client.post(
        "/api/v1/users",
        json={"email": "a@s.example", "name": "  Anna de Vries ", "class_name": "  "},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    assert (made.json()["name"], made.json()["class_name"]) == ("Anna de Vries", None)
    course = client.post(
        "/api/v1/courses", json={"name": " Project ", "code": " P1 "}, headers=headers
    ).json()
    assert (course["name"], course["code"]) == ("Project", "P1")
    dutch = client.post("/api/v1/courses", json={"name": "  "}, headers=headers).json()
    assert dutch["errors"] == [
        {"field": "name", "message": "mag niet leeg zijn of alleen spaties bevatten"}
    ]
    english = client.post(
        "/api/v1/courses",
        json={"name": "P", "code": "x" * 51},
        headers=login(make_user(session, school, "teacher", language="en")),
    ).json()
    assert english["errors"] == [{"field": "code", "message": "must be at most 50 characters"}]


def test_user_import_refuses_overlong_cells_per_line_and_imports_nothing(
    client: TestClient, login: Login, session: Session, teacher: User
) -> None:
    text = (
        "email,name,class_name\n"
        "anna@s.example,Anna,4B\n"
        f"bram@s.example,{'B' * 201},4B\n"
        f"cas@s.example,Cas,{'4' * 51}\n"
        'dirk@s.example,"Dirk\nde Wit",4B\n'
    )
    answer = client.post(
        "/api/v1/users/import",
        content=text.encode(),
        headers=login(teacher) | {"Content-Type": "text/csv"},
    )
    # All or nothing (every import's rule): the good line waits for the file to be fixed.
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "roster_import_has_errors"
    messages = {e["line"]: e["message"] for e in body["errors"]}
    assert messages[3] == "De kolom name is langer dan 200 tekens."
    assert messages[4] == "De kolom class_name is langer dan 50 tekens."
    assert "stuurteken" in messages[5]
    session.expire_all()
    assert session.scalars(select(User.email).where(User.role == "student")).all() == []
    assert client.get("/api/v1/users", headers=login(teacher)).status_code == 200


def test_roster_import_refuses_an_overlong_class(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = make_course(session, school)
    text = f"email,name,class_name,team\nanna@s.example,Anna,{'4' * 51},Rood\n"
    answer = client.post(
        f"/api/v1/courses/{course.id}/import",
        params={"dry_run": "false"},
        content=text.encode(),
        headers=login(teacher) | {"Content-Type": "text/csv"},
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "roster_import_has_errors"
    assert _users(session) == 1  # the teacher only


def test_operator_commands_refuse_blank_names(session: Session, school: School) -> None:
    service = SchoolAdminService(session)
    with pytest.raises(Invalid) as blank_school:
        service.create_school("   ")
    assert blank_school.value.code == "text_blank"
    with pytest.raises(Invalid) as long_user:
        service.create_user(school.id, "admin", "a@s.example", "x" * 201, "long-enough-pw")
    assert long_user.value.code == "text_too_long"


def test_one_odd_stored_row_never_takes_a_list_down(
    client: TestClient,
    login: Login,
    session: Session,
    school: School,
    admin: User,
) -> None:
    """Rows written before these checks (or by hand) are shown as stored."""
    # SQLite stores an over-long value; PostgreSQL never held one, so it is tried there only.
    long = session.get_bind().dialect.name == "sqlite"
    odd = make_user(session, school, "student", name="   ", class_name="4" * 60 if long else "  ")
    make_user(session, school, "student", name="")
    course = make_course(session, school, name=" ", code="C" * 60 if long else "")
    make_team(session, course, [odd], name="  ")
    make_evaluation(session, course, criteria=[("  ", "")], title="   ")
    headers = login(admin)
    for path in (
        "/api/v1/users",
        "/api/v1/courses",
        f"/api/v1/courses/{course.id}",
        f"/api/v1/courses/{course.id}/teams",
        "/api/v1/evaluations",
    ):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200, (path, answer.text)
    users = client.get("/api/v1/users", headers=headers).json()
    assert {u["name"] for u in users["items"]} >= {"   ", ""}


def test_operator_create_user_checks_as_the_api_does(session: Session, school: School) -> None:
    """`teameval create-user` makes a user through the one user-creation rule (users.accounts)."""
    service = SchoolAdminService(session)
    with pytest.raises(Invalid) as short:
        service.create_user(school.id, "admin", "a@s.example", "Anna", "short")
    assert short.value.code == "weak_password"
    with pytest.raises(Invalid) as role:
        service.create_user(school.id, "rector", "a@s.example", "Anna", "long-enough-pw")
    assert role.value.code == "invalid_role"
    with pytest.raises(Invalid) as email:
        service.create_user(school.id, "admin", "geen-adres", "Anna", "long-enough-pw")
    assert email.value.code == "validation_error"
    user = service.create_user(school.id, "admin", " Anna@S.example ", " Anna ", "long-enough-pw")
    assert (user.email, user.name, user.role) == ("anna@s.example", "Anna", "admin")
    with pytest.raises(Conflict):
        service.create_user(school.id, "teacher", "anna@s.example", "Anna", "long-enough-pw")
