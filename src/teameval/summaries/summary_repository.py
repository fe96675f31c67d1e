"""The one repository of stored summaries (`feedback_summary`): one row per (evaluation, student).

Requests use it on the principal's school, the worker on the job's school, /metrics across
every school (`FeedbackSummaryRepository.system`, counts only).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from teameval.models import Criterion, Evaluation, FeedbackSummary, School, User
from teameval.repository import ScopedRepository
from teameval.summaries.changes import summary_changed
from teameval.summaries.enums import GenerationMethod
from teameval.summaries.schemas import summary_points
from teameval.summaries.snapshot import (
    FeedbackSnapshot,
    GeneratedSummary,
    stored_feedback_hash,
)


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


def job_result(stored: FeedbackSummary) -> dict[str, Any]:
    """A job row's `result` that reports this stored summary."""
    return {
        "summary_text": stored.summary_text,
        "generation_method": stored.generation_method,
        "feedback_count": stored.feedback_count,
        "points": [p.model_dump() for p in summary_points(stored.structured)],
    }


class FeedbackSummaryRepository(ScopedRepository[FeedbackSummary]):
    """Stored summaries: read, upserted by generation, published by a teacher, counted."""

    model = FeedbackSummary

    def for_students(
        self, evaluation_id: int, student_ids: Iterable[int]
    ) -> dict[int, FeedbackSummary]:
        """The stored summary of each of these students, by student id."""
        wanted = set(student_ids)
        if not wanted:
            return {}
        stmt = self._select().where(
            FeedbackSummary.evaluation_id == evaluation_id,
            FeedbackSummary.student_id.in_(wanted),
        )
        return {s.student_id: s for s in self.session.scalars(stmt)}

    def for_student(self, evaluation_id: int, student_id: int) -> FeedbackSummary | None:
        """The stored summary of one student, or None."""
        return self.for_students(evaluation_id, [student_id]).get(student_id)

    def students_with_summary(self, evaluation_id: int) -> set[int]:
        """Students of the evaluation whose summary is stored."""
        stmt = self._select(FeedbackSummary.student_id).where(
            FeedbackSummary.evaluation_id == evaluation_id
        )
        return set(self.session.scalars(stmt))

    def upsert(
        self, snapshot: FeedbackSnapshot, generated: GeneratedSummary, now: datetime
    ) -> None:
        """Write the one summary of (evaluation, student): insert, or replace the generated fields.

        A teacher's edit and the publication stay as they are; they are judged against the
        hashes. The row is the snapshot's school's, which must be this repository's.
        """
        if not self.all_schools and snapshot.school_id != self.school_id:
            raise ValueError("a summary is written in its own school's scope")
        values: dict[str, Any] = {
            "summary_text": generated.summary_text,
            "structured": generated.structured,
            "generation_method": generated.generation_method,
            "feedback_hash": stored_feedback_hash(snapshot.feedback_hash, generated),
            "feedback_count": snapshot.feedback_count,
            "provider": generated.provider,
            "model": generated.model,
            "prompt_tokens": generated.prompt_tokens,
            "completion_tokens": generated.completion_tokens,
            "duration_ms": generated.duration_ms,
            "generated_at": now,
        }
        keys = {
            "school_id": snapshot.school_id,
            "evaluation_id": snapshot.evaluation_id,
            "student_id": snapshot.student_id,
            "created_at": now,
        }
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(FeedbackSummary).values(**keys, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["evaluation_id", "student_id"], set_=values
        )
        self.session.execute(stmt)
        summary_changed(self.session, snapshot.evaluation_id, snapshot.student_id)

    def publish(self, summary: FeedbackSummary, when: datetime) -> bool:
        """Mark `summary` published (and no longer held back), only if it is still the text the
        teacher saw.

        A worker may store a regenerated summary between the teacher's read and this write;
        the condition on generated_at and the hash keeps that new, unreviewed text unpublished.
        """
        result = self.session.execute(
            self._update()
            .where(
                FeedbackSummary.id == summary.id,
                FeedbackSummary.generated_at == summary.generated_at,
                FeedbackSummary.feedback_hash == summary.feedback_hash,
            )
            .values(published_at=when, held_back_at=None)
        )
        published = bool(getattr(result, "rowcount", 0) == 1)
        if published:
            summary_changed(self.session, summary.evaluation_id, summary.student_id)
        return published

    # --- a job's input ----------------------------------------------------------------------

    def job_context(self, evaluation_id: int, student_id: int) -> Sequence[Any]:
        """One query for what a job reads beside the feedback: the evaluation's course and scale,
        the student's and their school's language, the stored summary's hash, the criteria
        and the roster frozen at closing (None while the evaluation is open).

        A row per criterion in rubric order (one row with empty criterion columns when there is
        none); no row when the evaluation or the student is not (or no longer) in the school.
        """
        stmt = (
            select(
                Evaluation.course_id,
                Evaluation.scale_min,
                Evaluation.scale_max,
                User.language,
                School.language,
                FeedbackSummary.feedback_hash,
                Criterion.id,
                Criterion.name,
                Evaluation.roster_names,
            )
            .join(User, User.school_id == Evaluation.school_id)
            .join(School, School.id == User.school_id)
            .outerjoin(
                FeedbackSummary,
                (FeedbackSummary.evaluation_id == Evaluation.id)
                & (FeedbackSummary.student_id == User.id)
                & (FeedbackSummary.school_id == Evaluation.school_id),
            )
            .outerjoin(
                Criterion,
                (Criterion.evaluation_id == Evaluation.id)
                & (Criterion.school_id == Evaluation.school_id),
            )
            .where(
                Evaluation.id == evaluation_id, self._in_school(Evaluation), User.id == student_id
            )
            .order_by(Criterion.position, Criterion.id)
        )
        return self.session.execute(stmt).all()

    # --- counts for /metrics ----------------------------------------------------------------

    def stats(self) -> list[SummaryStats]:
        """Stored summaries per generation method and provider, with summed token counts."""
        stmt = self._select(
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
        stmt = self._select(func.count(), func.coalesce(func.sum(ms), 0), *columns).where(
            FeedbackSummary.generation_method == GenerationMethod.AI, ms.is_not(None)
        )
        row = self.session.execute(stmt).one()
        return DurationHistogram(
            bounds=bounds,
            cumulative=[int(v or 0) for v in row[2:]],
            sum_s=float(row[1] or 0) / 1000,
            count=int(row[0]),
        )
