"""The synchronous side of summaries: read (or make now) a student's summary, regenerate it.

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

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.errors import AppError, Forbidden
from teameval.evaluations.repository import EvaluationRepository
from teameval.models import Evaluation, FeedbackSummary, utcnow
from teameval.ratelimit import limit
from teameval.summaries.access import authorised_summary
from teameval.summaries.enums import GenerationMethod, SummaryRelease
from teameval.summaries.generation import (
    FeedbackSnapshot,
    GeneratedSummary,
    collect_feedback,
    fallback_summary,
    generate_summary,
)
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.release import student_text
from teameval.summaries.schemas import SummaryRead
from teameval.summaries.summary_repository import FeedbackSummaryRepository

log = logging.getLogger("teameval.summaries.content_service")


class SummaryContentService:
    """Summaries of the principal's school, read and made synchronously."""

    def __init__(self, session: Session, principal: Principal, settings: Settings) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.evaluations = EvaluationRepository(session, principal.school_id)
        self.summaries = FeedbackSummaryRepository(session, principal.school_id)
        self.jobs = SummaryJobRepository(session, principal.school_id)

    # --- public ---------------------------------------------------------------------------

    def get_summary(self, evaluation_id: int, student_id: int) -> SummaryRead:
        """The stored summary when up to date (`cached`), else one made now within the budget."""
        evaluation, stored = self._authorised(evaluation_id, student_id)
        snapshot = collect_feedback(
            self.session, self.settings, evaluation.school_id, evaluation_id, student_id
        )
        if stored is not None and (
            stored.feedback_hash == snapshot.feedback_hash or self._frozen_for_student(evaluation)
        ):
            return self._read_stored(stored, cached=True)
        limit(self.settings, self.principal, "sync_summary")
        if self.jobs.active(evaluation_id, [student_id]):
            # A worker is on it: answer at once instead of asking the LLM a second time.
            return self._read_new(snapshot, fallback_summary(snapshot))
        return self._generate(snapshot, force=False)

    def regenerate(self, evaluation_id: int, student_id: int) -> SummaryRead:
        """A new summary, whatever is stored (teachers; students within their rate limit)."""
        evaluation, _stored = self._authorised(evaluation_id, student_id)
        if self._frozen_for_student(evaluation):
            raise Forbidden("summary_regenerate_reviewed")
        limit(self.settings, self.principal, "regenerate")
        snapshot = collect_feedback(
            self.session, self.settings, evaluation.school_id, evaluation_id, student_id
        )
        return self._generate(snapshot, force=True)

    # --- internals ------------------------------------------------------------------------

    def _authorised(
        self, evaluation_id: int, student_id: int
    ) -> tuple[Evaluation, FeedbackSummary | None]:
        return authorised_summary(self.session, self.principal, evaluation_id, student_id)

    def _frozen_for_student(self, evaluation: Evaluation) -> bool:
        """A student of a teacher_review evaluation sees the published summary, never a new one."""
        return (
            self.principal.is_student
            and evaluation.summary_release == SummaryRelease.TEACHER_REVIEW
        )

    def _generate(self, snapshot: FeedbackSnapshot, *, force: bool) -> SummaryRead:
        settings = self.settings
        generated = generate_summary(snapshot, settings, budget_s=settings.sync_budget_s)
        llm_wanted = settings.llm_provider != "extractive"
        fell_back = generated.generation_method == GenerationMethod.FALLBACK and llm_wanted
        if fell_back and self._queue_llm_job(snapshot, force=force):
            return self._read_new(snapshot, generated)
        self.summaries.upsert(snapshot, generated, utcnow())
        self.session.commit()
        stored = self.summaries.for_student(snapshot.evaluation_id, snapshot.student_id)
        assert stored is not None
        self.session.refresh(stored)
        return self._read_stored(stored, cached=False)

    def _queue_llm_job(self, snapshot: FeedbackSnapshot, *, force: bool) -> bool:
        """Hand the LLM summary to the pipeline; False when that was not possible."""
        from teameval.summaries.job_service import SummaryJobService  # the pipeline's service

        try:  # this use case's rate limit was applied by the caller
            SummaryJobService(self.session, self.principal, self.settings).queue_unlimited(
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
