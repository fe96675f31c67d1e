"""Deactivating and reactivating users: sign-ins end at once and never come back."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.course import enrol, make_course
from tests.factories.school import PASSWORD, make_user

Login = Callable[[User], dict[str, str]]


def _signs_in(client: TestClient, user: User) -> int:
    body = {"email": user.email, "password": PASSWORD}
    return int(client.post("/api/v1/auth/login", json=body).status_code)


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return int(client.get("/api/v1/auth/me", headers=headers).status_code)


def test_deactivation_ends_every_sign_in_and_reactivation_restores_none(
    client: TestClient, login: Login, admin: User, student: User
) -> None:
    old = [login(student), login(student)]
    staff = login(admin)
    off = client.post(f"/api/v1/users/{student.id}/deactivate", headers=staff)
    assert off.status_code == 200, off.text
    assert off.json()["is_active"] is False
    assert [_me(client, h) for h in old] == [401, 401]
    assert _signs_in(client, student) == 401
    listed = client.get("/api/v1/users?role=student", headers=staff).json()["items"]
    assert [(u["id"], u["is_active"]) for u in listed] == [(student.id, False)]

    on = client.post(f"/api/v1/users/{student.id}/reactivate", headers=staff)
    assert on.status_code == 200
    assert on.json()["is_active"] is True
    assert [_me(client, h) for h in old] == [401, 401]
    fresh = login(student)
    assert _me(client, fresh) == 200


def test_reactivating_a_user_deactivated_elsewhere_restores_no_old_token(
    client: TestClient, login: Login, session: Session, admin: User, student: User
) -> None:
    """A deactivation written straight into the database (or by an older version) left the
    sessions unrevoked; reactivating must not bring them back."""
    old = login(student)
    student.is_active = False
    session.commit()
    assert _me(client, old) == 401
    assert (
        client.post(f"/api/v1/users/{student.id}/reactivate", headers=login(admin)).status_code
        == 200
    )
    assert _me(client, old) == 401
    assert _signs_in(client, student) == 200


def test_who_may_deactivate_whom(
    client: TestClient, login: Login, session: Session, school: School, admin: User, teacher: User
) -> None:
    student = make_user(session, school, "student")
    colleague = make_user(session, school, "teacher")
    as_teacher = login(teacher)
    stranger = make_user(session, school, "student")  # on no course of this teacher
    assert (
        client.post(f"/api/v1/users/{stranger.id}/deactivate", headers=as_teacher).status_code
        == 404
    )
    enrol(session, make_course(session, school, teacher_id=teacher.id), [student])
    assert (
        client.post(f"/api/v1/users/{student.id}/deactivate", headers=as_teacher).status_code == 200
    )
    refused = client.post(f"/api/v1/users/{colleague.id}/deactivate", headers=as_teacher)
    assert refused.status_code == 403
    assert "beheerder" in refused.json()["detail"]
    as_admin = login(admin)
    self_off = client.post(f"/api/v1/users/{admin.id}/deactivate", headers=as_admin)
    assert self_off.status_code == 422
    assert _me(client, as_admin) == 200
    assert (
        client.post(f"/api/v1/users/{colleague.id}/deactivate", headers=as_admin).status_code == 200
    )
    assert _signs_in(client, colleague) == 401
    assert client.post("/api/v1/users/999999/deactivate", headers=as_admin).status_code == 404
