"""Users: create, list, CSV import with per-line errors."""

import codecs
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.course import enrol, make_course

Login = Callable[[User], dict[str, str]]


def _count_users(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def test_teacher_creates_a_student(client: TestClient, teacher: User, login: Login) -> None:
    r = client.post(
        "/api/v1/users",
        json={"email": "Anna@Example.org", "name": "Anna de Vries", "class_name": "4H2"},
        headers=login(teacher),
    )
    assert r.status_code == 201, r.text
    assert r.json()["email"] == "anna@example.org"
    assert r.json()["role"] == "student"
    assert r.json()["school_id"] == teacher.school_id


def test_teacher_cannot_create_a_teacher_but_admin_can(
    client: TestClient, teacher: User, admin: User, login: Login
) -> None:
    body = {"email": "t@example.org", "name": "T", "role": "teacher", "password": "long-enough-pw"}
    refused = client.post("/api/v1/users", json=body, headers=login(teacher))
    assert refused.status_code == 403
    created = client.post("/api/v1/users", json=body, headers=login(admin))
    assert created.status_code == 201
    signed_in = client.post(
        "/api/v1/auth/login", json={"email": "t@example.org", "password": "long-enough-pw"}
    )
    assert signed_in.status_code == 200


def test_duplicate_email_is_409_and_bad_input_is_422(
    client: TestClient, teacher: User, student: User, login: Login, session: Session
) -> None:
    headers = login(teacher)
    before = _count_users(session)
    dup = client.post("/api/v1/users", json={"email": student.email, "name": "X"}, headers=headers)
    assert dup.status_code == 409
    assert student.email in dup.json()["detail"]
    bad = client.post("/api/v1/users", json={"email": "not-an-email", "name": ""}, headers=headers)
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"email", "name"}
    short = client.post(
        "/api/v1/users", json={"email": "a@b.nl", "name": "A", "password": "short"}, headers=headers
    )
    assert short.status_code == 422
    assert _count_users(session) == before


def test_list_is_paginated_and_filtered(client: TestClient, teacher: User, login: Login) -> None:
    headers = login(teacher)
    for i in range(3):
        client.post(
            "/api/v1/users", json={"email": f"s{i}@x.nl", "name": f"S {i}"}, headers=headers
        )
    page = client.get("/api/v1/users?role=student&limit=2&offset=0", headers=headers).json()
    assert page["total"] == 3
    assert len(page["items"]) == 2
    rest = client.get("/api/v1/users?role=student&limit=2&offset=2", headers=headers).json()
    assert len(rest["items"]) == 1
    assert client.get("/api/v1/users?limit=501", headers=headers).status_code == 422


def test_student_cannot_list_users(client: TestClient, student: User, login: Login) -> None:
    assert client.get("/api/v1/users", headers=login(student)).status_code == 403


def test_import_reports_bad_lines_and_applies_all_or_nothing(
    client: TestClient, teacher: User, login: Login, session: Session
) -> None:
    """One bad line and nothing is imported (the course import's rule, now every import's)."""
    headers = {**login(teacher), "Content-Type": "text/csv", "Accept-Language": "en"}
    good = "email,name,class_name\njan@school.nl,Jan Jansen,4H1\nemma@school.nl,Emma Bakker\n"
    csv_text = good + ("not-an-email,Piet,4H1\nsara@school.nl,,4H1\njan@school.nl,Jan Again,4H1\n")
    refused = client.post("/api/v1/users/import", content=csv_text.encode(), headers=headers)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "roster_import_has_errors"
    assert "3 regels bevatten fouten" in body["detail"]  # the teacher's language, not the browser's
    assert [e["line"] for e in body["errors"]] == [4, 5, 6]
    assert "not-an-email" in body["errors"][0]["message"]
    assert session.scalars(select(User).where(User.role == "student")).all() == []

    r = client.post("/api/v1/users/import", content=good.encode(), headers=headers)
    assert r.status_code == 200, r.text
    assert (r.json()["created"], r.json()["updated"], r.json()["errors"]) == (2, 0, [])

    again = client.post("/api/v1/users/import", content=good.encode(), headers=headers).json()
    assert (again["created"], again["updated"]) == (0, 0)

    renamed = "email;name;class_name\njan@school.nl;Jan J. Jansen;4H1\n"
    third = client.post("/api/v1/users/import", content=renamed.encode(), headers=headers).json()
    assert third["updated"] == 1
    session.expire_all()
    jan = session.scalars(select(User).where(User.email == "jan@school.nl")).one()
    assert jan.name == "Jan J. Jansen"


def test_import_as_multipart_and_bad_files(client: TestClient, teacher: User, login: Login) -> None:
    headers = login(teacher)
    ok = client.post(
        "/api/v1/users/import",
        files={"file": ("s.csv", b"\xef\xbb\xbfemail,name\nlisa@school.nl,Lisa\n", "text/csv")},
        headers=headers,
    )
    assert ok.status_code == 200
    assert ok.json()["created"] == 1
    empty = client.post("/api/v1/users/import", content=b"", headers=headers)
    assert empty.status_code == 422
    # Not UTF-8: read as the Windows code page Excel writes (docs/ROSTER_IMPORT.md).
    windows = client.post(
        "/api/v1/users/import",
        content="email,name\nr@x.nl,Ren\xe9\n".encode("cp1252"),
        headers=headers,
    )
    assert windows.status_code == 200, windows.text
    assert windows.json()["created"] == 1
    broken_utf16 = codecs.BOM_UTF16_LE + b"e\x00\x00\xd8"  # a lone surrogate
    not_text = client.post("/api/v1/users/import", content=broken_utf16, headers=headers)
    assert not_text.status_code == 422
    assert not_text.json()["code"] == "csv_not_utf8"
    no_header = client.post("/api/v1/users/import", content=b"foo,bar\n1,2\n", headers=headers)
    assert no_header.status_code == 422
    assert "e-mail en naam" in no_header.json()["detail"]


def test_staff_set_a_password_for_an_imported_student(
    client: TestClient,
    teacher: User,
    student: User,
    admin: User,
    login: Login,
    session: Session,
    school: School,
) -> None:
    old = login(student)
    headers = login(teacher)
    client.post(
        "/api/v1/users/import",
        content=b"email,name\nnew@school.nl,Nieuw\n",
        headers={**headers, "Content-Type": "text/csv"},
    )
    users = client.get("/api/v1/users?q=new@school.nl", headers=headers).json()["items"]
    new_id = users[0]["id"]
    # A teacher looks after the students of their courses (docs/ACCESS.md, "Course staff").
    imported = session.get(User, new_id)
    assert imported is not None
    enrol(session, make_course(session, school, teacher_id=teacher.id), [student, imported])
    cannot = client.post(
        "/api/v1/auth/login", json={"email": "new@school.nl", "password": "x" * 12}
    )
    assert cannot.status_code == 401

    r = client.put(f"/api/v1/users/{new_id}/password", json={"password": "x" * 12}, headers=headers)
    assert r.status_code == 200, r.text
    can = client.post("/api/v1/auth/login", json={"email": "new@school.nl", "password": "x" * 12})
    assert can.status_code == 200

    short = client.put(
        f"/api/v1/users/{new_id}/password", json={"password": "short"}, headers=headers
    )
    assert short.status_code == 422
    # A new password signs the user out everywhere.
    client.put(f"/api/v1/users/{student.id}/password", json={"password": "y" * 12}, headers=headers)
    assert client.get("/api/v1/auth/me", headers=old).status_code == 401
    # Teachers set students' passwords only; admins anyone's.
    staff_pw = {"password": "z" * 12}
    assert (
        client.put(f"/api/v1/users/{admin.id}/password", json=staff_pw, headers=headers).status_code
        == 403
    )
    assert (
        client.put(
            f"/api/v1/users/{teacher.id}/password", json=staff_pw, headers=login(admin)
        ).status_code
        == 200
    )
