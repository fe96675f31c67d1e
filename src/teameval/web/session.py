"""Sign-in pages: `/login` (sets the session cookie), `/logout`, the language choice and `/`."""

import re
import secrets
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.auth.principal import Principal
from teameval.auth.security import login_csrf_token, login_csrf_valid
from teameval.auth.service import AuthService, SignIn
from teameval.config import Settings, SettingsDep, request_settings
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.i18n import DEFAULT_LANGUAGE, supported, translate
from teameval.models import utcnow
from teameval.ratelimit import limit_login
from teameval.users.service import UserService
from teameval.web.dependencies import (
    CodeForm,
    FormDep,
    OptionalPagePrincipal,
    form_principal,
)
from teameval.web.templating import LANGUAGE_COOKIE, page_language, render

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "teameval_login"
LOGIN_FORM_TTL_S = 12 * 3600  # a sign-in page left open over a school day still works
_NONCE = re.compile(r"[A-Za-z0-9_-]{43}")


def home_of(role: str) -> str:
    """The start page of a role: students their evaluations, staff their courses."""
    return "/student" if role == "student" else "/teacher"


def start_page(principal: Principal) -> str:
    """Where a signed-in user starts: their role's home, or choosing a password after a code."""
    return "/login/password" if principal.must_set_password else home_of(principal.role)


def signed_in(settings: Settings, target: str, sign_in: SignIn) -> RedirectResponse:
    """Go on to `target` carrying the HttpOnly cookie of a new sign-in (until it expires)."""
    response = RedirectResponse(target, status_code=303)
    lifetime = (sign_in.auth_session.expires_at - utcnow()).total_seconds()
    response.set_cookie(
        SESSION_COOKIE,
        sign_in.token,
        max_age=max(1, int(lifetime)),
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )
    return response


def _safe_next(target: str | None) -> str | None:
    """`next` only when it is a path on this site (never `//evil.example` or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


@router.get("/")
def root(principal: OptionalPagePrincipal) -> RedirectResponse:
    """The start page of the signed-in user, or the sign-in page."""
    return RedirectResponse(start_page(principal) if principal else "/login", status_code=303)


def sign_in_form(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A sign-in form (password or code) with its pre-session CSRF token `login_token`.

    Login CSRF: a site posting its own credentials would sign the victim's browser in as the
    attacker. Double submit, signed: a random nonce in an HttpOnly cookie only the /login pages
    receive, and in the form an HMAC of it; another site can neither read the cookie nor
    compute the token.
    """
    settings = request_settings(request)
    nonce = request.cookies.get(LOGIN_COOKIE) or ""
    if not _NONCE.fullmatch(nonce):
        nonce = secrets.token_urlsafe(32)
    context = context | {"login_token": login_csrf_token(settings.signing_key, nonce)}
    response = render(request, template, context, status_code=status_code)
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=LOGIN_FORM_TTL_S,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/login",
    )
    return response


def sign_in_form_valid(request: Request, login_token: str) -> bool:
    """Whether a posted sign-in form came from a form this browser was given."""
    key = request_settings(request).signing_key
    return login_csrf_valid(key, request.cookies.get(LOGIN_COOKIE), login_token)


def _login_form(
    request: Request, next: str, email: str = "", error: str = "", status_code: int = 200
) -> Response:
    """The password sign-in form."""
    context = {"next": _safe_next(next) or "", "email": email, "error": error}
    return sign_in_form(request, "login.html", context, status_code)


@router.get("/login")
def login_page(request: Request, principal: OptionalPagePrincipal, next: str = "") -> Response:
    """The sign-in form (a signed-in user goes straight to their start page)."""
    if principal is not None:
        return RedirectResponse(
            start_page(principal)
            if principal.must_set_password
            else (_safe_next(next) or home_of(principal.role)),
            status_code=303,
        )
    return _login_form(request, next)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
    login_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Check the password; on success set the HttpOnly session cookie and go on."""
    lang = page_language(request)
    if not sign_in_form_valid(request, login_token):
        # Forged by another site, or the form outlived its cookie: no password is checked.
        return _login_form(request, next, email, translate("login_form_expired", lang), 403)
    try:
        # The same limits as the API's sign-in, so the form is no way around them.
        limit_login(settings, email, request.client.host if request.client else None)
        sign_in = AuthService(session, settings).login(email, password)
    except AppError as exc:
        message = translate(exc.code, lang, **exc.params)
        return _login_form(request, next, email, message, exc.status_code)
    response = signed_in(settings, _safe_next(next) or home_of(sign_in.user.role), sign_in)
    response.delete_cookie(LOGIN_COOKIE, path="/login")  # the next sign-in gets a new nonce
    return response


@router.post("/logout")
def logout(principal: CodeForm, session: SessionDep, settings: SettingsDep) -> Response:
    """Revoke this sign-in (a code sign-in too) and forget the cookie."""
    AuthService(session, settings).logout(principal)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/logout")
def logout_page(principal: OptionalPagePrincipal) -> Response:
    """A GET never signs out (a link on another site could): it shows the sign-out button."""
    return RedirectResponse(start_page(principal) if principal else "/login", status_code=303)


@router.post("/settings/language")
def choose_language(
    principal: OptionalPagePrincipal, form: FormDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Switch the interface language: stored on the user when signed in, else in a cookie."""
    lang = supported(form.get("language")) or DEFAULT_LANGUAGE
    if principal is not None:
        form_principal(principal, form, settings)  # a signed-in change needs the CSRF token
        UserService(session, principal).set_own_language(lang)
    back = form.get("back")
    response = RedirectResponse(_safe_next(back if isinstance(back, str) else None) or "/", 303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        lang,
        max_age=365 * 24 * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )
    return response
