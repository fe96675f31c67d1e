"""The RQ job `summaries.generate`: a job id in, its own session, one fenced attempt.

Safe to run twice or at the same time: the claim is one conditional UPDATE that bumps the
attempt, and every later write is conditional on that attempt still owning the row, so a worker
presumed dead (its lease expired and another took over) can never write. The summary itself is
an upsert on (evaluation, student).

Attempts 1..max_attempts ask the LLM; a transient failure is retried with backoff through RQ's
scheduler, and the last of them falls back to the summary built without the LLM. Attempt
max_attempts + 1 only exists when the previous attempt's worker died: it makes the fallback
summary directly. If that one dies too, the reconciler ends the job as failed.
"""

import logging
import os
import socket
import threading
import time

from rq import Retry
from rq.timeouts import JobTimeoutException
from sqlalchemy.orm import configure_mappers

from teameval.config import get_settings
from teameval.db import session_factory
from teameval.llm.factory import get_summarizer
from teameval.models import Evaluation, SummaryGenerationJob, User, utcnow
from teameval.observability.metrics import record_job_finished
from teameval.summaries.generation import (
    FeedbackSnapshot,
    GeneratedSummary,
    PermanentLLMError,
    TransientLLMError,
    collect_feedback,
    generate_summary,
)
from teameval.summaries.repository import (
    FeedbackSummaryRepository,
    JobRunRepository,
    upsert_summary,
)

log = logging.getLogger("teameval.summaries.jobs")

# The worker imports this module before it forks a work-horse per job; configured here, the ORM
# mappers are not configured again in every horse (a tenth of a zero-latency job's time).
configure_mappers()

# Catalogue keys stored in `error_message` (translated when shown).
RETRYING = "summary_job_retrying"
INVALID = "summary_job_invalid"
MAX_BACKOFF_S = 60.0


def worker_name() -> str:
    """Who runs this attempt: host, RQ worker and process, for the queue page and the logs."""
    rq_worker = os.environ.get("RQ_WORKER_ID", "direct")
    return f"{socket.gethostname()}/{rq_worker}/{os.getpid()}"


def backoff_s(attempt: int) -> int:
    """Seconds before retry number `attempt`: the base setting doubled per attempt, capped."""
    base = get_settings().job_retry_backoff_s
    return int(min(MAX_BACKOFF_S, base * 2 ** (attempt - 1)))


class LeaseKeeper:
    """Renews the claim's lease in the background while the attempt runs (it may take minutes)."""

    def __init__(self, row_id: int, attempt: int, lease_s: float) -> None:
        self.row_id = row_id
        self.attempt = attempt
        self.lease_s = lease_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    def __enter__(self) -> "LeaseKeeper":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        interval = max(0.5, self.lease_s / 3)
        while not self._stop.wait(interval):
            try:
                with session_factory()() as session:
                    owned = JobRunRepository(session).renew_lease(
                        self.row_id, self.attempt, self.lease_s
                    )
                    session.commit()
            except Exception:  # the database may be restarting: try again next tick
                log.warning("could not renew the lease of job row %s", self.row_id, exc_info=True)
                continue
            if not owned:  # cancelled, or taken over: the final write will be refused anyway
                return


def _school_matches(job: SummaryGenerationJob) -> bool:
    """The evaluation and the student still belong to the job's school."""
    with session_factory()() as session:
        evaluation = session.get(Evaluation, job.evaluation_id)
        student = session.get(User, job.student_id)
        return (
            evaluation is not None
            and student is not None
            and evaluation.school_id == job.school_id
            and student.school_id == job.school_id
        )


def _snapshot_and_stored_hash(job: SummaryGenerationJob) -> tuple[FeedbackSnapshot, str | None]:
    with session_factory()() as session:
        snapshot = collect_feedback(session, job.school_id, job.evaluation_id, job.student_id)
        stored = FeedbackSummaryRepository(session, job.school_id).for_student(
            job.evaluation_id, job.student_id
        )
        return snapshot, (stored.feedback_hash if stored else None)


def _store(
    job: SummaryGenerationJob, snapshot: FeedbackSnapshot, summary: GeneratedSummary | None
) -> bool:
    """Complete the attempt (and write the summary unless it is already up to date), atomically."""
    result = None
    with session_factory()() as session:
        runs = JobRunRepository(session)
        if summary is None:  # up to date: report the stored summary
            stored = FeedbackSummaryRepository(session, job.school_id).for_student(
                job.evaluation_id, job.student_id
            )
            if stored is None:
                return False
            result = {
                "summary_text": stored.summary_text,
                "generation_method": stored.generation_method,
                "feedback_count": stored.feedback_count,
            }
        else:
            result = {
                "summary_text": summary.summary_text,
                "generation_method": summary.generation_method,
                "feedback_count": snapshot.feedback_count,
            }
        # The job row first: its fenced UPDATE decides whether this attempt may write at all.
        if not runs.complete(job.id, job.attempts, snapshot.feedback_hash, result):
            session.rollback()
            return False
        if summary is not None:
            upsert_summary(session, snapshot, summary, utcnow())
        session.commit()
    record_job_finished("completed")
    return True


def _release_for_retry(job: SummaryGenerationJob) -> bool:
    with session_factory()() as session:
        released = JobRunRepository(session).release_for_retry(job.id, job.attempts, RETRYING)
        session.commit()
        return released


def _fail(job: SummaryGenerationJob, message: str) -> None:
    with session_factory()() as session:
        JobRunRepository(session).fail(job.id, job.attempts, message)
        session.commit()
    record_job_finished("failed")


def fallback(snapshot: FeedbackSnapshot) -> GeneratedSummary:
    """The summary built without the LLM (marked `fallback`), without asking the LLM first."""
    return generate_summary(snapshot, summarizer=get_summarizer(provider="extractive"))


def _summarise(job: SummaryGenerationJob, snapshot: FeedbackSnapshot) -> GeneratedSummary | Retry:
    """The summary of this attempt, or a Retry when the LLM failed and attempts remain."""
    last_llm_attempt = job.attempts >= job.max_attempts
    started = time.monotonic()
    try:
        return generate_summary(snapshot, allow_fallback=last_llm_attempt)
    except (TransientLLMError, JobTimeoutException) as exc:
        log.warning("job %s attempt %s: LLM unavailable (%s)", job.job_id, job.attempts, exc)
        if last_llm_attempt:  # generate_summary should have fallen back; make sure of it
            return generate_summary(snapshot, allow_fallback=True)
        delay = backoff_s(job.attempts)
        log.info(
            "job %s: retry in %s s (%.1f s spent)", job.job_id, delay, time.monotonic() - started
        )
        return Retry(max=job.max_attempts, interval=delay)
    except PermanentLLMError as exc:
        log.warning("job %s: the LLM cannot do this (%s); using the fallback", job.job_id, exc)
        return fallback(snapshot)


def generate(job_id: str) -> str | Retry:
    """Produce the summary of one job: claim it, summarise its feedback, store the result."""
    settings = get_settings()
    with session_factory()() as session:
        job = JobRunRepository(session).claim(job_id, worker_name(), settings.job_lease_s)
        session.commit()
    if job is None:  # finished, cancelled, or another live worker holds it
        log.info("job %s: nothing to do", job_id)
        return "skipped"
    if not _school_matches(job):
        _fail(job, INVALID)
        return "invalid"

    with LeaseKeeper(job.id, job.attempts, settings.job_lease_s):
        snapshot, stored_hash = _snapshot_and_stored_hash(job)
        if not job.force and stored_hash == snapshot.feedback_hash:
            return "up_to_date" if _store(job, snapshot, None) else "lost"
        if job.attempts > job.max_attempts:  # the previous attempt's worker died on its last try
            outcome: GeneratedSummary | Retry = fallback(snapshot)
        else:
            outcome = _summarise(job, snapshot)
        if isinstance(outcome, Retry):
            # Only re-schedule when this attempt still owns the row (not cancelled meanwhile).
            return outcome if _release_for_retry(job) else "lost"
        return outcome.generation_method if _store(job, snapshot, outcome) else "lost"
