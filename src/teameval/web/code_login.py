"""Signing in with a code (`/login/code`) and choosing one's own password (`/login/password`)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from teameval.access.schemas import PasswordChoice
from teameval.access.sign_in import CodeSignInService
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.i18n import translate
from teameval.ratelimit import limit_login
from teameval.web import forms
from teameval.web.dependencies import CodeForm, CodePage, FormDep, OptionalPagePrincipal
from teameval.web.flash import set_flash
from teameval.web.session import (
    home_of,
    sign_in_form,
    sign_in_form_valid,
    signed_in,
    start_page,
)
from teameval.web.templating import page_language, render

router = APIRouter(include_in_schema=False)


@router.get("/login/code")
def code_page(request: Request, principal: OptionalPagePrincipal, email: str = "") -> Response:
    """The form for e-mail and code; an invitation link fills in the e-mail (and, by script,
    the code from the link's fragment)."""
    if principal is not None:
        return RedirectResponse(start_page(principal), status_code=303)
    return sign_in_form(request, "login_code.html", {"email": email[:254], "error": ""})


@router.post("/login/code")
def code_login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    code: Annotated[str, Form(max_length=50)] = "",
    login_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Use the code once; the sign-in it opens leads to choosing a password."""
    if not sign_in_form_valid(request, login_token):  # login CSRF, as at /login: nothing checked
        message = translate("login_form_expired", page_language(request))
        return sign_in_form(request, "login_code.html", {"email": email, "error": message}, 403)
    try:
        limit_login(settings, email, request.client.host if request.client else None)
        sign_in = CodeSignInService(session, settings).sign_in(email, code)
    except AppError as exc:
        message = translate(exc.code, page_language(request), **exc.params)
        context = {"email": email, "error": message}
        return sign_in_form(request, "login_code.html", context, exc.status_code)
    return signed_in(settings, "/login/password", sign_in)


@router.get("/login/password")
def password_page(request: Request, principal: CodePage) -> Response:
    """The form for one's own password, after a code sign-in."""
    if not principal.must_set_password:
        return RedirectResponse(start_page(principal), status_code=303)
    return render(request, "login_password.html", {"error": ""})


@router.post("/login/password")
def choose_password(
    request: Request,
    principal: CodeForm,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Save the password and go home, signed in as usual."""
    try:
        data = PasswordChoice.model_validate(
            {
                "password": form.get("password") or "",
                "password_confirmation": form.get("password_confirmation") or "",
            }
        )
        sign_in = CodeSignInService(session, settings).choose_password(
            principal, data.password, data.password_confirmation
        )
    except (AppError, ValidationError) as exc:
        message = forms.problem(exc, page_language(request))
        return render(request, "login_password.html", {"error": message}, status_code=422)
    return set_flash(
        request, signed_in(settings, home_of(sign_in.user.role), sign_in), "password_set"
    )
