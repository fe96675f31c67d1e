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
