"""FastAPI dependencies that resolve the signed-in principal from a bearer token or the cookie."""

from typing import Annotated

from fastapi import Depends, Request

from teameval.auth import sign_in_cache
from teameval.auth.principal import Principal
from teameval.auth.security import csrf_token_valid, decode_access_token
from teameval.auth.service import AuthService
from teameval.config import Settings, SettingsDep
from teameval.db import SessionDep, session_factory
from teameval.errors import Forbidden, Unauthorized

SESSION_COOKIE = "teameval_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return token.strip()
    return None


def resolve_principal(
    request: Request, session: SessionDep, settings: SettingsDep
) -> Principal | None:
    """The principal of the request, or None when nobody is signed in (pages redirect then)."""
    token, from_cookie = _request_token(request)
    if not token:
        return None
    try:
        principal = AuthService(session, settings).principal_from_token(token).principal
    except Unauthorized:
        return None
    # A cookie rides along on cross-site requests; a bearer header never does.
    if (
        from_cookie
        and request.method not in _SAFE_METHODS
        and not getattr(request.state, "csrf_checked", False)
        and not csrf_token_valid(
            settings.signing_key, principal.session_id, request.headers.get(CSRF_HEADER)
        )
    ):
        raise Forbidden("csrf_failed")
    request.state.principal = principal
    request.state.language = principal.language
    return principal


def _request_token(request: Request) -> tuple[str | None, bool]:
    """The request's token, and whether it came from the cookie."""
    token = _bearer_token(request)
    if token is not None:
        return token, False
    return request.cookies.get(SESSION_COOKIE), True


def cached_principal(request: Request, settings: Settings) -> Principal:
    """The signed-in principal of a GET on a cheap read path (the job status poll, the live
    summary stream), from the sign-in cache when it holds the token's session, else from the
    database (then cached): auth/sign_in_cache.py. Refuses as `get_principal` does.

    A plain function, not a dependency, so the route's one thread does all the waiting.
    """
    token, _from_cookie = _request_token(request)  # GET only: no CSRF check to make
    decoded = decode_access_token(settings.signing_key, token) if token else None
    if token is None or decoded is None:
        raise Unauthorized()
    principal, rev = sign_in_cache.lookup(*decoded)
    if principal is None:
        with session_factory()() as session:
            owner = AuthService(session, settings).principal_from_token(token)
        principal = owner.principal
        if rev is not None:
            sign_in_cache.store(principal, owner.expires_at, rev)
    request.state.principal = principal
    request.state.language = principal.language
    if principal.must_set_password:
        raise Forbidden("password_required")
    return principal


# The guards below do no I/O: async, so FastAPI runs them on the event loop instead of sending
# each one to the thread pool (every hop is a wait for a thread and the GIL under load).


async def get_signed_in(
    principal: Annotated[Principal | None, Depends(resolve_principal)],
) -> Principal:
    """Anyone signed in, also with a one-time code that only lets them choose a password."""
    if principal is None:
        raise Unauthorized()
    return principal


async def get_principal(principal: Annotated[Principal, Depends(get_signed_in)]) -> Principal:
    """The signed-in principal; 401 when there is none, 403 until a code sign-in chose a
    password."""
    if principal.must_set_password:
        raise Forbidden("password_required")
    return principal


async def get_staff(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """A teacher or admin; a student is refused with 403 (the role, not an id, is wrong)."""
    if not principal.is_staff:
        raise Forbidden()
    return principal


async def get_admin(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """An admin of the school."""
    if principal.role != "admin":
        raise Forbidden()
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
SignedInDep = Annotated[Principal, Depends(get_signed_in)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(resolve_principal)]
StaffDep = Annotated[Principal, Depends(get_staff)]
AdminDep = Annotated[Principal, Depends(get_admin)]
