"""Feedback-summary requests and answers (jobs, summaries, quotes)."""

# --- Summary jobs (the asynchronous pipeline) ---------------------------------------------

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from teameval.summaries.enums import (
    GenerationMethod,
    JobStatus,
    PublishSkipReason,
    ReviewState,
    SummaryState,
)


class PointSource(BaseModel):
    """An anonymised comment a summary point rests on."""

    criterion: str
    text: str


class SummaryPoint(BaseModel):
    """A strength or improvement of a summary, with the comments it rests on."""

    kind: Literal["strength", "improvement"]
    text: str
    sources: list[PointSource]


class JobResult(BaseModel):
    """What a completed job produced; `points` lets a page show each point's sources live."""

    summary_text: str
    generation_method: GenerationMethod
    feedback_count: int
    points: list[SummaryPoint] = []


class JobBase(BaseModel):
    """The columns of a job row that its status shows (read, and kept by the status cache)."""

    job_id: str
    status: JobStatus
    evaluation_id: int
    student_id: int
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    attempts: int
    max_attempts: int


class JobRead(JobBase):
    """A summary job as its student and teachers follow it."""

    # What a page shows for this job (summaries/presentation.py); its script renders only this.
    state: SummaryState
    # The attempt a retried job is on (or waits for) and how many it gets, so a page says
    # "poging 2 van 3" instead of seeming to go back; None while on the first.
    attempt: int | None = None
    result: JobResult | None
    error_message: str | None


class LiveSummary(BaseModel):
    """A student's summary as a page following it shows it: an event of the live stream
    `GET /evaluation/{eid}/student/{sid}/events` (and its JSON twin `.../live`). The job's
    fields are there while the principal may follow the job, the text once they may read it."""

    state: SummaryState
    job_id: str | None = None
    status: JobStatus | None = None
    attempt: int | None = None
    max_attempts: int | None = None
    result: JobResult | None = None
    error_message: str | None = None


class BatchQueueRequest(BaseModel):
    """Which students to queue; omitted: every student who received submitted feedback."""

    student_ids: list[int] | None = Field(default=None, max_length=10_000)


class BatchQueueItem(BaseModel):
    """The job of one student in a batch."""

    student_id: int
    job_id: str
    status: JobStatus


class BatchQueueResult(BaseModel):
    """What a batch request did: new jobs, jobs already running, summaries already up to date."""

    evaluation_id: int
    total_students: int
    queued: int
    already_queued: int
    up_to_date: int
    results: list[BatchQueueItem]


class JobList(BaseModel):
    """One page of an evaluation's jobs, newest first, and the count per status."""

    evaluation_id: int
    total: int
    counts: dict[str, int]
    jobs: list[JobRead]


# --- Teacher control of summaries: review, edit, hold back (both release modes) -----------


class SummaryEdit(BaseModel):
    """A teacher's version of a summary; null or empty removes the edit."""

    text: str | None = Field(default=None, max_length=5000)


class SummaryReviewRead(BaseModel):
    """A summary as a reviewing teacher sees it.

    state: missing (no summary yet), unpublished, published, outdated (generated again since
    it was published: the student no longer sees it until it is published again), held_back
    (a teacher keeps it from the student, in either release mode, until it is published).
    """

    evaluation_id: int
    student_id: int
    student_name: str
    state: ReviewState
    summary_text: str | None = None
    edited_text: str | None = None
    # The teacher's edit was made for other feedback than the summary now rests on.
    edit_outdated: bool = False
    warning: str | None = None
    # What the student reads once it is published.
    text_for_student: str | None = None
    generation_method: str | None = None
    feedback_count: int | None = None
    generated_at: datetime | None = None
    published_at: datetime | None = None
    held_back_at: datetime | None = None


class ReviewList(BaseModel):
    """Every student's summary in an evaluation, for review (one course: not paginated)."""

    evaluation_id: int
    summary_release: str
    counts: dict[str, int]
    items: list[SummaryReviewRead]


class PublishSkip(BaseModel):
    """A summary "publish all" left alone, and why."""

    student_id: int
    reason: PublishSkipReason


class PublishAllResult(BaseModel):
    """What "publish all" did."""

    evaluation_id: int
    published: list[int]
    already_published: int
    skipped: list[PublishSkip]


# --- Summaries read synchronously, and quotes --------------------------------------------


class SummaryRead(BaseModel):
    """A student's summary: the stored one when up to date (`cached`), else made just now."""

    evaluation_id: int
    student_id: int
    summary_text: str
    generation_method: GenerationMethod
    feedback_count: int
    cached: bool
    generated_at: datetime | None


class QuoteRead(BaseModel):
    """One anonymised comment the student received, at most 300 characters; flagged when a
    sentence of it spoke to the model (left out of the prompt, llm/injection.py)."""

    text: str
    criterion_id: int
    criterion_name: str
    addressed_to_model: bool = False


class QuoteList(BaseModel):
    """The anonymised comments a student received, by criterion."""

    quotes: list[QuoteRead]
    count: int


def summary_points(structured: dict[str, Any] | None) -> list[SummaryPoint]:
    """The strengths and improvements of a stored summary, each with the anonymised comments
    it cites (llm/validation.py stores them); a point without a known source shows none."""
    if not structured:
        return []
    sources = structured.get("sources") or {}
    points = []
    for key, kind in (("strengths", "strength"), ("improvements", "improvement")):
        for item in structured.get(key) or []:
            if isinstance(item, str):  # stored before points had sources
                item = {"point": item, "sources": []}
            cited = [
                sources[k] for k in item.get("sources") or [] if isinstance(sources.get(k), dict)
            ]
            points.append(
                SummaryPoint(
                    kind=kind,
                    text=str(item.get("point") or ""),
                    sources=[PointSource(criterion=c["criterion"], text=c["text"]) for c in cited],
                )
            )
    return [p for p in points if p.text]
