"""Sign-in pages: `/login` (sets the session cookie), `/logout`, the language choice and `/`."""

import re
import secrets
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.auth.principal import Principal
from teameval.auth.security import csrf_token, login_csrf_token, login_csrf_valid
from teameval.auth.service import AuthService, SignIn
from teameval.config import Settings, SettingsDep, request_settings
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.i18n import DEFAULT_LANGUAGE, supported, translate
from teameval.models import utcnow
from teameval.ratelimit import limit_login
from teameval.users.service import UserService
from teameval.web.cookies import set_private_cookie
from teameval.web.dependencies import (
    CodeForm,
    FormDep,
    OptionalPagePrincipal,
    form_principal,
)
from teameval.web.resume import CarriedPost, carried_post
from teameval.web.templating import LANGUAGE_COOKIE, page_language, render

router = APIRouter(include_in_schema=False)
R = TypeVar("R", bound=Response)
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
    return set_session_cookie(RedirectResponse(target, status_code=303), settings, sign_in)


def set_session_cookie(response: R, settings: Settings, sign_in: SignIn) -> R:
    """`response`, carrying the HttpOnly cookie of a new sign-in (until it expires)."""
    lifetime = (sign_in.auth_session.expires_at - utcnow()).total_seconds()
    set_private_cookie(
        response, settings, SESSION_COOKIE, sign_in.token, max_age=max(1, int(lifetime))
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
    set_private_cookie(
        response, settings, LOGIN_COOKIE, nonce, max_age=LOGIN_FORM_TTL_S, path="/login"
    )
    return response


def sign_in_form_valid(request: Request, login_token: str) -> bool:
    """Whether a posted sign-in form came from a form this browser was given."""
    key = request_settings(request).signing_key
    return login_csrf_valid(key, request.cookies.get(LOGIN_COOKIE), login_token)


def _login_form(
    request: Request,
    next: str,
    email: str = "",
    error: str = "",
    status_code: int = 200,
    carried: CarriedPost | None = None,
) -> Response:
    """The password sign-in form (carrying a post that found its sign-in expired)."""
    context = {"next": _safe_next(next) or "", "email": email, "error": error, "carried": carried}
    if carried is not None:
        context["language_back"] = "/login"  # the page stands at the post's path, no GET
    return sign_in_form(request, "login.html", context, status_code)


def session_expired_page(request: Request, carried: CarriedPost) -> Response:
    """ "Je sessie is verlopen": the sign-in form, with the interrupted post hidden in it."""
    return _login_form(request, "", status_code=401, carried=carried)


def _resume_page(
    request: Request, settings: Settings, sign_in: SignIn, carried: CarriedPost
) -> Response:
    """Signed in again: a page that posts the carried form on (by itself, or by its button)."""
    context = {
        "carried": carried,
        "resume_csrf": csrf_token(settings.signing_key, sign_in.auth_session.id),
        "stale": False,
    }
    return set_session_cookie(render(request, "resume.html", context), settings, sign_in)


def stale_form_page(request: Request, session: Session, carried: CarriedPost) -> Response | None:
    """A form of this person's earlier sign-in (they signed in again in another tab): what was
    typed comes back with the current sign-in's token and a button to send it again. None when
    the form was not theirs (a forged post stays a plain 403)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    settings = request_settings(request)
    if principal is None or not AuthService(session, settings).issued_form_to(
        principal.user_id, carried.csrf
    ):
        return None
    context = {
        "carried": carried,
        "resume_csrf": csrf_token(settings.signing_key, principal.session_id),
        "stale": True,
    }
    return render(request, "resume.html", context, status_code=409)


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
    form: FormDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
    login_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Check the password; on success set the HttpOnly session cookie and go on.

    A form post the sign-in interrupted (see `web/resume.py`) is posted on afterwards, when
    it was written by the one who signed in; anyone else simply starts at their home page.
    """
    lang = page_language(request)
    carried = carried_post(form)
    if not sign_in_form_valid(request, login_token):
        # Forged by another site, or the form outlived its cookie: no password is checked.
        message = translate("login_form_expired", lang)
        return _login_form(request, next, email, message, 403, carried)
    try:
        # The same limits as the API's sign-in, so the form is no way around them.
        limit_login(settings, email, request.client.host if request.client else None)
        auth = AuthService(session, settings)
        sign_in = auth.login(email, password)
    except AppError as exc:
        message = translate(exc.code, lang, **exc.params)
        return _login_form(request, next, email, message, exc.status_code, carried)
    response: Response
    if carried is not None and auth.issued_form_to(sign_in.user.id, carried.csrf):
        response = _resume_page(request, settings, sign_in, carried)
    else:
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
    request: Request,
    principal: OptionalPagePrincipal,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Switch the interface language: stored on the user when signed in, else in a cookie."""
    lang = supported(form.get("language")) or DEFAULT_LANGUAGE
    if principal is not None:
        form_principal(principal, form, settings)  # a signed-in change needs the CSRF token
        UserService(session, principal).set_own_language(lang)
    carried = carried_post(form) if principal is None else None
    response: Response
    if carried is not None:
        # "Je sessie is verlopen" in the other language, still carrying what was typed.
        request.state.language = lang
        response = session_expired_page(request, carried)
    else:
        back = form.get("back")
        response = RedirectResponse(_safe_next(back if isinstance(back, str) else None) or "/", 303)
    set_private_cookie(response, settings, LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600)
    return response
