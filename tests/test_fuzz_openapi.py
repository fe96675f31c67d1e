"""Fuzzing every operation of the OpenAPI document with schemathesis: no input gives a 5xx.

Bounded on purpose (a handful of generated requests per operation, signed in as the admin of
the demo school so that small ids hit real rows) so it runs in the normal suite in about a
minute; `TEAMEVAL_FUZZ_EXAMPLES=200` runs a deeper round by hand. Rate limits are off: a 429
is not a bug, and it would hide what the request would have done.
"""

import os
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from teameval.app import create_app
from teameval.config import get_settings
from teameval.demo import load_demo

EXAMPLES = int(os.environ.get("TEAMEVAL_FUZZ_EXAMPLES", "20"))
# Would sign the fuzzing user out halfway through.
SKIPPED = {
    ("POST", "/api/v1/auth/logout"),
    # An endless stream when the ids are real (the test client would wait for its end); its
    # refusals are the JSON twin's (`.../live`, fuzzed) and tests/summaries/test_live_stream.py.
    ("GET", "/api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/events"),
}


@pytest.fixture
def staff_headers(session: Session) -> Iterator[dict[str, str]]:
    """A signed-in admin of the demo school, with rate limits off for the fuzzing."""
    from fastapi.testclient import TestClient

    admin = next(x for x in load_demo(session) if x.role == "admin")
    with TestClient(create_app()) as client:
        answer = client.post(
            "/api/v1/auth/login", json={"email": admin.email, "password": admin.password}
        )
    assert answer.status_code == 200, answer.text
    current = get_settings()
    current.rate_limits_enabled = False
    try:
        yield {"Authorization": f"Bearer {answer.json()['access_token']}"}
    finally:
        current.rate_limits_enabled = True


def test_no_operation_answers_a_server_error(staff_headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 30  # the whole API, not an empty document

    for operation in operations:
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,  # the same requests on every run: a failure is reproducible
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
            try:
                response = case.call(headers=staff_headers)
            except Exception as exc:  # the app raised: a 500 in production
                failures.append(f"{case.method} {case.formatted_path}: {exc!r}")
                return
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:300]}"
                )

        call()

    assert not failures, "\n".join(failures[:20])
    assert sum(n for code, n in statuses.items() if code < 300) >= 20  # signed in, real work done
    assert sum(statuses.values()) >= len(operations) * 2


# What the fuzzing found once, kept as plain regression tests.


def test_an_id_too_large_for_the_database_is_bad_input(
    client: TestClient, staff_headers: dict[str, str]
) -> None:
    huge = 2**70
    answer = client.get(f"/api/v1/courses/{huge}/teams", headers=staff_headers)
    assert answer.status_code == 422
    assert answer.json()["code"] == "value_out_of_range"
    answer = client.post(
        f"/api/v1/feedback-summaries/evaluation/{huge}/student/1/queue", headers=staff_headers
    )
    assert answer.status_code in (404, 422)


def test_a_csv_with_bare_carriage_returns_is_imported(
    client: TestClient, staff_headers: dict[str, str]
) -> None:
    csv_text = "email,name\rnieuw.leerling@demolyceum.example,Nieuwe Leerling\r"
    answer = client.post(
        "/api/v1/users/import",
        headers=staff_headers,
        files={"file": ("leerlingen.csv", csv_text.encode(), "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 1 and answer.json()["errors"] == []
