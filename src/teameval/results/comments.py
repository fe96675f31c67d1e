"""The comments a student received, with who wrote each: for teachers (exports, pages).

Unlike the student's quotes (`quotes.py`) nothing is anonymised or shuffled: staff see every
comment as it was written and by whom, so they can check a summary sentence by sentence,
and which comments speak to the model (their sentences never reached the prompt).
"""

from collections.abc import Mapping, Sequence

from teameval.llm.injection import split_instructions
from teameval.models import Criterion, ReviewAllocation
from teameval.results.schemas import ReceivedComment
from teameval.reviews.repository import ScoreRow


def comments_with_writers(
    rows: Sequence[ScoreRow],
    allocations: Mapping[int, ReviewAllocation],
    criteria: Sequence[Criterion],
    names: Mapping[int, str],
    team_names: Mapping[int, str],
) -> list[ReceivedComment]:
    """The non-empty comments in `rows`, in the results table's order, then the rubric's."""
    by_id = {c.id: c for c in criteria}
    position = {c.id: i for i, c in enumerate(criteria)}
    comments = [
        ReceivedComment(
            student_id=a.reviewee_id,
            student_name=names.get(a.reviewee_id, ""),
            team_name=team_names.get(a.team_id, ""),
            criterion_id=row.criterion_id,
            criterion_name=by_id[row.criterion_id].name,
            reviewer_id=a.reviewer_id,
            reviewer_name=names.get(a.reviewer_id, ""),
            is_self=a.is_self,
            score=row.score,
            text=row.comment.strip(),
            # The same test the summary's prompt applies (summaries/generation.py).
            addressed_to_model=split_instructions(row.comment.strip())[1],
        )
        for row in rows
        if row.comment.strip() and row.criterion_id in by_id
        for a in (allocations[row.allocation_id],)
    ]
    # Team and student as the results table sorts them; the self comment after the peers'.
    comments.sort(
        key=lambda c: (
            c.team_name.lower(),
            c.student_name.lower(),
            c.student_id,
            position[c.criterion_id],
            c.is_self,
            c.reviewer_name.lower(),
        )
    )
    return comments
