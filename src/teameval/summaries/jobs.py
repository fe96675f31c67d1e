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

import _thread
import logging
import os
import socket
import threading
import time
from contextvars import ContextVar

from rq import Retry
from rq.timeouts import JobTimeoutException
from sqlalchemy import Connection
from sqlalchemy.orm import Session, configure_mappers

from teameval.config import JOB_TIMEOUT_MARGIN_S, Settings, get_settings
from teameval.courses.repository import CourseRepository
from teameval.db import get_engine, session_factory
from teameval.models import SummaryGenerationJob, utcnow
from teameval.observability.metrics import batched_metrics, record_job_finished
from teameval.queue.worker import threads_leave_signals_to_main
from teameval.reviews.repository import ScoreRepository
from teameval.summaries import generation, status_cache
from teameval.summaries.enums import JobStatus
from teameval.summaries.generation import (
    PermanentLLMError,
    TransientLLMError,
    fallback_summary,
    generate_summary,
    snapshot_of,
)
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.schemas import summary_points
from teameval.summaries.snapshot import FeedbackInput, FeedbackSnapshot, GeneratedSummary
from teameval.summaries.summary_repository import FeedbackSummaryRepository, job_result

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


def backoff_s(settings: Settings, attempt: int) -> int:
    """Seconds before retry number `attempt`: the base setting doubled per attempt, capped."""
    base = settings.job_retry_backoff_s
    return int(min(MAX_BACKOFF_S, base * 2 ** (attempt - 1)))


class LeaseKeeper:
    """Renews the claim's lease in the background while the attempt runs (it may take minutes)."""

    def __init__(self, row_id: int, attempt: int, lease_s: float) -> None:
        self.row_id = row_id
        self.attempt = attempt
        self.lease_s = lease_s
        self._done = False
        self._renewing = threading.Lock()  # held while a renewal runs

    def __enter__(self) -> "LeaseKeeper":
        # A low-level thread: `Thread.start()` waits until the new thread has run, and `join()`
        # until it has seen the stop; on a busy machine each wait cost milliseconds per job (the
        # thread must be scheduled and take the GIL). This one needs neither handshake.
        # Nor does it take the alarm that ends the job at its timeout, or a stop signal.
        with threads_leave_signals_to_main():
            _thread.start_new_thread(self._run, ())
        return self

    def __exit__(self, *_exc: object) -> None:
        # The lock waits only for a renewal in flight; after it none starts. The thread is not
        # woken: it sees `_done` at its next tick and ends (a work-horse has exited by then).
        got = self._renewing.acquire(timeout=5)
        self._done = True
        if got:
            self._renewing.release()

    def _run(self) -> None:
        interval = max(0.5, self.lease_s / 3)
        while True:
            time.sleep(interval)
            with self._renewing:
                if self._done:
                    return
                try:
                    with session_factory()() as session:
                        owned = SummaryJobRepository.system(session).renew_lease(
                            self.row_id, self.attempt, self.lease_s
                        )
                        session.commit()
                except Exception:  # the database may be restarting: try again next tick
                    log.warning(
                        "could not renew the lease of job row %s", self.row_id, exc_info=True
                    )
                    continue
            if not owned:  # cancelled, or taken over: the final write will be refused anyway
                return


# The one database connection of the running attempt (see `generate`).
_connection: ContextVar[Connection | None] = ContextVar("teameval_job_connection", default=None)


def _session() -> Session:
    """A session for one step of the attempt, on the attempt's connection when there is one."""
    connection = _connection.get()
    if connection is None:
        return session_factory()()
    return Session(bind=connection, expire_on_commit=False)


def _claim(
    job_id: str, lease_s: float
) -> tuple[SummaryGenerationJob, tuple[FeedbackInput, str | None] | None] | None:
    """Claim the row for this attempt and read what the attempt needs, in one transaction.

    None when there is nothing to do; else the claimed row and, unless its evaluation or student
    left the job's school, the feedback input and the stored summary's hash.
    """
    with _session() as session:
        job = SummaryJobRepository.system(session).claim(job_id, worker_name(), lease_s)
        if job is None:
            session.rollback()
            return None
        # From here on the job acts in its own school's scope, as a request of that school would.
        loaded = _job_input(session, job.school_id, job.evaluation_id, job.student_id)
        session.commit()
    _refresh_status(job)
    return job, loaded


def _refresh_status(job: SummaryGenerationJob) -> None:
    """Write the job's status cache entry after a change was committed (polls then need no
    database); a failure only costs the next poll a database read."""
    try:
        with _session() as session:
            status_cache.refresh(session, [job])
    except Exception:
        log.warning("could not refresh the status of job %s", job.job_id, exc_info=True)


def _job_input(
    session: Session, school_id: int, evaluation_id: int, student_id: int, *, warm_up: bool = False
) -> tuple[FeedbackInput, str | None] | None:
    """The feedback input and the stored summary's hash, read in the job's school; None when
    the evaluation or the student is not (or no longer) in it. `warm_up`: run every query."""
    rows = FeedbackSummaryRepository(session, school_id).job_context(evaluation_id, student_id)
    if not rows and not warm_up:
        return None
    course_id = rows[0][0] if rows else 0
    frozen = rows[0][8] if rows else None  # a closed evaluation's roster, as it was at closing
    courses = CourseRepository(session, school_id)
    roster = courses.roster_names(course_id, also=[student_id], frozen=frozen)
    scores = ScoreRepository(session, school_id).submitted(evaluation_id, student_id)
    if not rows:
        return None
    _course, scale_min, scale_max, own_language, school_language, stored_hash = rows[0][:6]
    given = FeedbackInput(
        school_id=school_id,
        evaluation_id=evaluation_id,
        student_id=student_id,
        scale_min=scale_min,
        scale_max=scale_max,
        language=own_language or school_language,
        roster=tuple(roster),
        rows=scores,
        criteria=[(row[6], row[7]) for row in rows if row[6] is not None],
    )
    return given, stored_hash


def store_attempt(
    job: SummaryGenerationJob, snapshot: FeedbackSnapshot, summary: GeneratedSummary | None
) -> bool:
    """Complete the attempt (and write the summary unless it is already up to date), atomically;
    False when the attempt no longer owns the row (its write is refused)."""
    result = None
    with _session() as session:
        runs = SummaryJobRepository.system(session)
        summaries = FeedbackSummaryRepository(session, job.school_id)
        if summary is None:  # up to date: report the stored summary
            stored = summaries.for_student(job.evaluation_id, job.student_id)
            if stored is None:
                return False
            result = job_result(stored)
        else:
            result = {
                "summary_text": summary.summary_text,
                "generation_method": summary.generation_method,
                "feedback_count": snapshot.feedback_count,
                "points": [p.model_dump() for p in summary_points(summary.structured)],
            }
        # The job row first: its fenced UPDATE decides whether this attempt may write at all.
        if not runs.complete(job.id, job.attempts, snapshot.feedback_hash, result):
            session.rollback()
            return False
        if summary is not None:
            summaries.upsert(snapshot, summary, utcnow())
        session.commit()
    _refresh_status(job)
    record_job_finished(JobStatus.COMPLETED)
    return True


def release_attempt(job: SummaryGenerationJob) -> bool:
    """Give the attempt's row back to the queue for a retry; False when it lost the row."""
    with _session() as session:
        runs = SummaryJobRepository.system(session)
        released = runs.release_for_retry(job.id, job.attempts, RETRYING)
        session.commit()
    if released:
        _refresh_status(job)
    return released


def _fail(job: SummaryGenerationJob, message: str) -> None:
    with _session() as session:
        SummaryJobRepository.system(session).fail(job.id, job.attempts, message)
        session.commit()
    _refresh_status(job)
    record_job_finished(JobStatus.FAILED)


def llm_budget_s(settings: Settings, attempt_started: float) -> float:
    """How long this attempt may still wait for the LLM: the job timeout less the margin kept
    for storing the result, less what the attempt has spent already."""
    spent = time.monotonic() - attempt_started
    return max(1.0, settings.job_timeout_s - JOB_TIMEOUT_MARGIN_S - spent)


def _summarise(
    job: SummaryGenerationJob,
    snapshot: FeedbackSnapshot,
    settings: Settings,
    attempt_started: float,
) -> GeneratedSummary | Retry:
    """The summary of this attempt, or a Retry when the LLM failed and attempts remain.

    One deadline covers every LLM call of the attempt (the stricter retry included), and no
    path calls the LLM after it: not even the last attempt, once RQ's job timeout has fired.
    """
    last_llm_attempt = job.attempts >= job.max_attempts
    started = time.monotonic()
    budget_s = llm_budget_s(settings, attempt_started)
    try:
        return generate_summary(
            snapshot, settings, allow_fallback=last_llm_attempt, budget_s=budget_s
        )
    except (TransientLLMError, JobTimeoutException) as exc:
        log.warning("job %s attempt %s: LLM unavailable (%s)", job.job_id, job.attempts, exc)
        if last_llm_attempt:  # out of time (or generate_summary raised anyway): no more LLM
            return fallback_summary(snapshot)
        delay = backoff_s(settings, job.attempts)
        log.info(
            "job %s: retry in %s s (%.1f s spent)", job.job_id, delay, time.monotonic() - started
        )
        return Retry(max=job.max_attempts, interval=delay)
    except PermanentLLMError as exc:
        log.warning("job %s: the LLM cannot do this (%s); using the fallback", job.job_id, exc)
        return fallback_summary(snapshot)


def generate(job_id: str) -> str | Retry:
    """Produce the summary of one job: claim it, summarise its feedback, store the result."""
    # The job's metric increments (LLM call, tokens, outcome) go to Redis in one round trip, and
    # its steps share one database connection: a pool checkout per step cost a round trip each
    # on PostgreSQL (the pre-ping). The lease keeper's thread uses a pooled one of its own.
    with batched_metrics(), get_engine().connect() as connection:
        token = _connection.set(connection)
        try:
            # The work-horse's composition root: the settings are read once, here, per job.
            return _attempt(job_id, get_settings())
        finally:
            _connection.reset(token)


def _attempt(job_id: str, settings: Settings) -> str | Retry:
    attempt_started = time.monotonic()  # RQ's job timeout counts from about here
    claimed = _claim(job_id, settings.job_lease_s)
    if claimed is None:  # finished, cancelled, or another live worker holds it
        log.info("job %s: nothing to do", job_id)
        return "skipped"
    job, loaded = claimed
    if loaded is None:  # the evaluation or the student left the job's school
        _fail(job, INVALID)
        return "invalid"
    feedback, stored_hash = loaded

    with LeaseKeeper(job.id, job.attempts, settings.job_lease_s):
        snapshot = snapshot_of(feedback, settings)
        if not job.force and stored_hash == snapshot.feedback_hash:
            return "up_to_date" if store_attempt(job, snapshot, None) else "lost"
        if job.attempts > job.max_attempts:  # the previous attempt's worker died on its last try
            outcome: GeneratedSummary | Retry = fallback_summary(snapshot)
        else:
            outcome = _summarise(job, snapshot, settings, attempt_started)
        if isinstance(outcome, Retry):
            # Only re-schedule when this attempt still owns the row (not cancelled meanwhile).
            return outcome if release_attempt(job) else "lost"
        return outcome.generation_method if store_attempt(job, snapshot, outcome) else "lost"


def warm_up(settings: Settings) -> None:
    """Run each statement of a job once, on ids that match nothing, and roll back; then the
    text tools once on made-up feedback (`generation.warm_up`).

    A worker calls this before it forks work-horses: every horse then inherits the engine with
    its dialect initialised and these statements compiled, where each horse used to compile
    them all again for its one job (a third of a zero-latency job's time). Nothing is written.
    """
    generation.warm_up(settings)
    with session_factory()() as session:
        runs = SummaryJobRepository.system(session)
        runs.claim("", "warm-up", 1.0)
        _job_input(session, 0, 0, 0, warm_up=True)
        FeedbackSummaryRepository(session, 0).for_student(0, 0)
        runs.renew_lease(0, 0, 1.0)
        runs.complete(0, 0, "", {})
        runs.release_for_retry(0, 0, RETRYING)
        runs.fail(0, 0, INVALID)
        session.rollback()
