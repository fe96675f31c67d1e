"""Structured logs: JSON lines with the request id, and no password, token, comment or summary."""

import json
import logging
import os
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teameval.app import create_app
from teameval.config import get_settings
from teameval.models import FeedbackSummary, School, SummaryGenerationJob, utcnow
from teameval.observability.logging import (
    REDACTED,
    JsonFormatter,
    RedactingFilter,
    log_context,
    scrub,
)
from teameval.queue.connection import get_redis
from teameval.summaries.job_service import SummaryJobService
from tests.factories.school import PASSWORD, make_user
from tests.factories.summaries import make_feedback_class, principal_of
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import (
    ROOT,
    run_burst_worker,
    summaries_queue,
    teameval_cmd,
    wait_until,
    worker_env,
)
from tests.web.conftest import csrf_of, login_form


def _lines(stderr: str) -> list[dict[str, Any]]:
    """Every JSON log line in captured stderr (and proof that there are no other lines)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


@pytest.fixture
def debug_client() -> Iterator[TestClient]:
    """The app with every logger at DEBUG, so the scan sees as much as can ever be logged."""
    settings = get_settings()
    settings.log_level = "DEBUG"
    try:
        with TestClient(create_app()) as client:
            yield client
    finally:
        settings.log_level = "INFO"
        logging.getLogger().setLevel(logging.INFO)


def _format(record: logging.LogRecord) -> dict[str, Any]:
    RedactingFilter().filter(record)
    parsed: dict[str, Any] = json.loads(JsonFormatter().format(record))
    return parsed


def _record(msg: str, *args: Any, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord("teameval.test", logging.INFO, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_sensitive_fields_are_redacted_by_name() -> None:
    line = _format(
        _record(
            "saving",
            password="hunter2hunter2",
            access_token="abc",
            comment="Sem deed niks",
            summary_text="Je bent top",
            scores=[{"comment": "nested"}],
            job_id="j1",
            prompt_tokens=120,
        )
    )

    assert line["password"] == line["access_token"] == REDACTED
    assert line["comment"] == line["summary_text"] == REDACTED
    assert line["scores"] == [{"comment": REDACTED}]
    assert line["job_id"] == "j1" and line["prompt_tokens"] == 120


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl", "c2lnbmF0dXJl"),
        ("token eyJhbGciOiJIUzI1.eyJzdWIiOiIxIiwi.abcDEF123", "abcDEF123"),
        ("login with password=hunter2hunter2 failed", "hunter2hunter2"),
        ('{"password": "hunter2hunter2"}', "hunter2hunter2"),
        ("cookie teameval_session=eyJabc.def; Path=/", "eyJabc.def"),
        (
            "(psycopg.errors.UniqueViolation) duplicate key\n[SQL: INSERT INTO review_score "
            "(comment) VALUES (%(comment)s)]\n[parameters: {'comment': 'Sem deed niks'}]\n"
            "(Background on this error at: https://sqlalche.me/e/20/gkpj)",
            "Sem deed niks",
        ),
        (
            "1 validation error for LoginRequest\npassword\n  String should have at most 1000 "
            "characters [type=string_too_long, input_value='hunter2hunter2', input_type=str]",
            "hunter2hunter2",
        ),
    ],
)
def test_secret_patterns_are_scrubbed_from_messages(raw: str, secret: str) -> None:
    assert secret not in scrub(raw)
    assert secret not in _format(_record("%s", raw))["message"]


def test_a_log_line_written_inside_a_request_carries_its_request_id(
    client: TestClient, capfd: pytest.CaptureFixture[str]
) -> None:
    @client.app.get("/_test/log")  # type: ignore[attr-defined, untyped-decorator]
    def write_a_log_line() -> dict[str, str]:
        with log_context(job_id="job-42"):
            logging.getLogger("teameval.test").warning(
                "inside", extra={"password": "p4ssw0rd-secret", "evaluation_id": 7}
            )
        return {}

    capfd.readouterr()
    response = client.get("/_test/log", headers={"X-Request-ID": "req-abc"})

    lines = _lines(capfd.readouterr().err)
    inside = next(line for line in lines if line["message"] == "inside")
    assert inside["request_id"] == "req-abc" == response.headers["X-Request-ID"]
    assert inside["job_id"] == "job-42" and inside["evaluation_id"] == 7
    assert inside["password"] == REDACTED and inside["level"] == "warning"
    access = next(line for line in lines if line["logger"] == "teameval.access")
    assert access["request_id"] == "req-abc"
    assert access["route"] == "/_test/log" and access["status"] == 200
    assert "duration_ms" in access


@dataclass
class FlowRun:
    """What a full flow used: every secret it sent, and the ids and sign-ins it made."""

    secrets: list[str]
    evaluation_id: int
    staff: dict[str, str]
    students: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _full_flow(client: TestClient, session: Session) -> FlowRun:
    """Sign in, set up a class, review with comments, close, read results; the secrets used."""
    school = School(name="Logschool", language="nl")
    session.add(school)
    session.commit()
    admin = make_user(session, school, "admin")
    secrets_used = [PASSWORD]

    def sign_in(email: str, password: str) -> dict[str, str]:
        answer = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        token = answer.json()["access_token"]
        secrets_used.extend([token, token.rsplit(".", 1)[1]])
        return {"Authorization": f"Bearer {token}"}

    wrong = "Wrong-" + secrets.token_hex(8)
    secrets_used.append(wrong)
    assert (
        client.post("/api/v1/auth/login", json={"email": admin.email, "password": wrong})
    ).status_code == 401
    staff = sign_in(admin.email, PASSWORD)

    students = []
    for n in range(3):
        password = f"Leerling-{secrets.token_hex(6)}"
        secrets_used.append(password)
        created = client.post(
            "/api/v1/users",
            headers=staff,
            json={
                "email": f"log{n}@school.example",
                "name": f"Lotte{n} Logboek",
                "role": "student",
                "password": password,
            },
        )
        assert created.status_code == 201, created.text
        students.append((created.json()["id"], created.json()["email"], password))

    course = client.post("/api/v1/courses", headers=staff, json={"name": "Logcursus"}).json()
    team = client.post(
        f"/api/v1/courses/{course['id']}/teams",
        headers=staff,
        json={"name": "Team Log", "member_ids": [s[0] for s in students]},
    )
    assert team.status_code == 201, team.text
    evaluation = client.post(
        "/api/v1/evaluations",
        headers=staff,
        json={
            "course_id": course["id"],
            "title": "Logevaluatie",
            "criteria": [{"name": "Samenwerking", "description": "Werkt samen"}],
            "include_self": False,
        },
    ).json()
    assert client.post(f"/api/v1/evaluations/{evaluation['id']}/open", headers=staff).is_success
    criterion_id = evaluation["criteria"][0]["id"]

    run = FlowRun(secrets_used, evaluation["id"], staff)
    for reviewer_id, email, password in students:
        headers = sign_in(email, password)
        run.students.append((reviewer_id, headers))
        for reviewee_id, _e, _p in students:
            if reviewee_id == reviewer_id:
                continue
            marker = secrets.token_hex(6)
            comment = f"Geheime opmerking {marker} over Lotte, zie lotte@x.example"
            # The marker too: an anonymised copy of the comment (names replaced) still holds it.
            secrets_used.extend([comment, marker])
            saved = client.put(
                f"/api/v1/evaluations/{evaluation['id']}/reviews/{reviewee_id}",
                headers=headers,
                json={
                    "scores": [{"criterion_id": criterion_id, "score": 4, "comment": comment}],
                    "submit": True,
                },
            )
            assert saved.status_code == 200, saved.text
        too_long = "x" * 2001 + secrets.token_hex(6)  # a refused comment is not logged either
        secrets_used.append(too_long[-12:])
        client.put(
            f"/api/v1/evaluations/{evaluation['id']}/reviews/{students[0][0]}",
            headers=headers,
            json={"scores": [{"criterion_id": criterion_id, "score": 9, "comment": too_long}]},
        )

    assert client.post(f"/api/v1/evaluations/{evaluation['id']}/close", headers=staff).is_success
    assert client.get(f"/api/v1/evaluations/{evaluation['id']}/results", headers=staff).is_success

    # The pages: a cookie and a CSRF token.
    page = client.post(
        "/login",
        data=login_form(client, {"email": admin.email, "password": PASSWORD}),
        follow_redirects=False,
    )
    assert page.status_code == 303
    secrets_used.append(client.cookies["teameval_session"])
    secrets_used.append(csrf_of(client.get("/teacher", headers={"Accept": "text/html"}).text))
    return run


def test_a_full_run_logs_no_secret(
    debug_client: TestClient, session: Session, capfd: pytest.CaptureFixture[str]
) -> None:
    capfd.readouterr()
    used = _full_flow(debug_client, session).secrets

    stderr = capfd.readouterr().err
    lines = _lines(stderr)  # every line is JSON
    assert len(lines) >= 20
    assert all(line.get("request_id") for line in lines if line["logger"] == "teameval.access")
    for secret in used:
        assert secret not in stderr, f"a secret reached the log: {secret[:12]}..."


def _worker_lines(output: str) -> list[dict[str, Any]]:
    """Every non-empty line a worker process wrote, each of which must be a JSON object."""
    lines = []
    for line in output.splitlines():
        if line.strip():
            try:
                lines.append(json.loads(line))
            except ValueError:
                pytest.fail(f"a worker log line is not JSON: {line[:200]!r}")
    return lines


def test_a_run_with_a_worker_making_a_summary_logs_no_secret(
    fake_llm_env: FakeLLMServer,  # first: the app below is made with these settings
    debug_client: TestClient,
    session: Session,
    capfd: pytest.CaptureFixture[str],
) -> None:
    capfd.readouterr()
    run = _full_flow(debug_client, session)  # closing the evaluation queued every summary
    client, eid = debug_client, run.evaluation_id
    (student_id, student), (other_id, _other) = run.students[:2]
    base = "/api/v1/feedback-summaries"

    # The student asks for their summary (the job queued at closing comes back), a teacher
    # asks for another one's through the pages' cookie and CSRF token.
    queued = client.post(f"{base}/evaluation/{eid}/student/{student_id}/queue", headers=student)
    assert queued.status_code == 202, queued.text
    job_id = queued.json()["job_id"]
    csrf = csrf_of(client.get("/teacher", headers={"Accept": "text/html"}).text)
    by_cookie = client.post(
        f"{base}/evaluation/{eid}/student/{other_id}/queue", headers={"X-CSRF-Token": csrf}
    )
    assert by_cookie.status_code == 202, by_cookie.text
    status = client.get(f"{base}/jobs/{job_id}/status", headers=student).json()
    assert status["status"] == "queued" and status["result"] is None

    worker = run_burst_worker(TEAMEVAL_LOG_LEVEL="DEBUG", TEAMEVAL_LOG_JSON="true")

    status = client.get(f"{base}/jobs/{job_id}/status", headers=student).json()
    assert status["status"] == "completed", status
    assert status["result"]["generation_method"] == "ai"
    read = client.get(f"{base}/evaluation/{eid}/student/{student_id}", headers=student).json()
    assert read["cached"] is True
    assert read["summary_text"] == status["result"]["summary_text"]
    assert client.get(f"{base}/evaluation/{eid}/jobs", headers=run.staff).is_success
    assert fake_llm_env.requests(), "the worker never asked the LLM"

    web_log = capfd.readouterr().err
    worker_log = worker.stdout + worker.stderr
    web_lines, worker_lines = _lines(web_log), _worker_lines(worker_log)

    # Every summary the worker wrote is a secret as well, and so is any piece of one: every
    # 30 characters of a summary contain one of these 15-character chunks.
    summaries = list(session.scalars(select(FeedbackSummary.summary_text)))
    assert read["summary_text"] in summaries and len(summaries) == len(run.students)
    chunks = {text[i : i + 15] for text in summaries for i in range(0, len(text) - 14, 15)}
    used = [*run.secrets, csrf, *summaries, *chunks]
    for secret in used:
        assert secret not in web_log, f"a secret reached the web log: {secret[:12]}..."
        assert secret not in worker_log, f"a secret reached the worker log: {secret[:12]}..."

    # The scan saw the run: the web's access lines carry request ids, and the worker logged
    # the job it ran (its own lines carry the job id).
    access = [line for line in web_lines if line["logger"] == "teameval.access"]
    routes = {line["route"] for line in access}
    assert f"{base}/evaluation/{{evaluation_id}}/student/{{student_id}}/queue" in routes, routes
    assert f"{base}/jobs/{{job_id}}/status" in routes, routes
    assert all(line.get("request_id") for line in access)
    assert any(job_id in line["message"] for line in worker_lines), worker_log[-2000:]
    assert any(line.get("job_id") == job_id for line in worker_lines), worker_log[-2000:]


def test_the_reconciler_process_logs_json_lines(
    session: Session, school: School, tmp_path: Path
) -> None:
    """`teameval reconcile --loop` (the process beside every worker pool) logs like the rest."""
    klass = make_feedback_class(session, school, students=3, team_size=3)
    SummaryJobService(session, principal_of(klass.teacher), get_settings()).batch_queue(
        klass.evaluation.id, None
    )
    get_redis().flushdb()  # the jobs are lost: the reconciler will log that it re-queued them
    past = utcnow() - timedelta(seconds=60)
    session.execute(update(SummaryGenerationJob).values(created_at=past, enqueued_at=past))
    session.commit()

    log_path = tmp_path / "reconciler.log"
    with open(log_path, "wb") as log:
        reconciler = subprocess.Popen(
            teameval_cmd("reconcile", "--loop", "--parent-pid", str(os.getpid())),
            env=worker_env(TEAMEVAL_LOG_LEVEL="DEBUG"),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_until(lambda: "reconciled" in log_path.read_text(), 30), log_path.read_text()
    finally:
        reconciler.terminate()
        reconciler.wait(10)

    lines = _worker_lines(log_path.read_text())
    reconciled = [line for line in lines if line["message"].startswith("reconciled:")]
    assert reconciled and reconciled[0]["logger"] == "teameval.summaries.reconciler"
    assert summaries_queue().count == 3
