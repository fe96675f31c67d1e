"""The 5-failure lock holds when the wrong passwords arrive all at once."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.models import LoginFailure, User
from tests.factories.school import PASSWORD

ATTEMPTS = 20


@pytest.fixture(autouse=True)
def _lock_only() -> Iterator[None]:
    """The Redis per-address limit (20 a minute) off: these tests are about the lock alone."""
    settings = get_settings()
    settings.rate_limits_enabled = False
    try:
        yield
    finally:
        settings.rate_limits_enabled = True


def _at_once(client: TestClient, email: str, password: str) -> list[int]:
    """Post ATTEMPTS sign-ins from as many threads, released together; their statuses."""
    start = threading.Barrier(ATTEMPTS)

    def attempt(_: int) -> int:
        start.wait()
        body = {"email": email, "password": password}
        return int(client.post("/api/v1/auth/login", json=body).status_code)

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


def test_twenty_concurrent_wrong_passwords_check_at_most_five(
    client: TestClient, session: Session, student: User
) -> None:
    statuses = _at_once(client, student.email, "wrong-password")
    checked = statuses.count(401)
    # Attempts racing each other may be refused a little early, never late.
    assert 1 <= checked <= 5 and statuses.count(429) == ATTEMPTS - checked, statuses
    session.expire_all()
    failures = session.scalar(select(func.count()).select_from(LoginFailure))
    assert failures == checked  # refused attempts leave nothing that would prolong the lock
    # One at a time, the remaining guesses of the window, and not one more.
    wrong = {"email": student.email, "password": "wrong-again"}
    later = [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(6)]
    assert later == [401] * (5 - checked) + [429] * (1 + checked)
    right = client.post("/api/v1/auth/login", json={"email": student.email, "password": PASSWORD})
    assert right.status_code == 429
    assert 0 < int(right.headers["Retry-After"]) <= 15 * 60


def test_sign_ins_leave_no_failure_behind(
    client: TestClient, session: Session, student: User
) -> None:
    """An attempt is recorded before its check: a right password must take the record back."""
    body = {"email": student.email, "password": PASSWORD}
    statuses = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(8)]
    assert statuses == [200] * 8
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
