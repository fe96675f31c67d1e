"""Admins' pages: the summary queue and the school's users."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from teameval.access.service import AccessService
from teameval.auth.principal import ROLES, Principal
from teameval.bodylimit import UPLOAD_BODY_MAX
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import AppError, InvalidLines, NotFound
from teameval.i18n import translate
from teameval.summaries.stats import queue_stats
from teameval.users.schemas import ImportLineError, ImportResult, PasswordSet, UserCreate
from teameval.users.service import UserService
from teameval.web import forms
from teameval.web.access import render_slips
from teameval.web.dependencies import AdminForm, AdminPage, FormDep
from teameval.web.flash import redirect_with
from teameval.web.templating import page_language, render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/teacher/queue")
def queue_page(
    request: Request, principal: AdminPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """Jobs per state, workers alive and the oldest waiting job: the operators' page (admins)."""
    stats = queue_stats(session, principal, settings)
    return render(request, "teacher/queue.html", {"stats": stats})


def _users_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    role: str | None = None,
    q: str | None = None,
    offset: int = 0,
    error: str = "",
    typed: dict[str, Any] | None = None,
    imported: ImportResult | None = None,
    status_code: int = 200,
) -> Response:
    users, total = UserService(session, principal).list_users(PAGE_SIZE, offset, role, q)
    context = {
        "users": users,
        "total": total,
        "role": role or "",
        "q": q or "",
        "offset": offset,
        "page_size": PAGE_SIZE,
        "roles": ROLES,
        "error": error,
        "typed": typed or {},
        "imported": imported,
    }
    return render(request, "admin/users.html", context, status_code=status_code)


@router.get("/admin/users")
def users_page(
    request: Request,
    principal: AdminPage,
    session: SessionDep,
    role: Annotated[str, Query(max_length=10)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The school's users, filtered by role or name, a page at a time."""
    chosen = role if role in ROLES else None
    return _users_page(request, principal, session, chosen, q or None, offset)


@router.post("/admin/users")
def create_user(
    request: Request,
    principal: AdminForm,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Create a user of any role; one without a password gets a sign-in code slip."""
    try:
        data = UserCreate.model_validate(
            {
                "email": forms.text(form, "email"),
                "name": forms.text(form, "name"),
                "role": forms.text(form, "role") or "student",
                "class_name": forms.text(form, "class_name") or None,
                "password": forms.text(form, "password") or None,
            }
        )
        created = AccessService(session, principal, settings, str(request.base_url)).create_user(
            data
        )
    except (AppError, ValidationError) as exc:
        message = forms.problem(exc, page_language(request))
        typed = {k: v for k, v in forms.keep(form).items() if k != "password"}
        return _users_page(request, principal, session, error=message, typed=typed, status_code=422)
    if created.sign_in is not None:
        heading = translate("page_slips_title_of", page_language(request), name=created.name)
        return render_slips(request, created.sign_in, "/admin/users", heading, created.name)
    return redirect_with(request, "/admin/users", "created")


@router.get("/admin/users/{user_id}/password")
def password_page(
    request: Request, user_id: int, principal: AdminPage, session: SessionDep
) -> Response:
    """Set a user's password by hand (the page first offers a sign-in code instead)."""
    user = UserService(session, principal).get_user(user_id)
    return render(request, "admin/password.html", {"user": user, "error": ""})


@router.post("/admin/users/{user_id}/password")
def set_password(
    request: Request, user_id: int, principal: AdminForm, form: FormDep, session: SessionDep
) -> Response:
    """Save the typed password; the user is signed out everywhere."""
    service = UserService(session, principal)
    try:
        data = PasswordSet.model_validate({"password": form.get("password") or ""})
        service.set_password(user_id, data.password)
    except (AppError, ValidationError) as exc:
        if isinstance(exc, AppError) and exc.status_code == 404:
            raise
        context = {
            "user": service.get_user(user_id),
            "error": forms.problem(exc, page_language(request)),
        }
        return render(request, "admin/password.html", context, status_code=422)
    return redirect_with(request, "/admin/users", "password_set_by_admin")


@router.post("/admin/users/{user_id}/{action}")
def set_user_active(
    request: Request, user_id: int, action: str, principal: AdminForm, session: SessionDep
) -> Response:
    """Deactivate or reactivate a user (the buttons in the list); either ends their sign-ins."""
    if action not in ("deactivate", "reactivate"):
        raise NotFound()
    try:
        UserService(session, principal).set_active(user_id, action == "reactivate")
    except AppError as exc:
        if exc.status_code == 404:
            raise
        message = forms.problem(exc, page_language(request))
        return _users_page(request, principal, session, error=message, status_code=exc.status_code)
    return redirect_with(request, "/admin/users", f"{action}d")


@router.post("/admin/users/import", max_body_size=UPLOAD_BODY_MAX)
async def import_users(
    request: Request, principal: AdminForm, form: FormDep, session: SessionDep
) -> Response:
    """Create or update students from a CSV file, all or nothing; every bad line is listed."""
    data = await forms.upload(form, "file") or b""

    def work() -> Response:
        try:
            result = UserService(session, principal).import_students(data)
        except InvalidLines as exc:
            message = forms.problem(exc, page_language(request))
            refused = ImportResult(
                created=0,
                updated=0,
                errors=[ImportLineError.model_validate(line) for line in exc.lines],
            )
            return _users_page(
                request, principal, session, error=message, imported=refused, status_code=422
            )
        except AppError as exc:
            message = forms.problem(exc, page_language(request))
            return _users_page(request, principal, session, error=message, status_code=422)
        return _users_page(request, principal, session, imported=result)

    return await run_in_threadpool(work)
