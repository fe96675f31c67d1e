"""Sign-in codes and invitations (staff), and signing in with a code (anyone with one)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from teameval.access.schemas import (
    CodeLoginRequest,
    CodeLoginResponse,
    CourseCodesRequest,
    InvitationReport,
    IssuedCodes,
    PasswordChoice,
    UserCreated,
)
from teameval.access.service import AccessService
from teameval.access.sign_in import CodeSignInService
from teameval.auth.dependencies import SignedInDep, StaffDep
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.ratelimit import limit_login
from teameval.users.schemas import LoginResponse, UserCreate, UserRead

router = APIRouter(prefix="/api/v1", tags=["access"])


def access_service(
    request: Request, principal: StaffDep, session: SessionDep, settings: SettingsDep
) -> AccessService:
    """The access service of a staff member, linking to where this request came in."""
    return AccessService(session, principal, settings, str(request.base_url))


AccessDep = Annotated[AccessService, Depends(access_service)]


@router.post("/users", status_code=status.HTTP_201_CREATED, tags=["users"])
def create_user(data: UserCreate, access: AccessDep) -> UserCreated:
    """Create a user in the school (teachers: students only); one created without a password
    comes with a sign-in code (`sign_in`, shown once)."""
    return access.create_user(data)


@router.post("/users/{user_id}/sign-in-codes", status_code=status.HTTP_201_CREATED)
def issue_user_code(
    user_id: int,
    access: AccessDep,
) -> IssuedCodes:
    """A new sign-in code for one person (shown once; their older unused codes stop working)."""
    return access.issue_for_user(user_id)


@router.post("/courses/{course_id}/sign-in-codes", status_code=status.HTTP_201_CREATED)
def issue_course_codes(
    course_id: int,
    access: AccessDep,
    data: CourseCodesRequest | None = None,
) -> IssuedCodes:
    """New sign-in codes for a course's students (by default those without a password)."""
    include = data.include_with_password if data else False
    return access.issue_for_course(course_id, include)


@router.post("/users/{user_id}/invitation")
def invite_user(
    user_id: int,
    access: AccessDep,
) -> InvitationReport:
    """E-mail one person a new code with a link that signs them in once (needs SMTP)."""
    return access.invite_user(user_id)


@router.post("/courses/{course_id}/invitations")
def invite_course(
    course_id: int,
    access: AccessDep,
    data: CourseCodesRequest | None = None,
) -> InvitationReport:
    """E-mail a course's students their invitation (by default those without a password)."""
    include = data.include_with_password if data else False
    return access.invite_course(course_id, include)


@router.post("/auth/code-login")
def code_login(
    data: CodeLoginRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> CodeLoginResponse:
    """Use a sign-in code: a token that may only choose a password (POST /auth/password)."""
    limit_login(settings, data.email, request.client.host if request.client else None)
    sign_in = CodeSignInService(session, settings).sign_in(data.email, data.code)
    return CodeLoginResponse(
        access_token=sign_in.token,
        user=UserRead.model_validate(sign_in.user),
        expires_at=sign_in.auth_session.expires_at,
    )


@router.post("/auth/password")
def choose_password(
    data: PasswordChoice, principal: SignedInDep, session: SessionDep, settings: SettingsDep
) -> LoginResponse:
    """Choose a password after a code sign-in: a normal token; every earlier one is revoked."""
    sign_in = CodeSignInService(session, settings).choose_password(
        principal, data.password, data.password_confirmation
    )
    return LoginResponse(access_token=sign_in.token, user=UserRead.model_validate(sign_in.user))
