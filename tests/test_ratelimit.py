"""Rate limits in Redis: per user and action, with Retry-After; sign-in per e-mail address."""

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval import ratelimit
from teameval.auth.principal import Principal
from teameval.config import get_settings
from teameval.demo import load_demo
from teameval.errors import TooManyRequests
from teameval.models import Evaluation, User
from teameval.ratelimit import ActionLimits, Limit, limit
from tests.factories.school import PASSWORD
from tests.queue.processes import wait_until
from tests.web.conftest import login_form


def _principal(user_id: int, role: str = "student") -> Principal:
    return Principal(user_id=user_id, school_id=1, role=role, language="nl", session_id=1)  # type: ignore[arg-type]


# The test action's window: short, so a test waits for it to pass in a fraction of a second.
WINDOW_S = 0.4


@pytest.fixture
def tight_limits() -> Iterator[None]:
    """A test action: 3 per WINDOW_S for students, 5 for staff, none for plain keys."""
    ratelimit.LIMITS["test"] = ActionLimits(student=Limit(3, WINDOW_S), staff=Limit(5, WINDOW_S))
    yield
    del ratelimit.LIMITS["test"]


def _allowed(principal: Principal) -> bool:
    """Whether `principal` may do the test action now (counting it when so)."""
    try:
        limit(get_settings(), principal, "test")
    except TooManyRequests:
        return False
    return True


def test_over_the_limit_is_refused_with_retry_after(tight_limits: None) -> None:
    student = _principal(1)
    for _ in range(3):
        limit(get_settings(), student, "test")

    with pytest.raises(TooManyRequests) as refused:
        limit(get_settings(), student, "test")
    assert 1 <= refused.value.retry_after <= 2


def test_users_and_roles_have_their_own_counts(tight_limits: None) -> None:
    for _ in range(3):
        limit(get_settings(), _principal(1), "test")
    limit(get_settings(), _principal(2), "test")  # another student is not affected
    for _ in range(5):
        limit(get_settings(), _principal(3, "teacher"), "test")  # staff have a higher limit
    with pytest.raises(TooManyRequests):
        limit(get_settings(), _principal(3, "teacher"), "test")


def test_the_window_slides(tight_limits: None) -> None:
    student = _principal(1)
    for _ in range(3):
        limit(get_settings(), student, "test")
    with pytest.raises(TooManyRequests):
        limit(get_settings(), student, "test")

    # The first three leave the window (polled: a refused request does not count).
    assert wait_until(lambda: _allowed(student), 5, interval=0.02)


def test_refused_requests_do_not_extend_the_wait(tight_limits: None) -> None:
    student = _principal(1)
    for _ in range(3):
        limit(get_settings(), student, "test")
    # Asked again without a pause until allowed: had the refusals counted, the window would stay
    # full for as long as they went on, so this would never end (however slow the machine).
    refused = 0
    give_up = time.monotonic() + 10
    while not _allowed(student):
        refused += 1
        assert time.monotonic() < give_up, f"still refused after {refused} refusals"


def test_an_action_without_a_limit_for_the_role_is_free() -> None:
    for _ in range(50):
        # Students cannot batch at all; the route refuses them.
        limit(get_settings(), _principal(1), "batch")


def test_disabled_by_setting(tight_limits: None) -> None:
    switched_off = get_settings().model_copy(update={"rate_limits_enabled": False})
    for _ in range(10):
        limit(switched_off, _principal(1), "test")


def test_login_is_limited_per_email_with_429_and_retry_after(
    client: TestClient, student: User
) -> None:
    count = ratelimit.LIMITS["login"].key
    assert count is not None
    body = {"email": student.email, "password": PASSWORD}
    for _ in range(count.count):
        assert client.post("/api/v1/auth/login", json=body).status_code == 200

    refused = client.post("/api/v1/auth/login", json=body | {"email": student.email.upper()})

    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= count.window_s
    assert refused.json()["code"] == "too_many_requests"
    other = client.post("/api/v1/auth/login", json={"email": "x@y.example", "password": "p"})
    assert other.status_code == 401  # another address is not affected


def test_the_sign_in_form_shares_the_login_limit(client: TestClient, student: User) -> None:
    count = ratelimit.LIMITS["login"].key
    assert count is not None
    body = {"email": student.email, "password": PASSWORD}
    for _ in range(count.count):
        assert client.post("/api/v1/auth/login", json=body).status_code == 200

    page = client.post("/login", data=login_form(client, body), follow_redirects=False)

    assert page.status_code == 429
    assert "Te veel verzoeken" in page.text
    assert "teameval_session" not in page.headers.get("set-cookie", "")


def _demo_student(client: TestClient, session: Session) -> tuple[dict[str, str], str]:
    """A demo student's bearer header and their own summary's queue URL (closed evaluation)."""
    login = next(x for x in load_demo(session) if x.role == "student")
    token = client.post(
        "/api/v1/auth/login", json={"email": login.email, "password": login.password}
    ).json()["access_token"]
    student_id = session.scalars(select(User.id).where(User.email == login.email)).one()
    evaluation_id = session.scalars(
        select(Evaluation.id).where(Evaluation.status == "closed")
    ).one()
    url = f"/api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/queue"
    return {"Authorization": f"Bearer {token}"}, url


def test_queueing_a_summary_is_limited_but_polling_its_status_never(
    client: TestClient, session: Session
) -> None:
    headers, url = _demo_student(client, session)
    allowed = ratelimit.LIMITS["queue"].student
    assert allowed is not None
    answers = [client.post(url, headers=headers) for _ in range(allowed.count)]
    assert all(a.status_code == 202 for a in answers), answers[-1].text
    job_id = answers[0].json()["job_id"]

    refused = client.post(url, headers=headers)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= allowed.window_s

    for _ in range(3 * allowed.count):
        status = client.get(f"/api/v1/feedback-summaries/jobs/{job_id}/status", headers=headers)
        assert status.status_code == 200
    assert 'teameval_rate_limited_total{action="queue"} 1.0' in client.get("/metrics").text


def test_batch_queue_is_limited_per_teacher(client: TestClient, session: Session) -> None:
    login = next(x for x in load_demo(session) if x.role == "teacher")
    token = client.post(
        "/api/v1/auth/login", json={"email": login.email, "password": login.password}
    ).json()["access_token"]
    evaluation_id = session.scalars(
        select(Evaluation.id).where(Evaluation.status == "closed")
    ).one()
    url = f"/api/v1/feedback-summaries/evaluation/{evaluation_id}/batch-queue"
    allowed = ratelimit.LIMITS["batch"].staff
    assert allowed is not None
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(allowed.count):
        assert client.post(url, headers=headers).status_code == 202

    assert client.post(url, headers=headers).status_code == 429
