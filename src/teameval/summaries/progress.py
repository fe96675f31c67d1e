"""Summary progress of an evaluation, per student: what the "generate all" progress bar shows.

Counted per student with feedback, not per job: a class of 30 reads "12 of 30", however often
some summaries were asked for before. A student's state is the one every page shows
(summaries/presentation.py); "waiting" is the bar's word for none (nothing asked yet).
"""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.evaluations.repository import AllocationRepository
from teameval.evaluations.service import evaluation_in_charge
from teameval.summaries.enums import SummaryState
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.presentation import summary_state
from teameval.summaries.summary_repository import FeedbackSummaryRepository

# The bar's counters: every state a student's summary can be in, once all are released.
STATES = {
    SummaryState.NONE: "waiting",
    SummaryState.QUEUED: "queued",
    SummaryState.PROCESSING: "processing",
    SummaryState.COMPLETED: "completed",
    SummaryState.FAILED: "failed",
}


@dataclass(frozen=True)
class SummaryProgress:
    """How far the summaries of an evaluation are, counted per student."""

    total: int
    done: int
    percent: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> int:
        """Students whose summary is queued or being written."""
        return self.counts.get("queued", 0) + self.counts.get("processing", 0)


def summary_progress(session: Session, principal: Principal, evaluation_id: int) -> SummaryProgress:
    """The per-student progress of an evaluation's summaries (staff only)."""
    principal.require_staff()
    evaluation_in_charge(session, principal, evaluation_id)
    allocations = AllocationRepository(session, principal.school_id)
    students = allocations.reviewees_with_peer_feedback(evaluation_id)
    latest = SummaryJobRepository(session, principal.school_id).latest_statuses(evaluation_id)
    summaries = FeedbackSummaryRepository(session, principal.school_id)
    stored = summaries.students_with_summary(evaluation_id)
    counts = dict.fromkeys(STATES.values(), 0)
    for student_id in students:
        counts[STATES[summary_state(latest.get(student_id), student_id in stored)]] += 1
    total = len(students)
    done = counts["completed"] + counts["failed"]
    percent = round(100 * done / total) if total else 100
    return SummaryProgress(total=total, done=done, percent=percent, counts=counts)
