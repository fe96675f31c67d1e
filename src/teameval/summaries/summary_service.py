"""The synchronous side of summaries: read (or make now) a student's summary, regenerate it,
and list the anonymous comments ("quotes") the student received.

The synchronous path never waits longer than TEAMEVAL_SYNC_BUDGET_S for the LLM. When the LLM
is slower than that, unavailable or answers unusably, the caller gets the extractive summary at
once and the LLM job is queued through the pipeline (SummaryJobService). That fallback is not
stored: the pipeline, which retries with backoff, is the one writer of fallback summaries when
an LLM is configured, so the queued job is not mistaken for up to date. Only when nothing could
be queued is the fallback stored, so the student keeps it.

Access (summaries/access.py): the student themself or staff; a student only after closing and,
for `teacher_review` evaluations, only the published summary, which this path then never
replaces (a new summary would need a new review).
"""

import hashlib
import logging
from datetime import datetime

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import get_settings
from teameval.courses.repository import CourseRepository, EnrolmentRepository
from teameval.errors import AppError, Forbidden, NotFound
from teameval.evaluations.repository import (
    AllocationRepository,
    CriterionRepository,
    EvaluationRepository,
)
from teameval.llm.text import shorten
from teameval.models import Evaluation, FeedbackSummary, utcnow
from teameval.privacy.anonymise import Anonymiser
from teameval.ratelimit import limit
from teameval.reviews.repository import ScoreRepository
from teameval.summaries.access import ensure_can_see_summary, ensure_own_or_staff
from teameval.summaries.generation import (
    FeedbackSnapshot,
    GeneratedSummary,
    collect_feedback,
    generate_summary,
    offline_summary,
)
from teameval.summaries.release import student_text
from teameval.summaries.repository import (
    FeedbackSummaryRepository,
    SummaryJobRepository,
    upsert_summary,
)
from teameval.summaries.schemas import QuoteList, QuoteRead, SummaryRead
from teameval.users.repository import UserRepository

log = logging.getLogger("teameval.summaries.summary_service")
QUOTE_CHARS = 300


def _unlinkable_order(text: str) -> bytes:
    """A sort key stable per text that hides the reviewers' order."""
    return hashlib.sha256(text.encode()).digest()


class SummaryContentService:
    """Summaries and quotes of the principal's school, read and made synchronously."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.evaluations = EvaluationRepository(session, principal.school_id)
        self.enrolments = EnrolmentRepository(session, principal.school_id)
        self.allocations = AllocationRepository(session, principal.school_id)
        self.summaries = FeedbackSummaryRepository(session, principal.school_id)
        self.jobs = SummaryJobRepository(session, principal.school_id)
        self.users = UserRepository(session, principal.school_id)
        self.courses = CourseRepository(session, principal.school_id)
        self.criteria = CriterionRepository(session, principal.school_id)
        self.scores = ScoreRepository(session, principal.school_id)

    # --- public ---------------------------------------------------------------------------

    def get_summary(self, evaluation_id: int, student_id: int) -> SummaryRead:
        """The stored summary when up to date (`cached`), else one made now within the budget."""
        evaluation, stored = self._authorised(evaluation_id, student_id)
        snapshot = collect_feedback(self.session, evaluation.school_id, evaluation_id, student_id)
        if stored is not None and (
            stored.feedback_hash == snapshot.feedback_hash or self._frozen_for_student(evaluation)
        ):
            return self._read_stored(stored, cached=True)
        limit(self.principal, "sync_summary")
        if self.jobs.active(evaluation_id, [student_id]):
            # A worker is on it: answer at once instead of asking the LLM a second time.
            return self._read_new(snapshot, offline_summary(snapshot))
        return self._generate(snapshot, force=False)

    def regenerate(self, evaluation_id: int, student_id: int) -> SummaryRead:
        """A new summary, whatever is stored (teachers; students within their rate limit)."""
        evaluation, _stored = self._authorised(evaluation_id, student_id)
        if self._frozen_for_student(evaluation):
            raise Forbidden("summary_regenerate_reviewed")
        limit(self.principal, "regenerate")
        snapshot = collect_feedback(self.session, evaluation.school_id, evaluation_id, student_id)
        return self._generate(snapshot, force=True)

    def quotes(self, evaluation_id: int, student_id: int) -> QuoteList:
        """The anonymised comments the student received, at most 300 characters each.

        Ordered by criterion, and within a criterion by a hash of the text, so the order says
        nothing about who wrote what (the reviewers' order would link quotes across criteria).
        """
        evaluation, _stored = self._authorised(evaluation_id, student_id)
        language = self.users.language_of(student_id) or get_settings().default_language
        names = self.courses.roster_names(
            evaluation.course_id, also=[student_id], frozen=evaluation.roster_names
        )
        anonymiser = Anonymiser(names, language)
        criteria = self.criteria.of_evaluation(evaluation_id)
        rows = self.scores.submitted(evaluation_id, student_id)
        quotes: list[QuoteRead] = []
        for criterion in criteria:
            texts = [
                anonymiser.comment(r.comment)
                for r in rows
                if not r.is_self and r.criterion_id == criterion.id and r.comment.strip()
            ]
            kept = sorted((t for t in texts if t), key=_unlinkable_order)
            quotes.extend(
                QuoteRead(
                    text=shorten(text, QUOTE_CHARS),
                    criterion_id=criterion.id,
                    criterion_name=anonymiser.text(criterion.name),
                )
                for text in kept
            )
        return QuoteList(quotes=quotes, count=len(quotes))

    # --- internals ------------------------------------------------------------------------

    def _authorised(
        self, evaluation_id: int, student_id: int
    ) -> tuple[Evaluation, FeedbackSummary | None]:
        """The evaluation and stored summary, once the principal may see this student's."""
        evaluation = self.evaluations.get_or_404(evaluation_id)
        ensure_own_or_staff(self.principal, student_id)
        if student_id not in self.enrolments.participants(evaluation.course_id, [student_id]):
            raise NotFound()
        stored = self.summaries.for_student(evaluation_id, student_id)
        ensure_can_see_summary(self.principal, evaluation, student_id, stored)
        return evaluation, stored

    def _frozen_for_student(self, evaluation: Evaluation) -> bool:
        """A student of a teacher_review evaluation sees the published summary, never a new one."""
        return self.principal.is_student and evaluation.summary_release == "teacher_review"

    def _generate(self, snapshot: FeedbackSnapshot, *, force: bool) -> SummaryRead:
        settings = get_settings()
        generated = generate_summary(snapshot, budget_s=settings.sync_budget_s)
        llm_wanted = settings.llm_provider != "extractive"
        fell_back = generated.generation_method == "fallback" and llm_wanted
        if fell_back and self._queue_llm_job(snapshot, force=force):
            return self._read_new(snapshot, generated)
        upsert_summary(self.session, snapshot, generated, utcnow())
        self.session.commit()
        stored = self.summaries.for_student(snapshot.evaluation_id, snapshot.student_id)
        assert stored is not None
        self.session.refresh(stored)
        return self._read_stored(stored, cached=False)

    def _queue_llm_job(self, snapshot: FeedbackSnapshot, *, force: bool) -> bool:
        """Hand the LLM summary to the pipeline; False when that was not possible."""
        from teameval.summaries.service import SummaryJobService  # the pipeline's service

        try:
            SummaryJobService(self.session, self.principal).queue(
                snapshot.evaluation_id, snapshot.student_id, force=force
            )
        except AppError:
            self.session.rollback()
            log.warning("could not queue the LLM summary job", exc_info=True)
            return False
        return True

    def _read_stored(self, stored: FeedbackSummary, *, cached: bool) -> SummaryRead:
        text = student_text(stored) if self.principal.is_student else stored.summary_text
        return SummaryRead(
            evaluation_id=stored.evaluation_id,
            student_id=stored.student_id,
            summary_text=text,
            generation_method=stored.generation_method,
            feedback_count=stored.feedback_count,
            cached=cached,
            generated_at=stored.generated_at,
        )

    def _read_new(self, snapshot: FeedbackSnapshot, generated: GeneratedSummary) -> SummaryRead:
        now: datetime = utcnow()
        return SummaryRead(
            evaluation_id=snapshot.evaluation_id,
            student_id=snapshot.student_id,
            summary_text=generated.summary_text,
            generation_method=generated.generation_method,
            feedback_count=snapshot.feedback_count,
            cached=False,
            generated_at=now,
        )
