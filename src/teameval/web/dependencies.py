"""Who a page request acts as: the session cookie resolves the principal; forms prove CSRF."""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.auth.principal import Principal
from teameval.auth.security import csrf_token_valid
from teameval.auth.service import AuthService
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import Forbidden, Unauthorized

CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """Nobody is signed in on a page that needs it: the error handler redirects to /login."""


class PasswordRequired(Exception):
    """Signed in with a one-time code: every page leads to choosing a password first."""


def optional_page_principal(
    request: Request, session: SessionDep, settings: SettingsDep
) -> Principal | None:
    """The principal of the session cookie, or None; names the user and school for the header."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        owner = AuthService(session, settings).principal_from_token(token)
    except Unauthorized:
        return None
    principal = owner.principal
    request.state.principal = principal
    request.state.language = principal.language
    request.state.user_name = owner.user_name
    request.state.school_name = owner.school_name
    return principal


async def submitted_form(request: Request) -> FormData:
    """The posted form (read once; Starlette keeps it for later readers)."""
    return await request.form()


async def page_principal(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_page_principal)],
) -> Principal:
    """The signed-in principal; without one the browser is sent to the sign-in page."""
    if principal is None:
        raise LoginRequired()
    if principal.must_set_password:
        raise PasswordRequired()
    return principal


async def code_page_principal(
    principal: Annotated[Principal | None, Depends(optional_page_principal)],
) -> Principal:
    """A sign-in with a one-time code, on the page where it chooses a password."""
    if principal is None:
        raise LoginRequired()
    return principal


def code_form_principal(
    principal: Annotated[Principal, Depends(code_page_principal)],
    form: Annotated[FormData, Depends(submitted_form)],
    settings: SettingsDep,
) -> Principal:
    """A code sign-in's form post, which must carry the session's CSRF token."""
    return form_principal(principal, form, settings)


def form_principal(
    principal: Annotated[Principal, Depends(page_principal)],
    form: Annotated[FormData, Depends(submitted_form)],
    settings: SettingsDep,
) -> Principal:
    """The principal of a form post, which must carry the session's CSRF token."""
    token = form.get(CSRF_FIELD)
    if not isinstance(token, str) or not csrf_token_valid(
        settings.signing_key, principal.session_id, token
    ):
        raise Forbidden("csrf_failed")
    return principal


def _role_guard(
    *roles: str, posted: bool = False
) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    base = form_principal if posted else page_principal

    # No I/O: async, so it runs on the event loop rather than in a thread-pool hop of its own.
    async def guard(principal: Annotated[Principal, Depends(base)]) -> Principal:
        if principal.role not in roles:
            raise Forbidden()
        return principal

    return guard


PagePrincipal = Annotated[Principal, Depends(page_principal)]
OptionalPagePrincipal = Annotated[Principal | None, Depends(optional_page_principal)]
FormPrincipal = Annotated[Principal, Depends(form_principal)]
FormDep = Annotated[FormData, Depends(submitted_form)]
CodePage = Annotated[Principal, Depends(code_page_principal)]
CodeForm = Annotated[Principal, Depends(code_form_principal)]
StudentPage = Annotated[Principal, Depends(_role_guard("student"))]
StudentForm = Annotated[Principal, Depends(_role_guard("student", posted=True))]
StaffPage = Annotated[Principal, Depends(_role_guard("teacher", "admin"))]
StaffForm = Annotated[Principal, Depends(_role_guard("teacher", "admin", posted=True))]
AdminPage = Annotated[Principal, Depends(_role_guard("admin"))]
AdminForm = Annotated[Principal, Depends(_role_guard("admin", posted=True))]
