"""A job as the principal sees it (`JobRead`), built the same way from a row or a cache entry.

The status poll answers from the database or from the status cache (summaries/status_cache.py);
both hand this module the job's own columns (`JobFacts`) and the text a student may read, so
both answers are the same JSON by construction.
"""

from typing import Any

from pydantic import ConfigDict

from teameval.auth.principal import Principal
from teameval.i18n import translate
from teameval.models import FeedbackSummary, SummaryGenerationJob
from teameval.summaries.presentation import job_state, shown_attempt
from teameval.summaries.release import student_text
from teameval.summaries.schemas import JobBase, JobRead, JobResult


class JobFacts(JobBase):
    """A job row as its status is built from it (and the cache keeps it): the shown columns
    with the raw result, the untranslated message and the feedback it was made from."""

    model_config = ConfigDict(from_attributes=True)

    result: dict[str, Any] | None
    error_message: str | None  # a catalogue key, translated when shown
    feedback_hash: str | None


def released_text(job: SummaryGenerationJob, summary: FeedbackSummary | None) -> str | None:
    """The text a student reads for this job's result: the stored summary as released (a
    teacher's current edit, if any), when it is the summary this job made; else None."""
    if summary is None or summary.feedback_hash != job.feedback_hash:
        return None
    return student_text(summary)


def job_read(facts: JobFacts, principal: Principal, text_for_student: str | None) -> JobRead:
    """The job as shown to `principal`: messages translated, a student's text as released.

    `text_for_student` is `released_text` of the job and the student's stored summary.
    """
    result = JobResult.model_validate(facts.result) if facts.result else None
    if result is not None and principal.is_student and text_for_student is not None:
        result.summary_text = text_for_student
    message = facts.error_message
    return JobRead(
        job_id=facts.job_id,
        status=facts.status,
        state=job_state(facts.status, result is not None, facts.attempts),
        evaluation_id=facts.evaluation_id,
        student_id=facts.student_id,
        created_at=facts.created_at,
        started_at=facts.started_at,
        completed_at=facts.completed_at,
        attempts=facts.attempts,
        attempt=shown_attempt(facts.status, facts.attempts, facts.max_attempts),
        max_attempts=facts.max_attempts,
        result=result,
        error_message=translate(message, principal.language) if message else None,
    )
