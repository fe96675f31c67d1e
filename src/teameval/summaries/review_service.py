"""Teacher control of summaries: read, edit, hold back, publish (release), in both release modes.

Under `summary_release = "teacher_review"` a summary reaches the student once a teacher
published it; under `auto` once the evaluation is closed. In both modes the teacher may edit
the text and hold a summary back (the student then sees none) and release it again.

An edit is kept while the feedback it was made for is the feedback the summary rests on (the
hashes match); when a new summary was generated from changed feedback the edit is kept but no
longer used, and the teacher is warned to look again. Students see a summary only after it is
published, and a summary generated again after publication needs a new publication (the rules
are in `summaries/release.py` and `summaries/access.py`).
"""

from collections.abc import Sequence

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import Conflict, Forbidden, Invalid, NotFound
from teameval.evaluations.repository import AllocationRepository, EvaluationRepository
from teameval.evaluations.service import evaluation_in_charge
from teameval.i18n import translate
from teameval.models import Evaluation, FeedbackSummary, utcnow
from teameval.summaries.enums import PublishSkipReason, ReviewState, SummaryRelease
from teameval.summaries.release import edit_is_current, is_held_back, student_text
from teameval.summaries.schemas import (
    PublishAllResult,
    PublishSkip,
    ReviewList,
    SummaryEdit,
    SummaryReviewRead,
)
from teameval.summaries.summary_repository import FeedbackSummaryRepository
from teameval.users.repository import UserRepository


def review_state(evaluation: Evaluation, summary: FeedbackSummary | None) -> ReviewState:
    """missing, held_back, unpublished, published, or outdated (generated again after
    publication). Under `auto` a summary is published by closing the evaluation."""
    if summary is None:
        return ReviewState.MISSING
    if is_held_back(summary):
        return ReviewState.HELD_BACK
    if evaluation.summary_release != SummaryRelease.TEACHER_REVIEW:
        return ReviewState.PUBLISHED if evaluation.status == "closed" else ReviewState.UNPUBLISHED
    if summary.published_at is None:
        return ReviewState.UNPUBLISHED
    if summary.published_at >= summary.generated_at:
        return ReviewState.PUBLISHED
    return ReviewState.OUTDATED


def edit_outdated(summary: FeedbackSummary) -> bool:
    """The teacher edited, but for other feedback than the summary now rests on."""
    return summary.edited_text is not None and not edit_is_current(summary)


class SummaryReviewService:
    """Teachers and admins reviewing the summaries of their school's evaluations."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        school_id = principal.school_id
        self.evaluations = EvaluationRepository(session, school_id)
        self.allocations = AllocationRepository(session, school_id)
        self.people = UserRepository(session, school_id)
        self.summaries = FeedbackSummaryRepository(session, school_id)

    def list_for_review(self, evaluation_id: int) -> ReviewList:
        """Every reviewed student's summary in the evaluation, with its review state."""
        evaluation = self._evaluation(evaluation_id)
        students = self._students(evaluation)
        summaries = self.summaries.for_students(evaluation.id, students)
        names = self._names(students)
        items = [
            self._read(evaluation, sid, summaries.get(sid), names.get(sid, "")) for sid in students
        ]
        items.sort(key=lambda i: (i.student_name.lower(), i.student_id))
        counts: dict[str, int] = {}
        for item in items:
            counts[item.state] = counts.get(item.state, 0) + 1
        return ReviewList(
            evaluation_id=evaluation.id,
            summary_release=evaluation.summary_release,
            counts=counts,
            items=items,
        )

    def get_for_review(self, evaluation_id: int, student_id: int) -> SummaryReviewRead:
        """One student's summary with its review state."""
        evaluation = self._evaluation(evaluation_id)
        self._require_student(evaluation, student_id)
        summary = self.summaries.for_student(evaluation.id, student_id)
        return self._read(evaluation, student_id, summary)

    def edit(self, evaluation_id: int, student_id: int, data: SummaryEdit) -> SummaryReviewRead:
        """Save the teacher's version of the summary (empty: remove it), in either mode."""
        evaluation = self._evaluation(evaluation_id)
        self._require_student(evaluation, student_id)
        summary = self._summary(evaluation, student_id)
        text = (data.text or "").strip()
        if text:
            summary.edited_text = text
            # The edit belongs to the feedback the teacher read it with.
            summary.edited_feedback_hash = summary.feedback_hash
            summary.edited_by_id = self.principal.user_id
        else:
            summary.edited_text = summary.edited_feedback_hash = summary.edited_by_id = None
        self.session.commit()
        return self._read(evaluation, student_id, summary)

    def hold_back(self, evaluation_id: int, student_id: int) -> SummaryReviewRead:
        """Keep one student's summary from them until a teacher releases it (either mode)."""
        evaluation = self._evaluation(evaluation_id)
        self._require_student(evaluation, student_id)
        summary = self._summary(evaluation, student_id)
        if summary.held_back_at is None:
            summary.held_back_at = utcnow()
            self.session.commit()
        return self._read(evaluation, student_id, summary)

    def publish(self, evaluation_id: int, student_id: int) -> SummaryReviewRead:
        """Release one student's summary to them: publish it (teacher_review), or end its hold
        (auto; the student sees it once the evaluation is closed). Under teacher_review before
        closing only a hold can end: the summary is published after closing."""
        evaluation = self._evaluation(evaluation_id)
        self._require_student(evaluation, student_id)
        summary = self._summary(evaluation, student_id)
        reviewed = evaluation.summary_release == SummaryRelease.TEACHER_REVIEW
        if not reviewed or (evaluation.status != "closed" and is_held_back(summary)):
            return self._release_hold(evaluation, student_id, summary)
        if evaluation.status != "closed":
            raise Invalid("publish_needs_closed")
        if edit_outdated(summary):
            raise Conflict("summary_edit_outdated")
        if review_state(evaluation, summary) != ReviewState.PUBLISHED:
            if not self.summaries.publish(summary, max(utcnow(), summary.generated_at)):
                self.session.rollback()
                raise Conflict("summary_changed")
            self.session.commit()
            self.session.refresh(summary)
        return self._read(evaluation, student_id, summary)

    def publish_all(self, evaluation_id: int) -> PublishAllResult:
        """Release every summary that is ready; those that need a look are listed, not published."""
        evaluation = self._reviewed_evaluation(evaluation_id)
        if evaluation.status != "closed":
            raise Invalid("publish_needs_closed")
        students = self._students(evaluation)
        summaries = self.summaries.for_students(evaluation.id, students)
        published: list[int] = []
        skipped: list[PublishSkip] = []
        already = 0
        now = utcnow()
        for sid in sorted(students):
            summary = summaries.get(sid)
            if summary is None:
                skipped.append(PublishSkip(student_id=sid, reason=PublishSkipReason.MISSING))
            elif edit_outdated(summary):
                skipped.append(PublishSkip(student_id=sid, reason=PublishSkipReason.EDIT_OUTDATED))
            elif is_held_back(summary):  # a teacher's decision: released one by one only
                skipped.append(PublishSkip(student_id=sid, reason=PublishSkipReason.HELD_BACK))
            elif review_state(evaluation, summary) == ReviewState.PUBLISHED:
                already += 1
            elif self.summaries.publish(summary, max(now, summary.generated_at)):
                published.append(sid)
            else:
                skipped.append(PublishSkip(student_id=sid, reason=PublishSkipReason.CHANGED))
        self.session.commit()
        return PublishAllResult(
            evaluation_id=evaluation.id,
            published=published,
            already_published=already,
            skipped=skipped,
        )

    # -- internals -------------------------------------------------------------------------

    def _release_hold(
        self, evaluation: Evaluation, student_id: int, summary: FeedbackSummary
    ) -> SummaryReviewRead:
        """End the hold (no publication); an edit made for other feedback needs a look first."""
        if summary.held_back_at is not None:
            if edit_outdated(summary):
                raise Conflict("summary_edit_outdated")
            summary.held_back_at = None
            self.session.commit()
        return self._read(evaluation, student_id, summary)

    def _evaluation(self, evaluation_id: int) -> Evaluation:
        if not self.principal.is_staff:
            raise Forbidden()
        return evaluation_in_charge(self.session, self.principal, evaluation_id)

    def _reviewed_evaluation(self, evaluation_id: int) -> Evaluation:
        evaluation = self._evaluation(evaluation_id)
        if evaluation.summary_release != SummaryRelease.TEACHER_REVIEW:
            raise Invalid("summary_release_not_review")
        return evaluation

    def _students(self, evaluation: Evaluation) -> list[int]:
        """The students reviewed in the evaluation."""
        return sorted({a.reviewee_id for a in self.allocations.of_evaluation(evaluation.id)})

    def _require_student(self, evaluation: Evaluation, student_id: int) -> None:
        if not self.allocations.received_by(evaluation.id, student_id):
            raise NotFound()

    def _summary(self, evaluation: Evaluation, student_id: int) -> FeedbackSummary:
        summary = self.summaries.for_student(evaluation.id, student_id)
        if summary is None:
            raise Invalid("summary_not_generated")
        return summary

    def _read(
        self,
        evaluation: Evaluation,
        student_id: int,
        summary: FeedbackSummary | None,
        name: str | None = None,
    ) -> SummaryReviewRead:
        if name is None:
            name = self._names([student_id]).get(student_id, "")
        base = SummaryReviewRead(
            evaluation_id=evaluation.id,
            student_id=student_id,
            student_name=name,
            state=review_state(evaluation, summary),
        )
        if summary is None:
            return base
        outdated = edit_outdated(summary)
        return base.model_copy(
            update={
                "summary_text": summary.summary_text,
                "edited_text": summary.edited_text,
                "edit_outdated": outdated,
                "warning": (
                    translate("summary_edit_outdated_warning", self.principal.language)
                    if outdated
                    else None
                ),
                "text_for_student": student_text(summary),
                "generation_method": summary.generation_method,
                "feedback_count": summary.feedback_count,
                "generated_at": summary.generated_at,
                "published_at": summary.published_at,
                "held_back_at": summary.held_back_at,
            }
        )

    def _names(self, ids: Sequence[int]) -> dict[int, str]:
        return {uid: u.name for uid, u in self.people.by_ids(ids).items()}
