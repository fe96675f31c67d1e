"""The JSON routes of sign-in codes: issuing, signing in with a code, choosing a password,
and invitations by e-mail (to a real SMTP server on loopback)."""

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.access.conftest import Mailbox
from tests.factories.access import AccessClass as Class
from tests.factories.school import make_school, make_user

Headers = dict[str, Any]


def _bearer(token: str) -> Headers:
    return {"Authorization": f"Bearer {token}"}


def test_a_teacher_issues_course_codes_a_student_signs_in_and_chooses_a_password(
    client: TestClient, klass: Class, login: Callable[[User], Headers]
) -> None:
    issued = client.post(
        f"/api/v1/courses/{klass.course.id}/sign-in-codes", headers=login(klass.teacher)
    )
    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert [s["name"] for s in body["slips"]] == ["Anna", "Bram"]
    assert body["skipped_with_password"] == 1
    # No public URL is configured in the tests: links name the address the request came to.
    assert body["sign_in_url"] == "http://testserver/login/code"
    anna = body["slips"][0]

    wrong = client.post(
        "/api/v1/auth/code-login", json={"email": anna["email"], "code": "AAAAA-AAAAA"}
    )
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_code"

    signed = client.post(
        "/api/v1/auth/code-login", json={"email": anna["email"], "code": anna["code"].lower()}
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["must_set_password"] is True
    limited = _bearer(signed.json()["access_token"])
    # Until a password is chosen, the token reaches nothing else.
    refused = client.get("/api/v1/evaluations", headers=limited)
    assert refused.status_code == 403 and refused.json()["code"] == "password_required"
    assert client.get("/api/v1/auth/me", headers=limited).json()["must_set_password"] is True

    mismatch = client.post(
        "/api/v1/auth/password",
        headers=limited,
        json={"password": "mijn-eigen-wachtwoord", "password_confirmation": "iets-anders!!"},
    )
    assert mismatch.status_code == 422 and mismatch.json()["code"] == "password_mismatch"
    chosen = client.post(
        "/api/v1/auth/password",
        headers=limited,
        json={
            "password": "mijn-eigen-wachtwoord",
            "password_confirmation": "mijn-eigen-wachtwoord",
        },
    )
    assert chosen.status_code == 200, chosen.text
    assert client.get("/api/v1/evaluations", headers=limited).status_code == 401
    full = _bearer(chosen.json()["access_token"])
    assert client.get("/api/v1/evaluations", headers=full).status_code == 200
    assert client.get("/api/v1/auth/me", headers=full).json()["must_set_password"] is False

    by_password = client.post(
        "/api/v1/auth/login", json={"email": anna["email"], "password": "mijn-eigen-wachtwoord"}
    )
    assert by_password.status_code == 200
    used = client.post(
        "/api/v1/auth/code-login", json={"email": anna["email"], "code": anna["code"]}
    )
    assert used.status_code == 401


def test_code_sign_in_answers_the_same_for_unknown_addresses_and_is_throttled(
    client: TestClient, klass: Class
) -> None:
    email = klass.fresh[0].email
    unknown = client.post(
        "/api/v1/auth/code-login", json={"email": "niemand@x.example", "code": "AAAAA-AAAAA"}
    )
    wrong = client.post("/api/v1/auth/code-login", json={"email": email, "code": "AAAAA-AAAAA"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    for _ in range(4):
        client.post("/api/v1/auth/code-login", json={"email": email, "code": "BBBBB-BBBBB"})
    blocked = client.post("/api/v1/auth/code-login", json={"email": email, "code": "CCCCC-CCCCC"})
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_one_persons_code_and_another_schools_ids(
    client: TestClient, session: Session, klass: Class, login: Callable[[User], Headers]
) -> None:
    anna = klass.fresh[0]
    one = client.post(f"/api/v1/users/{anna.id}/sign-in-codes", headers=login(klass.teacher))
    assert one.status_code == 201
    assert [s["user_id"] for s in one.json()["slips"]] == [anna.id]
    assert one.json()["course_id"] is None

    other_admin = make_user(session, make_school(session), "admin")
    headers = login(other_admin)
    for path in (
        f"/api/v1/users/{anna.id}/sign-in-codes",
        f"/api/v1/courses/{klass.course.id}/sign-in-codes",
        f"/api/v1/users/{anna.id}/invitation",
        f"/api/v1/courses/{klass.course.id}/invitations",
    ):
        response = client.post(path, headers=headers)
        assert response.status_code == 404, path
    student = client.post(
        f"/api/v1/users/{anna.id}/sign-in-codes", headers=login(klass.with_password)
    )
    assert student.status_code == 403


def test_invitations_need_smtp(
    client: TestClient, klass: Class, login: Callable[[User], Headers]
) -> None:
    response = client.post(
        f"/api/v1/courses/{klass.course.id}/invitations", headers=login(klass.teacher)
    )
    assert response.status_code == 422
    assert response.json()["code"] == "smtp_not_configured"


def test_an_invitation_mail_carries_a_link_that_signs_in_once(
    client: TestClient,
    klass: Class,
    mailbox: Mailbox,
    school: School,
    login: Callable[[User], Headers],
) -> None:
    anna, bram = klass.fresh
    mailbox.refuse.add(bram.email)
    response = client.post(
        f"/api/v1/courses/{klass.course.id}/invitations", headers=login(klass.teacher)
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"sent": 1, "failed": [bram.email], "skipped_with_password": 1}
    (mail,) = mailbox.to(anna.email)
    assert mail["Subject"] == "Je inlogcode voor teameval"
    text = mail.get_content()
    link = re.search(r"https://\S+/login/code\?email=\S+#code=(\S+)", text)
    assert link, text
    assert link.group(1) in text.split(link.group(0), 1)[1]  # the code is also written out
    signed = client.post(
        "/api/v1/auth/code-login", json={"email": anna.email, "code": link.group(1)}
    )
    assert signed.status_code == 200
    again = client.post(
        "/api/v1/auth/code-login", json={"email": anna.email, "code": link.group(1)}
    )
    assert again.status_code == 401


def test_one_code_sent_five_times_at_once_signs_in_once(
    client: TestClient, klass: Class, login: Callable[[User], Headers]
) -> None:
    anna = klass.fresh[0]
    issued = client.post(f"/api/v1/users/{anna.id}/sign-in-codes", headers=login(klass.teacher))
    body = {"email": anna.email, "code": issued.json()["slips"][0]["code"]}
    start = threading.Barrier(5)

    def attempt(_: int) -> int:
        start.wait()
        return client.post("/api/v1/auth/code-login", json=body).status_code

    with ThreadPoolExecutor(5) as pool:
        statuses = sorted(pool.map(attempt, range(5)))
    assert statuses == [200, 401, 401, 401, 401]


def test_a_user_created_without_a_password_comes_with_a_code(
    client: TestClient, session: Session, school: School, login: Callable[[User], Headers]
) -> None:
    admin = make_user(session, school, "admin")
    created = client.post(
        "/api/v1/users",
        headers=login(admin),
        json={"email": "docent@school.example", "name": "Docent", "role": "teacher"},
    )
    assert created.status_code == 201, created.text
    slip = created.json()["sign_in"]["slips"][0]
    assert slip["user_id"] == created.json()["id"]
    signed = client.post(
        "/api/v1/auth/code-login", json={"email": "docent@school.example", "code": slip["code"]}
    )
    assert signed.status_code == 200 and signed.json()["user"]["role"] == "teacher"
    with_password = client.post(
        "/api/v1/users",
        headers=login(admin),
        json={"email": "b@school.example", "name": "B", "password": "a-long-password"},
    )
    assert with_password.status_code == 201 and with_password.json()["sign_in"] is None
