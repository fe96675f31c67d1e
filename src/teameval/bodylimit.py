"""A request body limit in front of routing: 413 before a byte too many is read.

Pure ASGI, so nothing is buffered: a declared `Content-Length` over the limit is answered at
once, without reading the body or running the route; a body without one (chunked) is counted
as it streams in, and the read that crosses the limit raises `BodyTooLarge` (an HTTP 413 the
app's error handlers answer, as JSON or as a page). The limit is per route class: every route
takes `JSON_BODY_MAX`; a route that takes a file declares a larger one with FastAPI's own
`max_body_size=` (the CSV imports: `UPLOAD_BODY_MAX`), which FastAPI enforces again at the
route. docs/OPERATIONS.md gives the matching setting for the reverse proxy.
"""

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teameval.i18n import pick_language, translate
from teameval.users.csv_import import MAX_UPLOAD_BYTES

# JSON bodies and page forms: the largest real one (a rubric of 20 criteria with 2,000-character
# descriptions, every character escaped) is about 250 KB.
JSON_BODY_MAX = 1024 * 1024
# A CSV file plus the multipart envelope around it (or the previewed text posted back).
UPLOAD_BODY_MAX = MAX_UPLOAD_BYTES + 64 * 1024


class BodyTooLarge(HTTPException):
    """The request body is over the limit of its route (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail="body_too_large")
        self.limit = limit


def megabytes(limit: int) -> str:
    """A limit as the 413's message states it: whole megabytes (the envelope's margin left out)."""
    return str(limit // (1024 * 1024))


def too_large_message(limit: int, language: str) -> str:
    """The 413's message: the limit in megabytes, in `language`."""
    return translate("body_too_large", language, max_mb=megabytes(limit))


class BodyLimitMiddleware:
    """Refuses a request body over its route's limit (see the module docstring)."""

    def __init__(
        self, app: ASGIApp, routes: Callable[[], Sequence[BaseRoute]], default: int
    ) -> None:
        self.app = app
        self.routes = routes
        self.default = default
        self._declared: list[tuple[re.Pattern[str], set[str], int]] | None = None

    def limit_for(self, scope: Scope) -> int:
        """The limit of the route `scope` goes to: its declared `max_body_size`, or the default."""
        if self._declared is None:  # the routes are complete once the app serves requests
            self._declared = list(_declared_limits(self.routes()))
        for pattern, methods, limit in self._declared:
            if scope["method"] in methods and pattern.match(scope["path"]):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        if _content_length(scope) > limit:
            await _refuse(scope, send, limit)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted_receive, send)


def _declared_limits(routes: Sequence[Any]) -> Iterator[tuple[re.Pattern[str], set[str], int]]:
    """(path pattern, methods, limit) of every route that declares `max_body_size`.

    FastAPI (0.165 here) keeps an included router's routes behind `effective_candidates()`,
    each with the `max_body_size` its route and its router declare.
    """
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if callable(nested):
            yield from _declared_limits(nested())
            continue
        limit, pattern = getattr(route, "max_body_size", None), getattr(route, "path_regex", None)
        if limit and pattern is not None:
            yield pattern, set(getattr(route, "methods", None) or ()), int(limit)


def _content_length(scope: Scope) -> int:
    """The declared body length; 0 when none is declared (or it is not a number)."""
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    """Answer 413 at once, before routing (a page gets a short HTML page, the API JSON)."""
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
    message = too_large_message(limit, pick_language(headers.get("accept-language")))
    body: Any
    if "text/html" in headers.get("accept", "") and not scope["path"].startswith("/api/"):
        body = f"<!doctype html><meta charset=utf-8><title>413</title><p>{message}</p>".encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"detail": message, "code": "body_too_large"}).encode()
        content_type = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                # The unread body stays on the wire: the client must not reuse the connection.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
