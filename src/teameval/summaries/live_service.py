"""A student's summary as a page following it shows it (`LiveSummary`): the live stream's
events, and its JSON twin that a page polls when the stream is not available."""

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.i18n import translate
from teameval.summaries.access import followed_summary
from teameval.summaries.enums import JobStatus, SummaryRelease, SummaryState
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.presentation import shown_attempt, student_summary_state, summary_state
from teameval.summaries.release import student_text
from teameval.summaries.schemas import JobResult, LiveSummary, summary_points


class LiveSummaryService:
    """Reads one student's summary state for the student themself and the course's staff."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.jobs = SummaryJobRepository(session, principal.school_id)

    def current(self, evaluation_id: int, student_id: int) -> LiveSummary:
        """The state now, under the release rules: a student learns of an unpublished summary
        only that it awaits their teacher, and under teacher review follows no job (the
        status route would refuse it); staff see every state. Another's summary is 404."""
        evaluation, summary = followed_summary(
            self.session, self.principal, evaluation_id, student_id
        )
        job = self.jobs.latest(evaluation_id, student_id)
        student = self.principal.is_student
        if student:
            state = student_summary_state(evaluation, job, summary)
        else:
            state = summary_state(
                job.status if job else None, summary is not None, job.attempts if job else 0
            )
        live = LiveSummary(state=state)
        if state in (SummaryState.AWAITING_REVIEW, SummaryState.NONE):
            return live
        reviewed = evaluation.summary_release == SummaryRelease.TEACHER_REVIEW
        if job is not None and not (student and reviewed):
            live.job_id = job.job_id
            live.status = JobStatus(job.status)
            live.attempt = shown_attempt(job.status, job.attempts, job.max_attempts)
            live.max_attempts = job.max_attempts
            if state == SummaryState.FAILED and job.error_message:
                live.error_message = translate(job.error_message, self.principal.language)
        if state == SummaryState.COMPLETED and summary is not None:
            live.result = JobResult(
                summary_text=student_text(summary),
                generation_method=summary.generation_method,
                feedback_count=summary.feedback_count,
                points=summary_points(summary.structured),
            )
        return live
