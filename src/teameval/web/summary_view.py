"""What the summary section of a page shows, and which URLs its script follows and posts to."""

from dataclasses import dataclass, field

from teameval.results.schemas import MySummary
from teameval.summaries.schemas import QuoteRead, SummaryPoint

STATUS_URL = "/api/v1/feedback-summaries/jobs/{job_id}/status"
_STUDENT_URL = "/api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}"
QUEUE_URL = _STUDENT_URL + "/queue"
EVENTS_URL = _STUDENT_URL + "/events"  # the live stream (server-sent events)
LIVE_URL = _STUDENT_URL + "/live"  # the same state as JSON, polled when there is no stream


@dataclass(frozen=True)
class SummaryView:
    """The summary section: its current state, text, and the endpoints of its live updates."""

    state: str
    job_id: str
    text: str
    method: str
    status_url: str
    queue_url: str
    events_url: str
    live_url: str
    can_request: bool
    points: list[SummaryPoint] = field(default_factory=list)
    # Teachers only: comments with a sentence addressed to the model, left out of the prompt.
    flagged: list[QuoteRead] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        """A summary made without the LLM carries the badge "Basis"."""
        return self.method == "fallback"


def summary_view(
    evaluation_id: int,
    student_id: int,
    state: str,
    job_id: str | None,
    text: str | None,
    method: str | None,
    can_request: bool = True,
    points: list[SummaryPoint] | None = None,
    flagged: list[QuoteRead] | None = None,
) -> SummaryView:
    """The section for one student's summary, in the state summaries/presentation.py gave it
    (the section's script adds one of its own, "network": the status could not be fetched)."""
    return SummaryView(
        state=state,
        job_id=job_id or "",
        text=text or "",
        method=method or "",
        status_url=STATUS_URL,
        queue_url=QUEUE_URL.format(evaluation_id=evaluation_id, student_id=student_id),
        events_url=EVENTS_URL.format(evaluation_id=evaluation_id, student_id=student_id),
        live_url=LIVE_URL.format(evaluation_id=evaluation_id, student_id=student_id),
        can_request=can_request,
        points=points or [],
        flagged=flagged or [],
    )


def student_summary_view(evaluation_id: int, student_id: int, summary: MySummary) -> SummaryView:
    """The student's own section, as the release rules let them see it."""
    return summary_view(
        evaluation_id,
        student_id,
        summary.state,
        summary.job_id,
        summary.summary_text,
        summary.generation_method,
        # Under teacher review the student waits for the teacher; they cannot ask themselves.
        can_request=summary.state != "awaiting_review",
        points=summary.points,
    )
