"""Feedback-summary requests and answers (jobs, summaries, quotes)."""

# --- Summary jobs (the asynchronous pipeline) ---------------------------------------------

from datetime import datetime  # noqa: E402 - each section of this shared file imports its own
from typing import Literal  # noqa: E402

from pydantic import BaseModel, Field  # noqa: E402

JobStatus = Literal["queued", "processing", "completed", "failed", "cancelled"]


class JobResult(BaseModel):
    """What a completed job produced."""

    summary_text: str
    generation_method: Literal["ai", "fallback", "empty"]
    feedback_count: int


class JobRead(BaseModel):
    """A summary job as its student and teachers follow it."""

    job_id: str
    status: JobStatus
    evaluation_id: int
    student_id: int
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    attempts: int
    result: JobResult | None
    error_message: str | None


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


# --- Summaries read synchronously, and quotes --------------------------------------------


class SummaryRead(BaseModel):
    """A student's summary: the stored one when up to date (`cached`), else made just now."""

    evaluation_id: int
    student_id: int
    summary_text: str
    generation_method: Literal["ai", "fallback", "empty"]
    feedback_count: int
    cached: bool
    generated_at: datetime | None


class QuoteRead(BaseModel):
    """One anonymised comment the student received, at most 300 characters."""

    text: str
    criterion_id: int
    criterion_name: str


class QuoteList(BaseModel):
    """The anonymised comments a student received, by criterion."""

    quotes: list[QuoteRead]
    count: int
