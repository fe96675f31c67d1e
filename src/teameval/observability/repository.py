"""Operations queries across all schools: the operator's view of jobs and summaries.

Like the sign-in repository this one is deliberately unscoped: /metrics reports on the whole
installation and shows counts only, never a row of any school.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, SummaryGenerationJob


@dataclass(frozen=True)
class SummaryStats:
    """Stored summaries of one generation method and provider, with their LLM usage."""

    generation_method: str
    provider: str
    count: int
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class DurationHistogram:
    """Cumulative counts of AI summaries at or under each bucket bound, their sum and count."""

    bounds: Sequence[float]
    cumulative: Sequence[int]
    sum_s: float
    count: int


class OperationsRepository:
    """Counts for the metrics endpoint."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def job_counts_by_status(self) -> dict[str, int]:
        """How many summary jobs are in each status."""
        stmt = select(SummaryGenerationJob.status, func.count()).group_by(
            SummaryGenerationJob.status
        )
        return {status: int(n) for status, n in self.session.execute(stmt)}

    def oldest_queued_created_at(self) -> datetime | None:
        """When the longest-waiting queued job was requested."""
        return self.session.scalar(
            select(func.min(SummaryGenerationJob.created_at)).where(
                SummaryGenerationJob.status == "queued"
            )
        )

    def summary_stats(self) -> list[SummaryStats]:
        """Stored summaries per generation method and provider, with summed token counts."""
        stmt = select(
            FeedbackSummary.generation_method,
            func.coalesce(FeedbackSummary.provider, ""),
            func.count(),
            func.coalesce(func.sum(FeedbackSummary.prompt_tokens), 0),
            func.coalesce(func.sum(FeedbackSummary.completion_tokens), 0),
        ).group_by(FeedbackSummary.generation_method, FeedbackSummary.provider)
        return [
            SummaryStats(method, provider, int(n), int(prompt or 0), int(completion or 0))
            for method, provider, n, prompt, completion in self.session.execute(stmt)
        ]

    def ai_duration_histogram(self, bounds: Sequence[float]) -> DurationHistogram:
        """How long the stored AI summaries took to generate, bucketed by `bounds` (seconds)."""
        ms = FeedbackSummary.duration_ms
        columns = [func.sum(case((ms <= int(b * 1000), 1), else_=0)) for b in bounds]
        stmt = select(func.count(), func.coalesce(func.sum(ms), 0), *columns).where(
            FeedbackSummary.generation_method == "ai", ms.is_not(None)
        )
        row = self.session.execute(stmt).one()
        return DurationHistogram(
            bounds=bounds,
            cumulative=[int(v or 0) for v in row[2:]],
            sum_s=float(row[1] or 0) / 1000,
            count=int(row[0]),
        )
