"""Queries behind reminders: what was sent before, and which automatic reminders are due
(who still has reviews to submit is `AllocationRepository.pending_reviewers`)."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.evaluations.enums import EvaluationStatus
from teameval.models import Evaluation, EvaluationReminder
from teameval.repository import ScopedRepository


class ReminderRepository(ScopedRepository[EvaluationReminder]):
    """The reminders of one school's evaluations."""

    model = EvaluationReminder

    def of_evaluation(self, evaluation_id: int) -> Sequence[EvaluationReminder]:
        """Reminders of an evaluation, newest first."""
        stmt = (
            self._select()
            .where(EvaluationReminder.evaluation_id == evaluation_id)
            .order_by(EvaluationReminder.created_at.desc(), EvaluationReminder.id.desc())
        )
        return self.session.scalars(stmt).all()

    def last_sent_at(self, evaluation_id: int) -> datetime | None:
        """When the latest reminder round that reached someone (or is going out) started."""
        stmt = self._select(func.max(EvaluationReminder.created_at)).where(
            EvaluationReminder.evaluation_id == evaluation_id,
            EvaluationReminder.status.in_(("sending", "sent")),
        )
        last: datetime | None = self.session.scalar(stmt)
        return last

    @staticmethod
    def due_across_schools(session: Session, now: datetime, lead: timedelta) -> list[Evaluation]:
        """Open evaluations of any school whose deadline is within `lead` and not yet reminded.

        The one query here across schools: the scheduler acts for no principal. It only finds
        evaluations; the sending itself goes through the school-scoped repositories.
        Evaluations opened less than `lead` before their deadline are skipped: the students
        just received them and need no reminder yet.
        """
        reminded = select(EvaluationReminder.evaluation_id).where(EvaluationReminder.kind == "auto")
        stmt = (
            select(Evaluation)
            .where(
                Evaluation.status == EvaluationStatus.OPEN,
                Evaluation.deadline > now,
                Evaluation.deadline <= now + lead,
                Evaluation.id.not_in(reminded),
            )
            .order_by(Evaluation.deadline, Evaluation.id)
        )
        return [
            e
            for e in session.scalars(stmt)
            if e.deadline is not None and (e.opened_at is None or e.opened_at <= e.deadline - lead)
        ]
