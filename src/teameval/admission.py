"""Admission control: a web process serves at most `capacity` requests at once, and answers the
rest with 503 and Retry-After quickly instead of letting them wait without end.

Why (issue 16): with 200 clients polling at once, every request thread of a process waited for
a database connection while the connections belonged to finished requests waiting for a thread
to be closed; some requests answered in 0.2 s, others not within 10 s. Now at most `capacity`
requests (the web's pool size: `TEAMEVAL_WEB_MAX_REQUESTS`) run at once, each sure of a
connection and a thread; the next ones wait in arrival order, at most `queue_timeout_s`
(`TEAMEVAL_WEB_QUEUE_TIMEOUT_S`), and when `max_waiting` already wait a new one is refused at
once. A refusal is the app's own 503 (`errors.Overloaded`): JSON for the API, a page in the
user's language for browsers.

Not counted: `/healthz` and `/readyz` (a probe must tell "alive" and "database and Redis
answer" even when the process is busy), static files, and event streams (held open for
minutes by design, with no database session).

Pure ASGI, one gate per app, all on the event loop's thread (no lock needed).
"""

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("teameval.admission")

# How many may wait for a slot, per slot: beyond this a request is refused without waiting.
WAITING_PER_SLOT = 10
_EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
_EXEMPT_PREFIXES = ("/static/",)
# The live summary streams (summaries/routes/live.py): known by their path, never by a header
# the client chooses (an `Accept: text/event-stream` on any route would pass the gate).
_STREAM_PREFIX = "/api/v1/feedback-summaries/"
_STREAM_SUFFIX = "/events"


class AdmissionGate:
    """At most `capacity` holders at once; others wait in arrival order, for a limited time."""

    def __init__(self, capacity: int, queue_timeout_s: float, max_waiting: int) -> None:
        self.capacity = capacity
        self.queue_timeout_s = queue_timeout_s
        self.max_waiting = max_waiting
        self.in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """How many requests wait for a slot now."""
        return len(self._waiters)

    async def enter(self) -> bool:
        """Take a slot, waiting at most `queue_timeout_s`; False when none came in time."""
        if self.in_flight < self.capacity and not self._waiters:
            self.in_flight += 1
            return True
        if len(self._waiters) >= self.max_waiting:
            return False
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(self.queue_timeout_s):
                await waiter
            return True
        except TimeoutError:
            # A slot handed over in the same instant as the timeout is ours all the same.
            return waiter.done() and not waiter.cancelled()
        except BaseException:  # cancelled (the client left, the server stops): pass a slot on
            if waiter.done() and not waiter.cancelled():
                self.leave()
            raise
        finally:
            with contextlib.suppress(ValueError):  # still queued: it timed out or was cancelled
                self._waiters.remove(waiter)

    def leave(self) -> None:
        """Give the slot back: to the longest waiter if there is one."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot goes over as it is: in_flight stays
                return
        self.in_flight -= 1


def is_counted(scope: Scope) -> bool:
    """Whether the request takes a slot (probes, static files and event streams do not)."""
    path: str = scope.get("path", "")
    if path in _EXEMPT_PATHS or path.startswith(_EXEMPT_PREFIXES):
        return False
    return not (path.startswith(_STREAM_PREFIX) and path.endswith(_STREAM_SUFFIX))


class AdmissionMiddleware:
    """Lets a request in through the gate, or answers it with `refuse` (the app's 503)."""

    def __init__(
        self,
        app: ASGIApp,
        gate: AdmissionGate,
        refuse: Callable[[Request], Awaitable[Response]],
    ) -> None:
        self.app = app
        self.gate = gate
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_counted(scope):
            await self.app(scope, receive, send)
            return
        if not await self.gate.enter():
            response = await self.refuse(Request(scope, receive))
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.leave()
