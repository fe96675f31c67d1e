"""The vocabularies of summaries, each written once.

A leaf module: it imports nothing of teameval, so the models (the partial unique index on
active jobs), the observability layer and every domain may use it. The values are what the
database stores and the API answers; they never change meaning.
"""

from enum import StrEnum


class JobStatus(StrEnum):
    """Where a summary job stands; the job row is the truth about it."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


# A job that still leads to a summary: at most one per (evaluation, student).
ACTIVE = frozenset({JobStatus.QUEUED, JobStatus.PROCESSING})
# A job that ended: nothing will change it any more.
FINAL = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})


class GenerationMethod(StrEnum):
    """How a stored summary was made."""

    AI = "ai"  # by the LLM
    FALLBACK = "fallback"  # without the LLM (extractive), shown with the badge "Basis"
    EMPTY = "empty"  # no feedback yet: a fixed sentence


class SummaryRelease(StrEnum):
    """When students see their summary (an evaluation's `summary_release`)."""

    AUTO = "auto"  # once the evaluation is closed
    TEACHER_REVIEW = "teacher_review"  # once a teacher published it


class SummaryState(StrEnum):
    """A summary's state as pages show it (and as the status API tells the page's script).

    One mapping from job status and stored summary to this state lives in
    summaries/presentation.py; templates and scripts only render it.
    """

    NONE = "none"  # nothing asked yet
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"  # failed or cancelled: the person may ask again
    AWAITING_REVIEW = "awaiting_review"  # made, but a teacher has not published it yet


class ReviewState(StrEnum):
    """A summary as the teacher controls it (under `auto`, published means the evaluation
    is closed and the summary not held back)."""

    MISSING = "missing"  # no summary yet
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    OUTDATED = "outdated"  # generated again after it was published
    HELD_BACK = "held_back"  # a teacher keeps it from the student (either release mode)


class PublishSkipReason(StrEnum):
    """Why "publish all" left a summary alone."""

    MISSING = "missing"
    EDIT_OUTDATED = "edit_outdated"
    CHANGED = "changed"
    HELD_BACK = "held_back"  # a teacher held it back: released one by one only
