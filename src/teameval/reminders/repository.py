"""Queries behind reminders: who still has reviews to submit, and what was sent before."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Evaluation, EvaluationReminder, ReviewAllocation, School, User
from teameval.repository import ScopedRepository


@dataclass(frozen=True)
class Recipient:
    """A student with `open_count` reviews not yet submitted."""

    user_id: int
    email: str
    name: str
    language: str | None
    open_count: int


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


class PendingReviewRepository(ScopedRepository[ReviewAllocation]):
    """Allocations not yet submitted."""

    model = ReviewAllocation

    def recipients(self, evaluation_id: int) -> list[Recipient]:
        """Active students with unsubmitted reviews in the evaluation, with how many."""
        stmt = (
            self._select(User.id, User.email, User.name, User.language, func.count())
            .select_from(ReviewAllocation)
            .join(User, User.id == ReviewAllocation.reviewer_id)
            .where(
                ReviewAllocation.evaluation_id == evaluation_id,
                ReviewAllocation.status != "submitted",
                User.is_active.is_(True),
            )
            .group_by(User.id, User.email, User.name, User.language)
            .order_by(User.name, User.id)
        )
        return [Recipient(r[0], r[1], r[2], r[3], int(r[4])) for r in self.session.execute(stmt)]


class DueReminderRepository:
    """Across schools: open evaluations whose automatic reminder is due (the scheduler's view).

    Not scoped: the scheduler acts for no principal. It only finds ids; the sending itself goes
    through the school-scoped repositories.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def due(self, now: datetime, lead: timedelta) -> list[Evaluation]:
        """Open evaluations whose deadline is within `lead` from now and not yet reminded.

        Evaluations opened less than `lead` before their deadline are skipped: the students
        just received them and need no reminder yet.
        """
        reminded = select(EvaluationReminder.evaluation_id).where(EvaluationReminder.kind == "auto")
        stmt = (
            select(Evaluation)
            .where(
                Evaluation.status == "open",
                Evaluation.deadline > now,
                Evaluation.deadline <= now + lead,
                Evaluation.id.not_in(reminded),
            )
            .order_by(Evaluation.deadline, Evaluation.id)
        )
        return [
            e
            for e in self.session.scalars(stmt)
            if e.deadline is not None and (e.opened_at is None or e.opened_at <= e.deadline - lead)
        ]

    def school_language(self, school_id: int) -> str:
        """The school's default language for people who chose none."""
        school = self.session.get(School, school_id)
        return school.language if school else "nl"
