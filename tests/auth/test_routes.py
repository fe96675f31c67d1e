"""Sign-in: tokens, wrong passwords, throttling, logout."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.school import PASSWORD, make_school, make_user


def test_login_returns_a_bearer_token_that_me_accepts(client: TestClient, student: User) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["user"]["id"] == student.id
    assert "password_hash" not in body["user"]

    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == student.email
    assert me.json()["effective_language"] == "nl"


def test_login_is_case_insensitive_on_email(client: TestClient, student: User) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"email": student.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200


def test_wrong_password_and_unknown_email_answer_the_same(
    client: TestClient, student: User
) -> None:
    wrong = client.post("/api/v1/auth/login", json={"email": student.email, "password": "nope"})
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "ghost@x.example", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_repeated_failures_are_throttled_with_retry_after(
    client: TestClient, student: User
) -> None:
    for _ in range(5):
        r = client.post("/api/v1/auth/login", json={"email": student.email, "password": "bad"})
        assert r.status_code == 401
    blocked = client.post("/api/v1/auth/login", json={"email": student.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0


def test_logout_revokes_the_token(
    client: TestClient, student: User, login: Callable[[User], dict[str, str]]
) -> None:
    headers = login(student)
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_garbage_and_missing_tokens_are_401(client: TestClient) -> None:
    assert client.get("/api/v1/auth/me").status_code == 401
    bad = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401


def test_inactive_user_cannot_sign_in(client: TestClient, session: Session, school: School) -> None:
    user = make_user(session, school, is_active=False)
    r = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert r.status_code == 401


def test_english_user_gets_english_errors(client: TestClient, session: Session) -> None:
    school = make_school(session, language="en")
    user = make_user(session, school)
    r = client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": "bad"},
        headers={"Accept-Language": "en"},
    )
    assert r.json()["detail"] == "E-mail address or password is incorrect."
