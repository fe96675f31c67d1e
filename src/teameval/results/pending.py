"""While an evaluation is open: which reviews each student has not submitted yet.

Instead of flags about missing reviews (they may still come), the teacher sees per student
whom they still have to review and how far each review is (nothing saved, or a draft).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from teameval.evaluations.enums import ReviewStatus


@dataclass(frozen=True)
class Pending:
    """One review `reviewer_id` was asked for and has not submitted: todo or draft."""

    reviewer_id: int
    reviewee_id: int
    is_self: bool
    status: ReviewStatus


class AllocationState(Protocol):
    """What this module reads of an allocation (a ReviewAllocation row has it)."""

    @property
    def reviewer_id(self) -> int: ...
    @property
    def reviewee_id(self) -> int: ...
    @property
    def is_self(self) -> bool: ...
    @property
    def status(self) -> str: ...


def not_submitted_yet(
    allocations: Iterable[AllocationState], names: Mapping[int, str]
) -> dict[int, list[Pending]]:
    """Per reviewer, the reviews not submitted: peers by name first, their self review last."""
    result: dict[int, list[Pending]] = {}
    for a in allocations:
        if a.status == ReviewStatus.SUBMITTED:
            continue
        status = ReviewStatus.DRAFT if a.status == ReviewStatus.DRAFT else ReviewStatus.TODO
        result.setdefault(a.reviewer_id, []).append(
            Pending(a.reviewer_id, a.reviewee_id, a.is_self, status)
        )
    for pending in result.values():
        pending.sort(key=lambda p: (p.is_self, names.get(p.reviewee_id, "").lower(), p.reviewee_id))
    return result
