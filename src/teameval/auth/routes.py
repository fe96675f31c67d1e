"""`/api/v1/auth`: sign in for a bearer token, who am I, sign out."""

from fastapi import APIRouter, Request, status

from teameval.auth.dependencies import SignedInDep
from teameval.auth.schemas import LoginRequest
from teameval.auth.service import AuthService
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.ratelimit import limit_login
from teameval.users.schemas import LoginResponse, MeResponse, UserRead

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/login")
def login(
    data: LoginRequest, session: SessionDep, request: Request, settings: SettingsDep
) -> LoginResponse:
    """Exchange e-mail and password for a bearer token."""
    limit_login(settings, data.email, request.client.host if request.client else None)
    sign_in = AuthService(session, settings).login(data.email, data.password)
    return LoginResponse(access_token=sign_in.token, user=UserRead.model_validate(sign_in.user))


@router.get("/me")
def me(principal: SignedInDep, session: SessionDep, settings: SettingsDep) -> MeResponse:
    """The signed-in user."""
    _principal, user, school = AuthService(session, settings).current_user(principal)
    return MeResponse(
        **UserRead.model_validate(user).model_dump(),
        school_name=school.name,
        effective_language=principal.language,
        must_set_password=principal.must_set_password,
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: SignedInDep, session: SessionDep, settings: SettingsDep) -> None:
    """Revoke the token (and the page cookie) of this sign-in."""
    AuthService(session, settings).logout(principal)
