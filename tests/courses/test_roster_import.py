"""`POST /api/v1/courses/{id}/import`: students and teams from one CSV, preview, all or nothing."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Course, Enrolment, School, Team, TeamMember, User
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]

GOOD = (
    "email,name,class_name,team\n"
    "anna@s.example,Anna Jansen,4B,Rood\n"
    "bram@s.example,Bram de Wit,4B,Rood\n"
    "cas@s.example,Cas Peters,4C,Blauw\n"
)


def course_of(session: Session, school: School) -> Course:
    """A course taught by the school's first teacher (the test's `teacher`)."""
    teacher = session.scalars(
        select(User.id).where(User.school_id == school.id, User.role == "teacher").order_by(User.id)
    ).first()
    course = Course(school_id=school.id, name="Project", teacher_id=teacher)
    session.add(course)
    session.commit()
    return course


def upload(
    client: TestClient, headers: dict[str, Any], course: Course, text: str, dry_run: bool
) -> Any:
    return client.post(
        f"/api/v1/courses/{course.id}/import",
        params={"dry_run": str(dry_run).lower()},
        content=text.encode("utf-8"),
        headers=headers | {"Content-Type": "text/csv"},
    )


def state(session: Session, course: Course) -> dict[str, Any]:
    """Everything an import can change, to compare before and after."""
    session.expire_all()
    members = session.execute(
        select(User.email, Team.name)
        .join(TeamMember, TeamMember.student_id == User.id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.course_id == course.id)
    ).all()
    return {
        "users": sorted((u.email, u.name, u.class_name) for u in session.scalars(select(User))),
        "enrolled": session.scalar(
            select(func.count()).select_from(Enrolment).where(Enrolment.course_id == course.id)
        ),
        "teams": sorted(session.scalars(select(Team.name).where(Team.course_id == course.id))),
        "members": sorted(members),
    }


def test_preview_lists_actions_and_writes_nothing(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    before = state(session, course)
    response = upload(client, login(teacher), course, GOOD, dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["dry_run"], body["applied"]) == (True, False)
    assert (body["created"], body["enrolled"], body["joined_team"]) == (3, 3, 3)
    assert body["teams_created"] == ["Blauw", "Rood"]
    assert body["errors"] == []
    assert [(x["line"], x["user"], x["team_action"]) for x in body["lines"]] == [
        (2, "create", "join"),
        (3, "create", "join"),
        (4, "create", "join"),
    ]
    assert state(session, course) == before


def test_errors_are_listed_per_line_and_block_applying(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    make_user(session, school, "teacher", email="juf@s.example")
    text = GOOD + (
        "geen-adres,Dirk,4B,Rood\n"
        "eva@s.example,,4B,Rood\n"
        "anna@s.example,Anna Dubbel,4B,Rood\n"
        f"fay@s.example,Fay,4B,{'x' * 101}\n"
        "juf@s.example,Juf,,Rood\n"
    )
    preview = upload(client, login(teacher), course, text, dry_run=True).json()
    errors = {e["line"]: e["message"] for e in preview["errors"]}
    assert sorted(errors) == [5, 6, 7, 8, 9]
    assert "geen-adres" in errors[5]
    assert errors[6] == "De naam ontbreekt."
    assert "eerder in het bestand" in errors[7]
    assert "team" in errors[8] and "100" in errors[8]
    assert "juf@s.example is geen leerling" in errors[9]
    assert preview["created"] == 3  # the good lines are still previewed

    before = state(session, course)
    refused = upload(client, login(teacher), course, text, dry_run=False)
    assert refused.status_code == 422
    assert refused.json()["code"] == "roster_import_has_errors"
    assert "5 regels bevatten fouten" in refused.json()["detail"]
    assert state(session, course) == before


def test_apply_then_the_same_file_again_changes_nothing(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    applied = upload(client, login(teacher), course, GOOD, dry_run=False)
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True
    after_first = state(session, course)
    assert after_first["teams"] == ["Blauw", "Rood"]
    assert after_first["enrolled"] == 3
    assert after_first["members"] == [
        ("anna@s.example", "Rood"),
        ("bram@s.example", "Rood"),
        ("cas@s.example", "Blauw"),
    ]
    again = upload(client, login(teacher), course, GOOD, dry_run=False).json()
    assert (again["created"], again["updated"], again["enrolled"]) == (0, 0, 0)
    assert (again["teams_created"], again["joined_team"], again["moved"]) == ([], 0, 0)
    assert again["unchanged"] == 3
    assert state(session, course) == after_first


def test_a_changed_file_moves_renames_and_keeps_the_rest(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    upload(client, login(teacher), course, GOOD, dry_run=False)
    changed = (
        "email;name;class_name;team\n"  # Excel's `;`
        "anna@s.example;Anna Jansen-Smit;4B;Blauw\n"
        "bram@s.example;Bram de Wit;;\n"  # no class, no team: both left as they are
    )
    body = upload(client, login(teacher), course, "\ufeff" + changed, dry_run=False).json()
    assert (body["updated"], body["moved"], body["unchanged"]) == (1, 1, 1)
    now = state(session, course)
    assert ("anna@s.example", "Anna Jansen-Smit", "4B") in now["users"]
    assert ("bram@s.example", "Bram de Wit", "4B") in now["users"]
    assert now["members"] == [
        ("anna@s.example", "Blauw"),
        ("bram@s.example", "Rood"),
        ("cas@s.example", "Blauw"),  # not in the file: stays
    ]


def test_existing_students_are_enrolled_not_duplicated(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    make_user(
        session, school, "student", email="anna@s.example", name="Anna Jansen", class_name="4B"
    )
    body = upload(client, login(teacher), course, GOOD, dry_run=False).json()
    assert (body["created"], body["enrolled"]) == (2, 3)
    assert body["lines"][0]["user"] == "unchanged"
    count = session.scalar(
        select(func.count()).select_from(User).where(User.email == "anna@s.example")
    )
    assert count == 1


def test_multipart_upload_works_too(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    course = course_of(session, school)
    response = client.post(
        f"/api/v1/courses/{course.id}/import?dry_run=false",
        files={"file": ("klas.csv", GOOD.encode(), "text/csv")},
        headers=login(teacher),
    )
    assert response.status_code == 200, response.text
    assert state(session, course)["enrolled"] == 3


def test_access(
    client: TestClient, login: Login, session: Session, school: School, student: User
) -> None:
    course = course_of(session, school)
    assert upload(client, login(student), course, GOOD, dry_run=True).status_code == 403
    other = make_user(session, make_school(session), "teacher")
    assert upload(client, login(other), course, GOOD, dry_run=False).status_code == 404
    assert state(session, course)["enrolled"] == 0


def test_a_dutch_excel_file_through_the_api_says_what_it_did(
    client: TestClient, login: Login, session: Session, school: School, teacher: User
) -> None:
    """`;`, Windows-1252, Dutch headers: the same file the course page takes."""
    course = course_of(session, school)
    excel = (
        "E-mail;Naam;Klas;Team\r\n"
        "anna@s.example;Anaïs Jansen;4B;Rood\r\n"
        "bram@s.example;Zoë de Wit;4B;Rood\r\n"
        "cas@s.example;Cas Peters;4C;Blauw\r\n"
    ).encode("cp1252")
    headers = login(teacher) | {"Content-Type": "text/csv"}
    url = f"/api/v1/courses/{course.id}/import"
    preview = client.post(url, params={"dry_run": "true"}, content=excel, headers=headers)
    assert preview.status_code == 200, preview.text
    assert (preview.json()["encoding"], preview.json()["message"]) == ("Windows-1252", None)
    applied = client.post(url, params={"dry_run": "false"}, content=excel, headers=headers)
    assert applied.status_code == 200, applied.text
    assert applied.json()["message"] == "3 leerlingen toegevoegd, 2 teams aangemaakt"
    assert ("anna@s.example", "Anaïs Jansen", "4B") in state(session, course)["users"]

    again = client.post(url, params={"dry_run": "false"}, content=excel, headers=headers)
    assert again.json()["message"] == "3 leerlingen ongewijzigd"
