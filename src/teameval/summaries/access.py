"""Who may see or request whose summary. One place, used by every summary endpoint and page.

- Staff (teachers, admins) of the school: every student's summary, at any time (while the
  evaluation is open that is a preview).
- A student: only their own, and only once it is released: the evaluation is closed and, when
  the evaluation asks for a teacher's review (`summary_release = "teacher_review"`), the summary
  has been published after it was last generated, and in either mode no teacher holds it back
  (as `summaries/release.py` judges it).
- Anyone else's student, or another school's evaluation: 404 (the scoped repositories already
  hide other schools), so ids leak nothing.
"""

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.repository import EnrolmentRepository
from teameval.errors import Forbidden, NotFound
from teameval.evaluations.service import evaluation_in_charge
from teameval.models import Evaluation, FeedbackSummary
from teameval.summaries.enums import SummaryRelease
from teameval.summaries.release import is_released
from teameval.summaries.summary_repository import FeedbackSummaryRepository


def released_to_student(evaluation: Evaluation, summary: FeedbackSummary | None) -> bool:
    """The student may see (and ask for) their summary now."""
    if evaluation.status != "closed":
        return False
    if summary is None:  # nothing to hold back yet: under `auto` the student may ask for it
        return evaluation.summary_release != SummaryRelease.TEACHER_REVIEW
    # Not held back; under review also published, and not generated again since.
    return is_released(evaluation.summary_release, summary)


def ensure_own_or_staff(principal: Principal, student_id: int) -> None:
    """Staff pass; a student passes for their own id only, anyone else's is simply not found."""
    if not principal.is_staff and principal.user_id != student_id:
        raise NotFound()


def ensure_can_see_summary(
    principal: Principal,
    evaluation: Evaluation,
    student_id: int,
    summary: FeedbackSummary | None,
) -> None:
    """Raise unless `principal` may see (or request) `student_id`'s summary of `evaluation`."""
    ensure_own_or_staff(principal, student_id)
    if principal.is_staff:
        return
    if not released_to_student(evaluation, summary):
        raise Forbidden("summary_not_released")


def followed_summary(
    session: Session, principal: Principal, evaluation_id: int, student_id: int
) -> tuple[Evaluation, FeedbackSummary | None]:
    """The evaluation and the student's stored summary, for someone who may follow its state:
    the student themself (also before it is released: they then learn only that it is on its
    way) and the course's staff; the student takes part in the evaluation. Else 404."""
    evaluation = evaluation_in_charge(session, principal, evaluation_id)
    ensure_own_or_staff(principal, student_id)
    enrolments = EnrolmentRepository(session, principal.school_id)
    if student_id not in enrolments.participants(evaluation.course_id, [student_id]):
        raise NotFound()
    summaries = FeedbackSummaryRepository(session, principal.school_id)
    return evaluation, summaries.for_student(evaluation_id, student_id)


def authorised_summary(
    session: Session, principal: Principal, evaluation_id: int, student_id: int
) -> tuple[Evaluation, FeedbackSummary | None]:
    """The evaluation and the student's stored summary, once `principal` may see (or request)
    that summary: the student takes part in the evaluation, and the rules above allow it."""
    evaluation, stored = followed_summary(session, principal, evaluation_id, student_id)
    ensure_can_see_summary(principal, evaluation, student_id, stored)
    return evaluation, stored
