"""Reviews not submitted yet, per reviewer: peers by name, the self review last."""

from dataclasses import dataclass

from teameval.evaluations.enums import ReviewStatus
from teameval.results.pending import not_submitted_yet


@dataclass
class A:
    reviewer_id: int
    reviewee_id: int
    is_self: bool
    status: str


def test_only_what_is_not_submitted_peers_by_name_then_self() -> None:
    names = {1: "Anna", 2: "Bram", 3: "Cas"}
    pending = not_submitted_yet(
        [
            A(1, 1, True, "todo"),
            A(1, 3, False, "draft"),
            A(1, 2, False, "todo"),
            A(2, 1, False, "submitted"),
            A(2, 2, True, "submitted"),
        ],
        names,
    )
    assert list(pending) == [1]
    assert [(p.reviewee_id, p.is_self, p.status) for p in pending[1]] == [
        (2, False, ReviewStatus.TODO),
        (3, False, ReviewStatus.DRAFT),
        (1, True, ReviewStatus.TODO),
    ]
