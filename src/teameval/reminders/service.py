"""Reminder e-mails to students with unsubmitted reviews: the teacher's button and the scheduler."""

import logging
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.errors import AppError, Invalid, TooManyRequests
from teameval.evaluations.enums import EvaluationStatus
from teameval.evaluations.repository import (
    AllocationRepository,
    EvaluationRepository,
    PendingReviewer,
)
from teameval.evaluations.service import evaluation_in_charge
from teameval.i18n import translate
from teameval.i18n.formats import format_datetime
from teameval.models import Evaluation, EvaluationReminder, utcnow
from teameval.reminders.mailer import MailerUnavailable, OutgoingMail, SmtpMailer
from teameval.reminders.repository import ReminderRepository
from teameval.reminders.schemas import (
    MissingReview,
    PendingReminders,
    PendingStudent,
    ReminderRead,
)
from teameval.schools.repository import SchoolRepository

log = logging.getLogger("teameval.reminders")


def compose(
    evaluation: Evaluation, recipient: PendingReviewer, language: str, base_url: str
) -> OutgoingMail:
    """The reminder e-mail for one student, in their language, linking to `base_url`."""
    deadline = ""
    if evaluation.deadline is not None:
        # As the pages show it, in the reader's language and the schools' time zone.
        local = format_datetime(evaluation.deadline, language)
        deadline = translate("reminder_deadline", language, deadline=local)
    base = base_url.rstrip("/")
    return OutgoingMail(
        to=recipient.email,
        subject=translate("reminder_subject", language, title=evaluation.title),
        body=translate(
            "reminder_body",
            language,
            name=recipient.name,
            count=recipient.open_count,
            title=evaluation.title,
            deadline=deadline,
            link=f"{base}/student/evaluations/{evaluation.id}",
        ),
    )


def deliver(
    session: Session,
    settings: Settings,
    evaluation: Evaluation,
    kind: str,
    school_language: str,
    requested_by_id: int | None = None,
    only: Collection[int] | None = None,
) -> EvaluationReminder | None:
    """Record and send one reminder round; None when another process already sent it.

    The record is committed before any e-mail goes out: for the automatic reminder its unique
    key is the claim that makes it go once. When the SMTP server cannot be reached nothing was
    sent, so the automatic claim is given up again (the next run retries) and the button's
    round is recorded as failed; MailerUnavailable is raised either way.
    """
    school_id = evaluation.school_id
    reminders = ReminderRepository(session, school_id)
    recipients = AllocationRepository(session, school_id).pending_reviewers(evaluation.id)
    if only is not None:  # the teacher's choice; who submitted meanwhile is left out
        recipients = [r for r in recipients if r.user_id in only]
    row = reminders.add(
        EvaluationReminder(
            evaluation_id=evaluation.id,
            kind=kind,
            dedupe_key=f"auto:{evaluation.id}" if kind == "auto" else None,
            status="sending" if recipients else "empty",
            requested_by_id=requested_by_id,
            recipient_count=len(recipients),
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    if not recipients:
        row.completed_at = utcnow()
        session.commit()
        return row
    base_url = settings.public_base_url
    mails = [compose(evaluation, r, r.language or school_language, base_url) for r in recipients]
    try:
        report = SmtpMailer(settings).send_all(mails)
    except MailerUnavailable:
        if kind == "auto":
            session.delete(row)
        else:
            row.status, row.failed_count, row.completed_at = "failed", len(mails), utcnow()
        session.commit()
        raise
    row.sent_count, row.failed_count = len(report.sent), len(report.failed)
    row.status = "sent" if report.sent else "failed"
    row.completed_at = utcnow()
    session.commit()
    return row


class ReminderService:
    """Reminders of the principal's school's evaluations (staff only)."""

    def __init__(self, session: Session, principal: Principal, settings: Settings) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.evaluations = EvaluationRepository(session, principal.school_id)
        self.reminders = ReminderRepository(session, principal.school_id)

    def _evaluation(self, evaluation_id: int) -> Evaluation:
        """The evaluation, for staff only (404 when the principal may not see it)."""
        self.principal.require_staff()
        return evaluation_in_charge(self.session, self.principal, evaluation_id)

    def _next_allowed_at(self, evaluation_id: int) -> datetime | None:
        """When the button works again after the last round that went out, or None: now."""
        last = self.reminders.last_sent_at(evaluation_id)
        if last is None:
            return None
        allowed = last + timedelta(minutes=self.settings.reminder_min_interval_min)
        return allowed if allowed > utcnow() else None

    def pending(self, evaluation_id: int) -> PendingReminders:
        """The students who have not submitted everything, what each has left, and the e-mail
        a reminder would send them (the reminders page shows it; without SMTP, to copy)."""
        evaluation = self._evaluation(evaluation_id)
        allocations = AllocationRepository(self.session, evaluation.school_id)
        missing: dict[int, list[MissingReview]] = defaultdict(list)
        for reviewer_id, name, is_self, status in allocations.unsubmitted(evaluation.id):
            missing[reviewer_id].append(
                MissingReview(reviewee_name=name, is_self=is_self, status=status)
            )
        pending = allocations.pending_reviewers(evaluation.id)
        mail = None
        if pending:
            language = pending[0].language
            language = language or SchoolRepository(self.session, evaluation.school_id).language()
            mail = compose(evaluation, pending[0], language, self.settings.public_base_url)
        return PendingReminders(
            evaluation_id=evaluation.id,
            smtp_configured=bool(self.settings.smtp_host),
            students=[
                PendingStudent(
                    student_id=p.user_id, name=p.name, email=p.email, missing=missing[p.user_id]
                )
                for p in pending
            ],
            example_to=pending[0].name if pending else None,
            subject=mail.subject if mail else None,
            body=mail.body if mail else None,
            next_allowed_at=self._next_allowed_at(evaluation.id),
        )

    def send_reminders(
        self, evaluation_id: int, student_ids: Collection[int] | None = None
    ) -> ReminderRead:
        """E-mail the students of an open evaluation who have reviews left to submit: all of
        them, or those of `student_ids` (the others are left out)."""
        evaluation = self._evaluation(evaluation_id)
        if evaluation.status != EvaluationStatus.OPEN:
            raise Invalid("evaluation_not_open")
        settings = self.settings
        if not settings.smtp_host:
            raise Invalid("smtp_not_configured")
        if student_ids is not None and not student_ids:
            raise Invalid("reminder_nobody_chosen")
        allowed = self._next_allowed_at(evaluation.id)
        if allowed is not None:
            wait = int((allowed - utcnow()).total_seconds()) + 1
            raise TooManyRequests("reminder_too_soon", retry_after=wait, minutes=wait // 60 + 1)
        language = SchoolRepository(self.session, evaluation.school_id).language()
        only = set(student_ids) if student_ids is not None else None
        try:
            row = deliver(
                self.session,
                settings,
                evaluation,
                "manual",
                language,
                self.principal.user_id,
                only,
            )
        except MailerUnavailable as exc:
            log.warning("reminder for evaluation %s not sent: %s", evaluation.id, exc)
            raise AppError("mail_unavailable", status_code=503) from exc
        assert row is not None  # only automatic reminders can lose the claim
        return ReminderRead.model_validate(row)

    def list_reminders(self, evaluation_id: int) -> list[ReminderRead]:
        """The reminder rounds of an evaluation, newest first."""
        evaluation = self._evaluation(evaluation_id)
        return [ReminderRead.model_validate(r) for r in self.reminders.of_evaluation(evaluation.id)]
