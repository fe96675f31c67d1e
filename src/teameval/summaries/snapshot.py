"""The data a summary is made from and what it becomes: plain values, no queries, no rules.

Shared by the repositories (which read and write them) and the generation (which makes them),
so neither imports the other's module.
"""

from dataclasses import dataclass, field
from typing import Any

from teameval.llm.types import SummaryRequest
from teameval.reviews.repository import ScoreRow
from teameval.summaries.enums import GenerationMethod


@dataclass(frozen=True)
class FeedbackInput:
    """What a snapshot is made from, as read from the database (see `collect_feedback`)."""

    school_id: int
    evaluation_id: int
    student_id: int
    scale_min: int
    scale_max: int
    language: str | None  # the student's, else their school's
    roster: tuple[str, ...]
    rows: list[ScoreRow]
    criteria: list[tuple[int, str]]  # (id, name) in rubric order


@dataclass(frozen=True)
class FeedbackSnapshot:
    """Everything a summary of one student's feedback is made from, and its hash.

    `payload["request"]` is the anonymised SummaryRequest; `roster` holds the course's names,
    only to check answers against, never to be sent anywhere.
    """

    school_id: int
    evaluation_id: int
    student_id: int
    language: str
    feedback_count: int
    feedback_hash: str
    payload: dict[str, Any] = field(default_factory=dict)
    roster: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def request(self) -> SummaryRequest:
        """The anonymised feedback as the summarisers take it."""
        return SummaryRequest.from_payload(self.payload["request"])


@dataclass(frozen=True)
class GeneratedSummary:
    """A finished summary and how it was made."""

    summary_text: str
    generation_method: GenerationMethod
    structured: dict[str, Any] | None = None
    provider: str | None = None
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    duration_ms: int | None = None
    # A fallback made because the LLM was unavailable (its circuit breaker open, a refused
    # format, time out): stored as stale, so the next request for it asks the LLM again.
    retry_later: bool = False


# A summary stored with `retry_later` keeps this in front of its feedback hash: it then never
# equals a snapshot's hash, so "up to date" checks (a queue request, "generate all", the
# worker's own check) make a new one once the LLM is back. 12 + 52 characters fit the column.
RETRY_LATER_PREFIX = "retry-later:"


def stored_feedback_hash(feedback_hash: str, generated: GeneratedSummary) -> str:
    """The feedback hash a summary is stored with (see RETRY_LATER_PREFIX)."""
    if generated.retry_later:
        return RETRY_LATER_PREFIX + feedback_hash[: 64 - len(RETRY_LATER_PREFIX)]
    return feedback_hash
