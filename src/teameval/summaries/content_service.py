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
import time
from datetime import datetime

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.db import session_factory
from teameval.errors import AppError, Forbidden
from teameval.evaluations.repository import EvaluationRepository
from teameval.models import Evaluation, FeedbackSummary, utcnow
from teameval.ratelimit import limit
from teameval.summaries.access import authorised_summary
from teameval.summaries.enqueue import put_on_queue
from teameval.summaries.enums import GenerationMethod, JobStatus, SummaryRelease
from teameval.summaries.generation import (
    FeedbackSnapshot,
    GeneratedSummary,
    collect_feedback,
    fallback_summary,
    generate_summary,
)
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.release import student_text
from teameval.summaries.schemas import JobRead, SummaryRead
from teameval.summaries.summary_repository import FeedbackSummaryRepository

log = logging.getLogger("teameval.summaries.content_service")
# How often a request waiting for another attempt of the same job looks at the row.
_WAIT_POLL_S = 0.1


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
        """Make the summary now as one fenced attempt of the student's job, as a worker would.

        The student's active job (or a new one) is claimed by this request: concurrent requests
        for one student share that one job, so one LLM call, and the summary stored is the
        result of the attempt that owns the row, written with the job's result in one
        transaction. A request that finds the attempt running elsewhere (another request, a
        worker) waits for it within the budget.
        """
        from teameval.summaries.jobs import (  # the pipeline's attempt, run in this request
            LeaseKeeper,
            release_attempt,
            store_attempt,
            worker_name,
        )

        job = self._queue_llm_job(snapshot, force=force)
        # What follows waits on the LLM or on another attempt, for up to the budget: the
        # request's own connection goes back to the pool meanwhile (a request slot has one
        # connection; the waits below use short sessions of their own).
        self.session.commit()
        settings = self.settings
        if job is None:  # nothing could be queued: make it here, unfenced, so the student keeps it
            generated = generate_summary(snapshot, settings, budget_s=settings.sync_budget_s)
            return self._store_unfenced(snapshot, generated)
        with session_factory()() as own:
            runs = SummaryJobRepository.system(own)
            claimed = runs.claim(job.job_id, worker_name(), settings.job_lease_s)
            own.commit()
        if claimed is None:  # finished already, or another request or a worker runs it
            return self._wait_for(job.job_id, snapshot)
        with LeaseKeeper(claimed.id, claimed.attempts, settings.job_lease_s):
            generated = generate_summary(snapshot, settings, budget_s=settings.sync_budget_s)
            llm_wanted = settings.llm_provider != "extractive"
            if generated.generation_method == GenerationMethod.FALLBACK and llm_wanted:
                # The pipeline, which retries with backoff, makes the LLM summary.
                if release_attempt(claimed):
                    put_on_queue(self.session, settings, [claimed.job_id])
                return self._read_new(snapshot, generated)
            if not store_attempt(claimed, snapshot, generated):  # cancelled or taken over
                return self._read_new(snapshot, generated)
        return self._read_current(snapshot)

    def _wait_for(self, job_id: str, snapshot: FeedbackSnapshot) -> SummaryRead:
        """The summary of the attempt running elsewhere, once it is stored (within the budget);
        else the fallback at once, not stored (the running attempt stores its own)."""
        deadline = time.monotonic() + self.settings.sync_budget_s
        while True:
            with session_factory()() as own:
                job = SummaryJobRepository.system(own).by_job_id(job_id)
                status = job.status if job is not None else JobStatus.CANCELLED
            if status == JobStatus.COMPLETED:
                return self._read_current(snapshot)
            if status != JobStatus.PROCESSING or time.monotonic() >= deadline:
                return self._read_new(snapshot, fallback_summary(snapshot))
            time.sleep(_WAIT_POLL_S)

    def _read_current(self, snapshot: FeedbackSnapshot) -> SummaryRead:
        """The stored summary as it is now (written by the attempt that owned the job)."""
        self.session.expire_all()
        stored = self.summaries.for_student(snapshot.evaluation_id, snapshot.student_id)
        if stored is None:  # the attempt completed without a summary (it was up to date)
            return self._read_new(snapshot, fallback_summary(snapshot))
        return self._read_stored(stored, cached=False)

    def _store_unfenced(
        self, snapshot: FeedbackSnapshot, generated: GeneratedSummary
    ) -> SummaryRead:
        self.summaries.upsert(snapshot, generated, utcnow())
        self.session.commit()
        return self._read_current(snapshot)

    def _queue_llm_job(self, snapshot: FeedbackSnapshot, *, force: bool) -> JobRead | None:
        """The student's active job, or a new one; None when none could be queued."""
        from teameval.summaries.job_service import SummaryJobService  # the pipeline's service

        try:  # this use case's rate limit was applied by the caller
            return SummaryJobService(self.session, self.principal, self.settings).queue_unlimited(
                snapshot.evaluation_id, snapshot.student_id, force=force
            )
        except AppError:
            self.session.rollback()
            log.warning("could not queue the summary job", exc_info=True)
            return None

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
