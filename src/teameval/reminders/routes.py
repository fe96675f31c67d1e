"""`/api/v1/evaluations/{id}/remind`: the teacher's reminder button, and the reminders sent."""

from fastapi import APIRouter

from teameval.auth.dependencies import StaffDep
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.reminders.schemas import PendingReminders, ReminderRead, ReminderRequest
from teameval.reminders.service import ReminderService

router = APIRouter(prefix="/api/v1/evaluations", tags=["reminders"])


@router.post("/{evaluation_id}/remind")
def send_reminders(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    body: ReminderRequest | None = None,
) -> ReminderRead:
    """E-mail the students who have not submitted all their reviews yet (or the chosen ones)."""
    student_ids = body.student_ids if body is not None else None
    return ReminderService(session, principal, settings).send_reminders(evaluation_id, student_ids)


@router.get("/{evaluation_id}/reminders/pending")
def pending_reminders(
    evaluation_id: int, principal: StaffDep, session: SessionDep, settings: SettingsDep
) -> PendingReminders:
    """Who has reviews left to submit (and which), and the e-mail a reminder sends."""
    return ReminderService(session, principal, settings).pending(evaluation_id)


@router.get("/{evaluation_id}/reminders")
def list_reminders(
    evaluation_id: int, principal: StaffDep, session: SessionDep, settings: SettingsDep
) -> list[ReminderRead]:
    """The reminder rounds sent for an evaluation, newest first."""
    return ReminderService(session, principal, settings).list_reminders(evaluation_id)
