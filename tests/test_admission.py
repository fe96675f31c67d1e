"""Fair under overload (issue 16, item 3): beyond its capacity a web process answers 503 with
Retry-After quickly instead of letting requests wait, probes stay cheap, and a request's
database session is closed on the thread that used it before the answer goes out."""

import asyncio
import inspect
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from teameval.admission import AdmissionGate, is_counted
from teameval.app import create_app
from teameval.auth.dependencies import SESSION_COOKIE
from teameval.config import get_settings
from teameval.db import SessionDep, closes_request_session, get_engine
from teameval.models import School
from teameval.observability.metrics import REGISTRY
from tests.factories.school import PASSWORD, make_user


def test_the_gate_admits_in_arrival_order_and_refuses_after_the_queue_wait() -> None:
    async def scenario() -> list[str]:
        gate = AdmissionGate(capacity=1, queue_timeout_s=0.3, max_waiting=2)
        order: list[str] = []
        assert await gate.enter()  # the one slot

        async def wait(name: str) -> None:
            order.append(f"{name} {'in' if await gate.enter() else 'refused'}")

        first = asyncio.create_task(wait("first"))
        await asyncio.sleep(0.01)
        second = asyncio.create_task(wait("second"))
        await asyncio.sleep(0.01)
        await wait("third")  # two already wait: refused without waiting
        gate.leave()  # the slot goes to the longest waiter
        await first
        await second  # nobody leaves again: refused after 0.3 s
        gate.leave()
        assert (gate.in_flight, gate.waiting) == (0, 0)
        return order

    assert asyncio.run(scenario()) == ["third refused", "first in", "second refused"]


@pytest.fixture
def busy_app() -> Iterator[tuple[TestClient, threading.Event]]:
    """An app with one request slot and a route that holds it until the test lets go."""
    settings = get_settings().model_copy(update={"web_max_requests": 1, "web_queue_timeout_s": 0.5})
    app: FastAPI = create_app(settings)
    release = threading.Event()

    @app.get("/api/v1/test-hold")
    def hold() -> dict[str, str]:
        release.wait(10)
        return {"status": "done"}

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, release
    release.set()


def test_beyond_capacity_a_request_gets_503_with_retry_after_quickly(
    busy_app: tuple[TestClient, threading.Event], session: Session, school: School
) -> None:
    client, release = busy_app
    teacher = make_user(session, school, role="teacher")
    token = client.post(
        "/api/v1/auth/login", json={"email": teacher.email, "password": PASSWORD}
    ).json()["access_token"]
    held: list[int] = []
    holder = threading.Thread(
        target=lambda: held.append(client.get("/api/v1/test-hold").status_code)
    )
    holder.start()
    deadline = time.monotonic() + 5
    while client.app.state.admission.in_flight == 0 and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.01)

    refused_before = REGISTRY.get_sample_value("teameval_http_requests_refused_total") or 0
    started = time.monotonic()
    refused = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    )
    assert time.monotonic() - started < 2  # the queue wait (0.5 s), not the holder's 10 s
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert refused.json()["code"] == "service_unavailable"
    # A page says so in the user's language (Dutch by default), without asking the database.
    client.cookies.set(SESSION_COOKIE, token)
    page = client.get("/teacher", headers={"Accept": "text/html"})
    assert (page.status_code, page.headers["Retry-After"]) == (503, "5")
    assert "even niet bereikbaar" in page.text
    refused_after = REGISTRY.get_sample_value("teameval_http_requests_refused_total")
    assert refused_after == refused_before + 2
    # Probes are not counted: /healthz answers at once even now.
    started = time.monotonic()
    assert client.get("/healthz").status_code == 200
    assert time.monotonic() - started < 0.5

    release.set()
    holder.join(10)
    assert held == [200]
    assert client.get("/api/v1/auth/me").status_code == 200  # a slot is free again


def test_the_session_is_closed_on_the_endpoints_thread_before_the_answer_is_sent(
    session: Session, school: School
) -> None:
    teacher = make_user(session, school, role="teacher")
    app = create_app()
    events: list[tuple[str, int]] = []

    def remember(name: str) -> Any:
        return lambda *_args, **_kwargs: events.append((name, threading.get_ident()))

    engine = get_engine()
    listeners = [
        (engine, "before_cursor_execute", remember("statement")),
        (engine.pool, "checkin", remember("closed")),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)

    async def outer(scope: Any, receive: Any, send: Any) -> None:
        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                events.append(("answer", threading.get_ident()))
            await send(message)

        await app(scope, receive, sending)

    try:
        with TestClient(outer) as client:
            token = client.post(
                "/api/v1/auth/login", json={"email": teacher.email, "password": PASSWORD}
            ).json()["access_token"]
            events.clear()
            me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
    names = [name for name, _thread in events]
    assert "closed" in names, events
    closed = names.index("closed")
    assert closed < names.index("answer"), events  # back in the pool before the answer
    last_statement = max(i for i, name in enumerate(names) if name == "statement")
    assert last_statement < closed
    assert events[closed][1] == events[last_statement][1]  # by the thread that used it


def test_no_session_is_left_idle_in_transaction_under_concurrent_load(
    session: Session, school: School
) -> None:
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        pytest.skip("pg_stat_activity is PostgreSQL's; SQLite has no server sessions")
    teacher = make_user(session, school, role="teacher")
    session.close()
    # Four slots for sixteen clients: requests queue (none is refused within 30 s), and every
    # connection changes hands many times.
    slots = 4
    settings = get_settings().model_copy(
        update={"web_max_requests": slots, "web_queue_timeout_s": 30}
    )
    idle_in_transaction = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = :db AND state = 'idle in transaction'"
    )
    database = {"db": engine.url.database}
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        # Between two statements of a running request its session is idle in transaction
        # (for milliseconds, or longer on a busy machine): never more than the requests that
        # run at once. Sessions of finished requests waiting to be closed would be more.
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            while not stop.is_set():
                seen.append(connection.execute(idle_in_transaction, database).scalar_one())
                time.sleep(0.02)

    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        token = client.post(
            "/api/v1/auth/login", json={"email": teacher.email, "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        statuses: list[int] = []

        def poll() -> None:
            for _ in range(15):
                statuses.append(client.get("/api/v1/auth/me", headers=headers).status_code)
                statuses.append(client.get("/api/v1/courses", headers=headers).status_code)

        watcher = threading.Thread(target=watch)
        watcher.start()
        pollers = [threading.Thread(target=poll) for _ in range(16)]
        for poller in pollers:
            poller.start()
        for poller in pollers:
            poller.join(120)
        stop.set()
        watcher.join(10)
        with engine.connect() as connection:  # every request answered: none may be left
            left = connection.execute(idle_in_transaction, database).scalar_one()
    assert set(statuses) == {200} and len(statuses) == 16 * 30, statuses
    assert len(seen) > 10 and max(seen) <= slots, seen
    assert left == 0


def test_only_plain_synchronous_endpoints_close_the_session_themselves() -> None:
    def endpoint(session: SessionDep, course_id: int) -> int:
        return course_id

    async def coroutine() -> None: ...

    def stream() -> Iterator[str]:
        yield "event"

    async def async_stream() -> AsyncIterator[str]:
        yield "event"

    wrapped = closes_request_session(endpoint)
    assert wrapped is not endpoint and wrapped(None, course_id=3) == 3
    assert inspect.signature(wrapped) == inspect.signature(endpoint)  # same dependencies
    assert closes_request_session(wrapped) is wrapped
    for streaming in (coroutine, stream, async_stream):  # they run on after returning
        assert closes_request_session(streaming) is streaming


def test_streams_pass_the_gate_by_their_path_not_by_a_header_the_client_chooses() -> None:
    stream = "/api/v1/feedback-summaries/evaluation/1/student/2/events"
    accepts_stream = [(b"accept", b"text/event-stream")]
    assert not is_counted({"path": stream, "headers": []})
    assert not is_counted({"path": "/healthz", "headers": []})
    assert is_counted({"path": "/api/v1/courses", "headers": accepts_stream})
    assert is_counted({"path": "/api/v1/feedback-summaries/jobs/x/status", "headers": []})
