"""The seam between the pipeline and the summary content.

The pipeline (queue, workers, job endpoints) calls only these functions; the content side
(feedback collection, anonymisation, LLM providers, validation, the extractive fallback) lives
behind them. The first versions here are deliberately simple and are replaced by the content
work (llm/ and this module), keeping the signatures.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.models import Criterion, Evaluation, ReviewAllocation, ReviewScore

GenerationMethod = Literal["ai", "fallback", "empty"]


class TransientLLMError(Exception):
    """The LLM failed in a way that may pass (timeout, refused, 5xx, busy): retry later."""


class PermanentLLMError(Exception):
    """The LLM cannot do this (model not found, bad request): retrying will not help."""


@dataclass(frozen=True)
class FeedbackSnapshot:
    """Everything a summary of one student's feedback is made from, and its hash."""

    school_id: int
    evaluation_id: int
    student_id: int
    language: str
    feedback_count: int
    feedback_hash: str
    payload: dict[str, Any] = field(default_factory=dict)


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


def collect_feedback(
    session: Session, school_id: int, evaluation_id: int, student_id: int
) -> FeedbackSnapshot:
    """The submitted peer feedback `student_id` received in `evaluation_id`, with its hash."""
    evaluation = session.scalars(
        select(Evaluation).where(Evaluation.id == evaluation_id, Evaluation.school_id == school_id)
    ).one()
    rows = session.execute(
        select(
            Criterion.id,
            Criterion.name,
            ReviewAllocation.id,
            ReviewScore.score,
            ReviewScore.comment,
        )
        .join(ReviewScore, ReviewScore.criterion_id == Criterion.id)
        .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
        .where(
            ReviewAllocation.school_id == school_id,
            ReviewAllocation.evaluation_id == evaluation_id,
            ReviewAllocation.reviewee_id == student_id,
            ReviewAllocation.status == "submitted",
            ReviewAllocation.is_self.is_(False),
        )
        .order_by(Criterion.position, Criterion.id, ReviewAllocation.id)
    ).all()
    items = [
        {"criterion": name, "score": score, "comment": comment or ""}
        for _cid, name, _aid, score, comment in rows
    ]
    reviews = len({aid for _c, _n, aid, _s, _m in rows})
    payload = {"scale": [evaluation.scale_min, evaluation.scale_max], "items": items}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return FeedbackSnapshot(
        school_id=school_id,
        evaluation_id=evaluation_id,
        student_id=student_id,
        language="nl",
        feedback_count=reviews,
        feedback_hash=digest,
        payload=payload,
    )


def generate_summary(
    snapshot: FeedbackSnapshot, *, allow_fallback: bool = True
) -> GeneratedSummary:
    """Write the summary of `snapshot`.

    With `allow_fallback=False` an LLM failure raises TransientLLMError / PermanentLLMError so
    the pipeline can retry; with True the offline summary is returned instead.
    """
    if snapshot.feedback_count == 0:
        text = (
            "Je hebt nog geen feedback van je teamgenoten ontvangen."
            if snapshot.language == "nl"
            else "You have not received feedback from your teammates yet."
        )
        return GeneratedSummary(summary_text=text, generation_method="empty")
    comments = [i["comment"] for i in snapshot.payload["items"] if i["comment"]]
    text = " ".join(comments)[:1000] or "Je teamgenoten gaven je scores zonder opmerkingen."
    return GeneratedSummary(summary_text=text, generation_method="fallback", provider="extractive")
