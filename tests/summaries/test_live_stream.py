"""The live summary stream (summaries/routes/live.py) against a real uvicorn server: the state at
once and after each change, resumption by Last-Event-ID, the same refusals as the JSON routes,
and a server that answers with more streams open than it has threads and stops within its
grace period with them open."""

import json
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from teameval.models import School, User
from teameval.summaries.jobs import generate
from tests.factories.school import PASSWORD, make_school, make_user
from tests.factories.summaries import make_feedback_class
from tests.queue.processes import stop_process_group
from tests.web.browser.conftest import serve, start_server

API = "/api/v1/feedback-summaries"
STREAMS = 50


@pytest.fixture(scope="module")
def server(database: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn on the test database and Redis."""
    with serve({"TEAMEVAL_LLM_PROVIDER": "extractive"}, tmp_path_factory.mktemp("sse")) as url:
        yield url


def _headers(url: str, user: User) -> dict[str, str]:
    """A signed-in user's headers, asking for an event stream as a browser's EventSource does
    (the admission control counts no stream: docs/OPERATIONS.md)."""
    answer = httpx.post(
        f"{url}/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}


class Stream:
    """An open event stream, read event by event."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.lines = response.iter_lines()

    def next_event(self) -> dict[str, Any]:
        """The next event (heartbeats skipped): its name, id and parsed data."""
        event: dict[str, Any] = {}
        for line in self.lines:
            if not line:
                if event.get("event") == "summary":
                    return event
                event = {}
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "data":
                event["data"] = json.loads(value)
            elif field in ("event", "id"):
                event[field] = value
        raise AssertionError("the stream ended")


def _open(url: str, path: str, headers: dict[str, str], read_s: float = 10) -> Any:
    client = httpx.Client(timeout=httpx.Timeout(5, read=read_s))
    return client, client.stream("GET", f"{url}{path}", headers=headers)


def test_the_stream_sends_the_state_then_the_publication(
    server: str, session: Session, school: School
) -> None:
    klass = make_feedback_class(session, school, summary_release="teacher_review")
    student, eid = klass.students[0], klass.evaluation.id
    teacher = _headers(server, klass.teacher)
    job = httpx.post(f"{server}{API}/evaluation/{eid}/student/{student.id}/queue", headers=teacher)
    generate(job.json()["job_id"])
    mine = _headers(server, student)
    path = f"{API}/evaluation/{eid}/student/{student.id}/events"

    client, request = _open(server, path, mine)
    with client, request as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = Stream(response)
        first = stream.next_event()
        # Unpublished: the student learns only that it awaits the teacher (no job, no text).
        assert first["data"] == {
            "state": "awaiting_review", "job_id": None, "status": None, "attempt": None,
            "max_attempts": None, "result": None, "error_message": None,
        }  # fmt: skip
        twin = httpx.get(f"{server}{API}/evaluation/{eid}/student/{student.id}/live", headers=mine)
        assert twin.json() == first["data"]

        published = httpx.post(
            f"{server}{API}/evaluation/{eid}/student/{student.id}/publish", headers=teacher
        )
        assert published.status_code == 200, published.text
        second = stream.next_event()
    assert second["data"]["state"] == "completed"
    assert second["data"]["result"]["summary_text"]
    assert second["data"]["job_id"] is None  # under teacher review a student follows no job

    # Reconnecting with the last id: nothing new to send (only heartbeats, every 15 s).
    client, request = _open(server, path, mine | {"Last-Event-ID": second["id"]}, read_s=1.5)
    with client, request as response, pytest.raises(httpx.ReadTimeout):
        Stream(response).next_event()
    # With an older id: the current state at once.
    client, request = _open(server, path, mine | {"Last-Event-ID": first["id"]})
    with client, request as response:
        assert Stream(response).next_event()["data"] == second["data"]


def test_others_are_refused_before_any_stream(
    server: str, session: Session, school: School
) -> None:
    klass = make_feedback_class(session, school)
    eid, sid = klass.evaluation.id, klass.students[0].id
    path = f"{server}{API}/evaluation/{eid}/student/{sid}/events"
    assert httpx.get(path).status_code == 401
    elsewhere = make_school(session, name="Ander College")
    for outsider in (
        klass.students[1],
        make_user(session, school, "teacher"),
        make_user(session, elsewhere, "admin"),
    ):
        refused = httpx.get(path, headers=_headers(server, outsider))
        assert refused.status_code == 404, outsider.email
        assert refused.json()["code"] == "not_found"


def test_the_server_stops_within_its_grace_period_with_streams_open(
    database: Engine, session: Session, school: School, tmp_path: Path
) -> None:
    klass = make_feedback_class(session, school)
    eid, sid = klass.evaluation.id, klass.students[0].id
    server, url = start_server({}, tmp_path, "--timeout-graceful-shutdown", "5")
    try:
        headers = _headers(url, klass.teacher)
        opened = threading.Barrier(STREAMS + 1)
        ended: list[float] = []

        def hold() -> None:
            with httpx.stream(
                "GET", f"{url}{API}/evaluation/{eid}/student/{sid}/events",
                headers=headers, timeout=httpx.Timeout(5, read=60),
            ) as response:  # fmt: skip
                lines = response.iter_lines()
                next(lines)
                opened.wait(30)
                for _ in lines:
                    pass
            ended.append(time.monotonic())

        threads = [threading.Thread(target=hold, daemon=True) for _ in range(STREAMS)]
        for thread in threads:
            thread.start()
        opened.wait(30)
        # More streams than the server has request threads (40), and it still answers.
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        stopped_at = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        took = time.monotonic() - stopped_at
        for thread in threads:
            thread.join(10)
        assert took < 5, f"the server needed {took:.1f} s to stop"
        assert len(ended) == STREAMS  # every stream was ended by the server, not cut
    finally:
        stop_process_group(server)
