"""create_app(): the FastAPI application with its routers and error handlers."""

import inspect
import logging
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from teameval import __version__
from teameval.admission import WAITING_PER_SLOT, AdmissionGate, AdmissionMiddleware
from teameval.bodylimit import JSON_BODY_MAX, BodyLimitMiddleware, BodyTooLarge, too_large_message
from teameval.config import Settings, get_settings
from teameval.db import ConnectionLimits, closes_request_session, configure_database
from teameval.errors import (
    RETRY_AFTER_S,
    UNAVAILABLE_ERRORS,
    AppError,
    InvalidLines,
    Overloaded,
)
from teameval.i18n import field_message, pick_language, translate
from teameval.observability.metrics import HTTP_REFUSED
from teameval.queue.connection import configure_redis, redis_url
from teameval.summaries.live import ChangeListener

log = logging.getLogger("teameval.app")
# After a Redis command timed out, the web process sends none for this long (they fail at once,
# as when Redis refuses): a frozen Redis costs a request one wait, not one per touch.
REDIS_PAUSE_S = 5.0


def request_language(request: Request) -> str:
    """The language to answer in: the signed-in user's, else the browser's, else Dutch."""
    lang = getattr(request.state, "language", None)
    return lang or pick_language(request.headers.get("accept-language"))


def _describe_validation_errors(errors: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    described = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        described.append({"field": ".".join(loc) or "body", "message": field_message(err, lang)})
    return described


def install_error_handlers(app: FastAPI) -> None:
    """Expected errors become 4xx with a translated message; anything else a 500 + reference."""

    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResponse:
        headers = {}
        if getattr(exc, "retry_after", None):
            headers["Retry-After"] = str(exc.params["retry_after"])
        body: dict[str, Any] = {
            "detail": translate(exc.code, request_language(request), **exc.params),
            "code": exc.code,
        }
        if isinstance(exc, InvalidLines):
            body["errors"] = exc.lines
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = request_language(request)
        errors = _describe_validation_errors(list(exc.errors()), lang)
        details = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        message = translate("validation_error", lang, details=details)
        return JSONResponse(
            {"detail": message, "code": "validation_error", "errors": errors}, status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 401: "not_authenticated", 403: "forbidden"}.get(exc.status_code)
        detail = translate(code, request_language(request)) if code else str(exc.detail)
        if isinstance(exc, BodyTooLarge):
            code, detail = "body_too_large", too_large_message(exc.limit, request_language(request))
        return JSONResponse(
            {"detail": detail, "code": code or "http_error"},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    # An id or number the database cannot hold (found by tests/test_fuzz_openapi.py): a huge
    # path id overflows SQLite's INTEGER, PostgreSQL answers "integer out of range". No row
    # can have such a value, so it is bad input, not a bug.
    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: Exception) -> JSONResponse:
        log.info("input out of the database's range: %s", type(exc).__name__)
        message = translate("value_out_of_range", request_language(request))
        return JSONResponse({"detail": message, "code": "value_out_of_range"}, status_code=422)

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, Overloaded):  # refusals are counted by the access log, not logged
            log.warning("a backing service did not answer: %s", type(exc).__name__)
        message = translate(
            "service_unavailable", request_language(request), retry_after=RETRY_AFTER_S
        )
        return JSONResponse(
            {"detail": message, "code": "service_unavailable"},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, unavailable)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        reference = secrets.token_hex(6)
        log.exception("unhandled error, reference %s", reference)
        message = translate("internal_error", request_language(request), reference=reference)
        return JSONResponse(
            {"detail": message, "code": "internal_error", "reference": reference}, status_code=500
        )


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At shutdown (after the open streams ended): end the live streams' subscription."""
    yield
    await app.state.summary_changes.stop()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The teameval web application, configured by `settings` (default: the environment's).

    The composition root of the web process: the settings are read here once and kept on
    `app.state.settings`; routes take them through `config.SettingsDep` and hand services what
    they need.
    """
    from teameval.access.routes import router as access_router
    from teameval.auth.routes import router as auth_router
    from teameval.courses.routes import router as courses_router
    from teameval.evaluations.events import on_closed
    from teameval.evaluations.routes import router as evaluations_router
    from teameval.health.routes import router as health_router
    from teameval.observability.middleware import install_observability
    from teameval.reminders.routes import router as reminders_router
    from teameval.results.routes import router as results_router
    from teameval.reviews.routes import router as reviews_router
    from teameval.summaries.job_service import queue_after_close
    from teameval.summaries.metrics import register_metrics
    from teameval.summaries.routes import router as summaries_router
    from teameval.users.routes import router as users_router

    app = FastAPI(
        lifespan=_lifespan,
        title="teameval",
        version=__version__,
        description="Team peer evaluation with asynchronous AI-written feedback summaries.",
        docs_url=None,  # served offline by teameval.observability (no CDN, strict CSP)
        redoc_url=None,
    )
    app.state.settings = settings = settings or get_settings()
    configure_database(settings.effective_database_url, web_connection_limits(settings))
    configure_redis(
        settings.redis_url,
        settings.var_dir,
        timeout_s=settings.redis_request_timeout_s,
        pause_after_timeout_s=REDIS_PAUSE_S,
    )
    # The live summary streams' one Redis subscription, started by the first stream.
    app.state.summary_changes = ChangeListener(redis_url)
    install_error_handlers(app)
    install_admission(app, settings)
    # Added early, so it runs inside the request id, access log and security headers.
    app.add_middleware(BodyLimitMiddleware, routes=lambda: app.router.routes, default=JSON_BODY_MAX)
    register_metrics(settings.queue_name)  # the summaries' state, read at every scrape of /metrics
    on_closed(partial(queue_after_close, settings=settings))  # closing queues its summaries
    install_observability(app, settings)
    for router in (
        health_router,
        auth_router,
        access_router,
        users_router,
        courses_router,
        evaluations_router,
        results_router,
        reminders_router,
        reviews_router,
        summaries_router,
    ):
        app.include_router(router)
    # The pages come last: they wrap the JSON error handlers above with HTML pages for browsers.
    from teameval.web.routes import install_pages

    install_pages(app)
    _close_sessions_in_endpoints(app.router.routes)
    _prepare_routes(app.router.routes)
    return app


def web_connection_limits(settings: Settings) -> ConnectionLimits:
    """The database limits of a web process: a connection per request slot, short waits."""
    return ConnectionLimits.for_web(
        settings.web_max_requests, settings.web_statement_timeout_s, settings.sync_budget_s
    )


def install_admission(app: FastAPI, settings: Settings) -> None:
    """At most `web_max_requests` requests at once; beyond, 503 quickly (teameval/admission.py).

    The innermost middleware: a refusal still gets the request id, access log line and headers.
    """
    gate = AdmissionGate(
        settings.web_max_requests,
        settings.web_queue_timeout_s,
        max_waiting=WAITING_PER_SLOT * settings.web_max_requests,
    )
    app.state.admission = gate

    async def refuse(request: Request) -> Response:
        HTTP_REFUSED.inc()
        # Looked up now: the pages' handlers (installed later) answer browsers with a page.
        answer = app.exception_handlers[Overloaded](request, Overloaded())
        return await answer if inspect.isawaitable(answer) else answer

    app.add_middleware(AdmissionMiddleware, gate=gate, refuse=refuse)


def _close_sessions_in_endpoints(routes: Sequence[Any]) -> None:
    """Every synchronous endpoint closes the request's database session on its own thread.

    Before they are built (`_prepare_routes`): an included router's route handlers are made
    from each original route's `endpoint`, a route of the app itself already has its
    `dependant`, so both get the wrapped function (db.closes_request_session).
    """
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            _close_sessions_in_endpoints(included.routes)
            continue
        endpoint, dependant = getattr(route, "endpoint", None), getattr(route, "dependant", None)
        if endpoint is None or dependant is None:
            continue
        route.endpoint = closes_request_session(endpoint)
        dependant.call = closes_request_session(dependant.call)


def _prepare_routes(routes: Sequence[Any]) -> None:
    """Build each included router's request handlers now instead of on its first request.

    FastAPI (0.165 here) builds them lazily, all routes of a router at once and under a lock:
    about 80 handlers and 250 ms, paid by whichever requests come first after a start, which
    showed among the slowest answers of a benchmark. A FastAPI without this internal
    (`effective_candidates`) is left to build them as before.
    """
    for route in routes:
        for name in ("effective_candidates", "effective_low_priority_routes"):
            build = getattr(route, name, None)
            if callable(build):
                _prepare_routes(build())
