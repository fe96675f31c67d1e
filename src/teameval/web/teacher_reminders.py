"""The reminders page of an evaluation: who has not submitted, the button, what was sent."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from teameval.auth.principal import Principal
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.evaluations.service import EvaluationService
from teameval.reminders.service import ReminderService
from teameval.web import forms
from teameval.web.dependencies import FormDep, StaffForm, StaffPage
from teameval.web.flash import redirect_with, take_flash
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/teacher/evaluations", include_in_schema=False)


@router.get("/{evaluation_id}/reminders")
def reminders_page(
    request: Request,
    evaluation_id: int,
    principal: StaffPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The students with reviews left (and which), a reminder button, the rounds sent."""
    return _page(request, evaluation_id, principal, session, settings)


def _page(
    request: Request,
    evaluation_id: int,
    principal: Principal,
    session: SessionDep,
    settings: SettingsDep,
    error: str = "",
    chosen: set[int] | None = None,
    status_code: int = 200,
) -> Response:
    service = ReminderService(session, principal, settings)
    pending = service.pending(evaluation_id)
    rounds = service.list_reminders(evaluation_id)
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    notice = take_flash(request)  # just sent: the round's outcome, shown once
    outcome = rounds[0] if rounds and notice is not None and notice.key == "reminded" else None
    context = {
        "evaluation": evaluation,
        "pending": pending,
        "rounds": rounds,
        "outcome": outcome,
        "error": error,
        "chosen": chosen,
        "copy_list": "; ".join(f"{s.name} <{s.email}>" for s in pending.students),
        "auto_hours": settings.reminder_before_deadline_h
        if settings.reminder_auto_enabled
        else None,
    }
    return render(request, "teacher/reminders.html", context, status_code=status_code)


@router.post("/{evaluation_id}/reminders")
def send_reminders(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Send the reminder to the checked students; the page then says how it went."""
    chosen: list[int] = []
    try:
        chosen = forms.ids(form, "student_ids")
        ReminderService(session, principal, settings).send_reminders(evaluation_id, chosen)
    except AppError as exc:
        if exc.status_code == 404:
            raise
        message = forms.problem(exc, page_language(request))
        return _page(
            request,
            evaluation_id,
            principal,
            session,
            settings,
            message,
            set(chosen),
            exc.status_code,
        )
    url = f"/teacher/evaluations/{evaluation_id}/reminders#outcome"
    return redirect_with(request, url, "reminded")
