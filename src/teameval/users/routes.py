"""`/api/v1/users`: staff create, list and import users of their school."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from teameval.auth.dependencies import StaffDep
from teameval.bodylimit import UPLOAD_BODY_MAX
from teameval.courses.staff import PeopleInCharge
from teameval.db import SessionDep
from teameval.pagination import Page, PageDep
from teameval.users.schemas import ImportResult, PasswordSet, UserRead
from teameval.users.service import UserService
from teameval.users.uploads import read_csv_upload

router = APIRouter(prefix="/api/v1/users", tags=["users"])


# `POST /api/v1/users` is in teameval/access/routes.py: a user created without a password
# gets a sign-in code, which is the access domain's (it builds on this one).


@router.put("/{user_id}/password")
def set_user_password(
    user_id: int, data: PasswordSet, principal: StaffDep, session: SessionDep
) -> UserRead:
    """Set a user's password (teachers: their courses' students); their sign-ins are revoked."""
    return UserRead.model_validate(
        PeopleInCharge(session, principal).set_password(user_id, data.password)
    )


@router.post("/{user_id}/deactivate")
def deactivate_user(user_id: int, principal: StaffDep, session: SessionDep) -> UserRead:
    """Stop a user from signing in; their sign-ins end at once (teachers: students only)."""
    return UserRead.model_validate(PeopleInCharge(session, principal).set_active(user_id, False))


@router.post("/{user_id}/reactivate")
def reactivate_user(user_id: int, principal: StaffDep, session: SessionDep) -> UserRead:
    """Let a deactivated user sign in again; sign-ins from before stay ended."""
    return UserRead.model_validate(PeopleInCharge(session, principal).set_active(user_id, True))


@router.get("")
def list_users(
    principal: StaffDep,
    session: SessionDep,
    page: PageDep,
    role: Literal["admin", "teacher", "student"] | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[UserRead]:
    """The school's users, by name."""
    rows, total = UserService(session, principal).list_users(page.limit, page.offset, role, q)
    return Page(items=[UserRead.model_validate(u) for u in rows], total=total)


@router.post(
    "/import",
    max_body_size=UPLOAD_BODY_MAX,
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            }
        }
    },
)
async def import_users(request: Request, principal: StaffDep, session: SessionDep) -> ImportResult:
    """Create or update students from a CSV file `email,name[,class_name]`, all or nothing."""
    data = await read_csv_upload(request)
    return await run_in_threadpool(UserService(session, principal).import_students, data)
