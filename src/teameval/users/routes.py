"""`/api/v1/users`: staff create, list and import users of their school."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, status
from starlette.concurrency import run_in_threadpool

from teameval.auth.dependencies import StaffDep
from teameval.db import SessionDep
from teameval.errors import Invalid
from teameval.pagination import Page, PageDep
from teameval.users.schemas import ImportResult, PasswordSet, UserCreate, UserRead
from teameval.users.service import UserService

router = APIRouter(prefix="/api/v1/users", tags=["users"])

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


async def read_csv_upload(request: Request) -> bytes:
    """The uploaded CSV: a multipart field `file`, or the raw body (`curl --data-binary`)."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("csv_empty")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
    else:
        data = await request.body()
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid("csv_too_large", max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    return data


@router.post("", status_code=status.HTTP_201_CREATED)
def create_user(data: UserCreate, principal: StaffDep, session: SessionDep) -> UserRead:
    """Create a user in the school (teachers: students only)."""
    return UserRead.model_validate(UserService(session, principal).create_user(data))


@router.put("/{user_id}/password")
def set_user_password(
    user_id: int, data: PasswordSet, principal: StaffDep, session: SessionDep
) -> UserRead:
    """Set a user's password (teachers: students only); their sign-ins are revoked."""
    return UserRead.model_validate(
        UserService(session, principal).set_password(user_id, data.password)
    )


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
    """Create or update students from a CSV file `email,name[,class_name]`."""
    data = await read_csv_upload(request)
    return await run_in_threadpool(UserService(session, principal).import_students, data)
