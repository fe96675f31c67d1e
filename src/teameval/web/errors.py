"""Error pages: browsers get a page in their language; API paths keep their JSON answers.

The JSON handlers of `app.py` stay the truth for the API. `install_page_error_handlers` wraps
them: a request for a page (not under /api/, and asking for HTML) gets a rendered page
instead, a 500 with the same kind of reference id the JSON answer carries.
"""

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from teameval.bodylimit import BodyTooLarge, megabytes
from teameval.config import request_settings
from teameval.db import session_factory
from teameval.errors import RETRY_AFTER_S, UNAVAILABLE_ERRORS, AppError, Overloaded
from teameval.i18n import translate
from teameval.web.dependencies import LoginRequired, PasswordRequired, optional_page_principal
from teameval.web.resume import interrupted_post
from teameval.web.session import session_expired_page, stale_form_page
from teameval.web.templating import page_language, render

log = logging.getLogger("teameval.web")

Handler = Callable[[Request, Any], Awaitable[Response]]
_MACHINE_PATHS = ("/api/", "/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi")
# The API's terse messages, said more helpfully on a page.
_FRIENDLY = {"not_found": "page_error_404_text", "forbidden": "page_error_403_text"}
_PAGE_PREFIXES = ("/login", "/logout", "/student", "/teacher", "/admin", "/settings")


def is_page_request(request: Request) -> bool:
    """Whether a browser asked for a page (HTML), as opposed to an API or operations call."""
    if request.url.path.startswith(_MACHINE_PATHS):
        return False
    path = request.url.path
    if path == "/" or path.startswith(_PAGE_PREFIXES):
        return True
    return not path.startswith("/static/") and "text/html" in request.headers.get("accept", "")


def _identify(request: Request) -> None:
    """Resolve the signed-in user for an error page no route dependency got to (a 404 path)."""
    if getattr(request.state, "principal", None) is not None:
        return
    with session_factory()() as session:
        optional_page_principal(request, session, request_settings(request))


def login_redirect(request: Request) -> RedirectResponse:
    """Send the browser to the sign-in page, coming back here afterwards."""
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    # Only ever our own path: never an absolute URL (an open redirect).
    suffix = f"?next={quote(target, safe='/')}" if request.method == "GET" and target != "/" else ""
    return RedirectResponse(f"/login{suffix}", status_code=303)


def error_page(
    request: Request, status_code: int, key: str, *, ref: str = "", **params: Any
) -> Response:
    """The friendly error page: what happened (message `key`), and a reference id for a 500."""
    # Not for a 503: the database may be what is missing, or the process too busy to ask it,
    # and this runs on the event loop, where a wait would hold up every request.
    if status_code != 503:
        try:
            _identify(request)
        except Exception:  # the error page must render even when the database is what failed
            log.warning("could not resolve the user for an error page", exc_info=True)
    lang = page_language(request)
    title_key = {403: "error_title_403", 404: "error_title_404"}.get(status_code)
    if status_code >= 500:
        title_key = "error_title_500"
    return render(
        request,
        "error.html",
        {
            "status_code": status_code,
            "title": translate(title_key or "error_title_other", lang),
            "message": translate(key, lang, **params),
            "reference": ref,
        },
        status_code=status_code,
    )


def install_page_error_handlers(app: FastAPI) -> None:
    """Wrap the app's JSON error handlers so page requests get HTML pages instead."""
    json_handlers: dict[Any, Handler] = dict(app.exception_handlers)

    async def login_required(request: Request, _exc: Exception) -> Response:
        if request.method == "POST":
            # A post that found its sign-in expired keeps what was typed (web/resume.py).
            carried = interrupted_post(request, await request.form())
            if carried is not None:
                return session_expired_page(request, carried)
        return login_redirect(request)

    async def password_required(request: Request, _exc: Exception) -> Response:
        return RedirectResponse("/login/password", status_code=303)

    async def app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        if not is_page_request(request):
            return await json_handlers[AppError](request, exc)
        if exc.status_code == 401:
            return login_redirect(request)
        if exc.code == "csrf_failed" and request.method == "POST":
            # Signed in again in another tab: keep what this tab's form carried (web/resume.py).
            carried = interrupted_post(request, await request.form())
            if carried is not None:
                with session_factory()() as session:
                    page = stale_form_page(request, session, carried)
                if page is not None:
                    return page
        key = _FRIENDLY.get(exc.code, exc.code)
        return error_page(request, exc.status_code, key, **exc.params)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not is_page_request(request):
            return await json_handlers[StarletteHTTPException](request, exc)
        # 405 on a page path is a URL nobody links to: it simply does not exist.
        status = 404 if exc.status_code == 405 else exc.status_code
        key = {404: "page_error_404_text", 403: "page_error_403_text"}.get(
            status, "error_title_other"
        )
        if isinstance(exc, BodyTooLarge):
            return error_page(request, 413, "body_too_large", max_mb=megabytes(exc.limit))
        return error_page(request, status, key)

    async def validation_error(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await json_handlers[RequestValidationError](request, exc)
        # A page URL with a malformed id is simply a page that does not exist.
        return error_page(request, 404, "page_error_404_text")

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await json_handlers[Exception](request, exc)
        reference = secrets.token_hex(6)
        log.error("unhandled error on a page, reference %s", reference, exc_info=exc)
        return error_page(request, 500, "internal_error", ref=reference, reference=reference)

    async def out_of_range(request: Request, exc: Exception) -> Response:
        # An id no row can have (beyond the database's integer range): no such page.
        if not is_page_request(request):
            handler = json_handlers.get(type(exc)) or json_handlers[DataError]
            return await handler(request, exc)
        return error_page(request, 404, "page_error_404_text")

    async def unavailable(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await json_handlers[type(exc)](request, exc)
        if not isinstance(exc, Overloaded):  # refusals are counted by the access log
            log.warning("a backing service did not answer a page: %s", type(exc).__name__)
        page = error_page(request, 503, "service_unavailable", retry_after=RETRY_AFTER_S)
        page.headers["Retry-After"] = str(RETRY_AFTER_S)
        return page

    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, unavailable)
    for overflow in (OverflowError, DataError):
        if overflow in json_handlers:
            app.add_exception_handler(overflow, out_of_range)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PasswordRequired, password_required)
    app.add_exception_handler(AppError, app_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
