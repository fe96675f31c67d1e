"""Following one student's summary live: a server-sent event stream, and its JSON twin.

`GET .../evaluation/{eid}/student/{sid}/events` (text/event-stream, sse-starlette): an event
`summary` with the state (`LiveSummary` as JSON) at once, and again after every change of it;
each event's id is a digest of its data, so a browser that reconnects with `Last-Event-ID` is
sent the current state only when it differs from what it has. A `heartbeat` event every
`HEARTBEAT_S` lets the page tell a live stream from one a proxy holds back. The stream never
holds a request thread: it is a coroutine woken by the process's one Redis subscription
(summaries/live.py); each state is read in the thread pool and given back at once. When the
subscription is down the stream is refused with 503 (or ends), and the page polls instead:
`GET .../evaluation/{eid}/student/{sid}/live` answers the same state as JSON.
"""

import hashlib
from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from teameval.auth.dependencies import PrincipalDep, cached_principal
from teameval.config import SettingsDep
from teameval.db import SessionDep, session_factory
from teameval.errors import RETRY_AFTER_S, UNAVAILABLE_ERRORS, AppError
from teameval.summaries.live import ChangeListener, Watch
from teameval.summaries.live_service import LiveSummaryService
from teameval.summaries.schemas import LiveSummary

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])

HEARTBEAT_S = 15
# How long a browser waits before it reconnects after the stream ended.
RECONNECT_MS = 2000


class LiveUnavailable(AppError):
    """No live stream now (the process's subscription is down): poll instead."""

    status_code = 503

    def __init__(self) -> None:
        super().__init__("live_unavailable", retry_after=RETRY_AFTER_S)
        self.retry_after = RETRY_AFTER_S


def change_listener(request: Request) -> ChangeListener:
    """The web process's one subscription to summary changes (made by the app factory)."""
    listener: ChangeListener = request.app.state.summary_changes
    return listener


@router.get("/evaluation/{evaluation_id}/student/{student_id}/live")
def get_live_summary(
    evaluation_id: int, student_id: int, principal: PrincipalDep, session: SessionDep
) -> LiveSummary:
    """The student's summary state as the live stream would send it now (for polling)."""
    return LiveSummaryService(session, principal).current(evaluation_id, student_id)


@router.get(
    "/evaluation/{evaluation_id}/student/{student_id}/events",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def follow_summary(
    evaluation_id: int, student_id: int, request: Request, settings: SettingsDep
) -> EventSourceResponse:
    """Server-sent events: the student's summary state now and after every change."""
    principal = await run_in_threadpool(cached_principal, request, settings)
    listener = change_listener(request)
    if not await listener.start():
        raise LiveUnavailable()

    def read() -> LiveSummary:
        with session_factory()() as session:
            return LiveSummaryService(session, principal).current(evaluation_id, student_id)

    watch = listener.watch(evaluation_id, student_id)  # before the first read: no change
    try:  # can fall in between; refusals (404) answer before the stream starts
        first = await run_in_threadpool(read)
    except BaseException:
        watch.close()
        raise

    async def events() -> AsyncIterator[ServerSentEvent]:
        try:
            last_id = request.headers.get("last-event-id")
            async for event in _events(listener, watch, first, read, last_id):
                yield event
        finally:
            watch.close()

    return EventSourceResponse(
        events(),
        ping=HEARTBEAT_S,
        ping_message_factory=lambda: ServerSentEvent(event="heartbeat", data="1"),
        headers={"Cache-Control": "no-store"},
    )


async def _events(
    listener: ChangeListener,
    watch: Watch,
    current: LiveSummary,
    read: Callable[[], LiveSummary],
    last_event_id: str | None,
) -> AsyncIterator[ServerSentEvent]:
    sent = last_event_id
    while True:
        data = current.model_dump_json()
        ident = hashlib.blake2s(data.encode(), digest_size=8).hexdigest()
        if ident != sent:
            yield ServerSentEvent(data=data, event="summary", id=ident, retry=RECONNECT_MS)
            sent = ident
        if not listener.available:
            return  # the browser reconnects, to a stream or to polling
        await watch.wait()
        if not listener.available:
            return
        try:
            current = await run_in_threadpool(read)
        except UNAVAILABLE_ERRORS:  # the database is away: the browser reconnects (or polls)
            return
