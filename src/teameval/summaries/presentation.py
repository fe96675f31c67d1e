"""The state of a summary as people see it: computed here once, for every page and answer.

The pages' templates and scripts only render the state they are given (`SummaryState`); the
status API tells the page's script the same state beside the job's own status.
"""

from teameval.models import Evaluation, FeedbackSummary, SummaryGenerationJob
from teameval.summaries.enums import ACTIVE, JobStatus, SummaryRelease, SummaryState
from teameval.summaries.release import is_held_back, is_released


def summary_state(job_status: str | None, has_summary: bool, attempts: int = 0) -> SummaryState:
    """From the latest job's status and whether a summary is stored: a running job wins, then
    a stored summary (or a completed job) is completed; a failed or cancelled job without a
    summary shows as failed (ask again); nothing asked yet is none.

    A job queued again for a retry (`attempts` made already) is still being generated: a
    page never goes back from "Genereren..." to "In wachtrij" (it shows the attempt instead).
    """
    if job_status == JobStatus.QUEUED and attempts > 0:
        return SummaryState.PROCESSING
    if job_status in ACTIVE:
        return SummaryState(job_status)
    if has_summary or job_status == JobStatus.COMPLETED:
        return SummaryState.COMPLETED
    if job_status in (JobStatus.FAILED, JobStatus.CANCELLED):
        return SummaryState.FAILED
    return SummaryState.NONE


def student_summary_state(
    evaluation: Evaluation, job: SummaryGenerationJob | None, summary: FeedbackSummary | None
) -> SummaryState:
    """The state a student sees of their own summary, under the evaluation's release rules.

    Under teacher review the student learns only that a summary is on its way until a teacher
    published it (and that publication still holds); a summary a teacher holds back (either
    mode) reads the same until it is released again.
    """
    if is_held_back(summary):
        return SummaryState.AWAITING_REVIEW
    if evaluation.summary_release == SummaryRelease.TEACHER_REVIEW:
        if summary is not None and is_released(evaluation.summary_release, summary):
            return SummaryState.COMPLETED
        pending = summary is not None or job is not None
        return SummaryState.AWAITING_REVIEW if pending else SummaryState.NONE
    if job is None:
        return summary_state(None, summary is not None)
    return summary_state(job.status, summary is not None, job.attempts)


def job_state(status: str, has_result: bool, attempts: int = 0) -> SummaryState:
    """The state a page shows while it follows one job (the status API's `state`): a completed
    job whose result is withheld awaits the teacher's review."""
    if status == JobStatus.COMPLETED and not has_result:
        return SummaryState.AWAITING_REVIEW
    return summary_state(status, has_summary=False, attempts=attempts)


def shown_attempt(status: str, attempts: int, max_attempts: int) -> int | None:
    """The attempt an active job is on, or waits for when queued for a retry, when it is not
    the first ("poging 2 van 3"); None otherwise. An extra attempt after a worker died on the
    last one counts as the last."""
    if status not in ACTIVE:
        return None
    attempt = attempts + 1 if status == JobStatus.QUEUED else attempts
    return min(attempt, max_attempts) if attempt > 1 else None
