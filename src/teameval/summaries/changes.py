"""Who changed which student's summary state: revision counters and change messages.

What a status poll or a live page shows of one student's summary in one evaluation depends on
their job rows, their stored summary and the evaluation's release. Every write of those bumps,
after its commit, the revision of that (evaluation, student), or of the whole evaluation, and
publishes the change on one Redis channel (queue/after_commit.py). The status cache
(summaries/status_cache.py) trusts an entry only under the revisions it was read under; the
live streams (summaries/live.py) re-read the state of the students whose change they hear of.

The writes are found in two ways, so a new writer cannot forget: the repositories' bulk UPDATEs
report the rows they touched (`summary_changed`), and any job or summary changed through the
ORM (a new row, an edited attribute) is noticed at flush.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from teameval.models import FeedbackSummary, SummaryGenerationJob
from teameval.queue.after_commit import bump_after_commit

CHANNEL = "teameval:summary-changes"
_PREFIX = "teameval:summary-rev"


def summary_revision_key(evaluation_id: int, student_id: int) -> str:
    """The revision counter of one student's summary state in one evaluation."""
    return f"{_PREFIX}:{evaluation_id}:{student_id}"


def evaluation_revision_key(evaluation_id: int) -> str:
    """The revision counter of every summary state of an evaluation (it closed)."""
    return f"{_PREFIX}:{evaluation_id}"


def summary_changed(session: Session, evaluation_id: int, student_id: int) -> None:
    """After the commit: the student's summary state changed (revision bumped, page told)."""
    bump_after_commit(
        session,
        summary_revision_key(evaluation_id, student_id),
        CHANNEL,
        f"{evaluation_id}:{student_id}",
    )


def evaluation_changed(session: Session, evaluation_id: int) -> None:
    """After the commit: every summary state of the evaluation changed (it closed)."""
    bump_after_commit(
        session, evaluation_revision_key(evaluation_id), CHANNEL, f"{evaluation_id}:*"
    )


def parse_message(message: str) -> tuple[int, int | None]:
    """(evaluation id, student id or None for the whole evaluation) of a change message."""
    evaluation, _, student = message.partition(":")
    return int(evaluation), None if student == "*" else int(student)


@event.listens_for(Session, "before_flush")
def _notice_orm_writes(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, SummaryGenerationJob | FeedbackSummary) and obj.evaluation_id:
            summary_changed(session, obj.evaluation_id, obj.student_id)
