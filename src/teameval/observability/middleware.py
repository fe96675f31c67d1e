"""ASGI middleware: request ids, access log and latency metric, and the security headers.

Plain ASGI (not BaseHTTPMiddleware) so streaming answers stay streamed and the request id,
a context variable, is visible in the endpoint's thread and in every log line it writes.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teameval.observability.logging import request_id_var
from teameval.observability.metrics import HTTP_LATENCY

if TYPE_CHECKING:
    from fastapi import FastAPI

    from teameval.config import Settings

access_log = logging.getLogger("teameval.access")

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept only when it is short and plain, so nobody can inject into the logs.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# The API documentation pages are served from our own files (no CDN) and without inline
# script, but Redoc and Swagger UI style their widgets with inline <style> and Redoc runs its
# search in a blob: worker. They show no user data, so only these two pages allow that.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
DOCS_PATHS = ("/docs", "/redoc")
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def route_template(scope: Scope) -> str:
    """The path template of the route that served `scope` (`/api/v1/evaluations/{id}`).

    Raw paths would make one time series per id; a path no route matched is "unmatched".
    """
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if path:
        return str(path)
    if "endpoint" in scope and scope.get("root_path"):  # a mounted app (static files)
        return f"{scope['root_path']}/{{path}}"
    return "unmatched"


class RequestContextMiddleware:
    """Gives every request an id (X-Request-ID in and out), times it, logs one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = (
            incoming if incoming and _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        )
        # Not reset afterwards: a crash is answered by Starlette's outermost error middleware,
        # outside this one, and its log line must still carry the id. Each request runs in its
        # own task, so the value ends with it.
        request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            HTTP_LATENCY.labels(scope["method"], route, str(status)).observe(elapsed)
            # Probes and scrapes come every few seconds: keep them out of the normal log.
            level = logging.DEBUG if route in _QUIET_ROUTES else logging.INFO
            access_log.log(
                level,
                "%s %s %s",
                scope["method"],
                route,
                status,
                extra={
                    "method": scope["method"],
                    "route": route,
                    "path": scope.get("path", ""),  # never the query string
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                    "user_id": _user_id(scope),
                    "client": (scope.get("client") or ("", 0))[0],
                },
            )


class SecurityHeadersMiddleware:
    """Adds CSP, frame, sniffing, referrer and (with secure cookies) HSTS headers."""

    def __init__(self, app: ASGIApp, hsts: bool | Callable[[], bool] = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_docs = path in DOCS_PATHS or path.startswith("/docs/")
        hsts = self.hsts() if callable(self.hsts) else self.hsts

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A page that sets its own policy (stricter, or with a nonce) keeps it.
                headers.setdefault("Content-Security-Policy", DOCS_CSP if is_docs else STRICT_CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if path.startswith("/api/"):
                    # Answers carry personal data: no shared cache or browser history keeps them.
                    headers.setdefault("Cache-Control", "no-store")
                if hsts:
                    headers.setdefault(
                        "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _user_id(scope: Scope) -> Any:
    principal = (scope.get("state") or {}).get("principal")
    return getattr(principal, "user_id", None)


def install_observability(app: "FastAPI", settings: "Settings") -> None:
    """Logs, request ids, security headers, /metrics and the offline API docs for `app`.

    Create the app with `docs_url=None, redoc_url=None`: the docs pages here replace FastAPI's.
    """
    from teameval.observability.logging import configure_logging
    from teameval.observability.routes import DOCS_STATIC_URL, docs_static_files, router

    configure_logging(settings.log_level, settings.log_json)
    app.include_router(router)
    app.mount(DOCS_STATIC_URL, docs_static_files(), name="docs-static")
    # The last added is the outermost: the request id is set before anything else runs.
    app.add_middleware(SecurityHeadersMiddleware, hsts=lambda: settings.cookie_secure)
    app.add_middleware(RequestContextMiddleware)
