"""Release rules of summaries: when a student may see their summary, and which text.

Used by the student's results page and by anyone serving a summary to a student. With
`summary_release = "teacher_review"` a summary is visible only after a teacher published it,
and only while it is still the summary that was published: a summary generated again after
publication needs a new review. In either mode a teacher may hold a summary back
(`held_back_at`): the student sees none until the teacher releases it again.
"""

from teameval.models import FeedbackSummary
from teameval.summaries.enums import SummaryRelease


def edit_is_current(summary: FeedbackSummary) -> bool:
    """A teacher's edit counts while the feedback it was made for is still the feedback."""
    return summary.edited_text is not None and (
        summary.edited_feedback_hash == summary.feedback_hash
    )


def is_held_back(summary: FeedbackSummary | None) -> bool:
    """A teacher held this summary back: no student sees it, whatever the release mode."""
    return summary is not None and summary.held_back_at is not None


def is_released(summary_release: str, summary: FeedbackSummary) -> bool:
    """May the student see this summary under the evaluation's release mode?"""
    if is_held_back(summary):
        return False
    if summary_release != SummaryRelease.TEACHER_REVIEW:
        return True
    if summary.published_at is None:
        return False
    return summary.published_at >= summary.generated_at


def student_text(summary: FeedbackSummary) -> str:
    """The text a student reads: the teacher's current edit, else the generated text."""
    if edit_is_current(summary):
        assert summary.edited_text is not None
        return summary.edited_text
    return summary.summary_text
