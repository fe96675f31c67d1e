"""Review requests and answers: a student's scores and comments for one teammate."""

from datetime import datetime

from pydantic import BaseModel, Field

from teameval.evaluations.enums import ReviewStatus
from teameval.users.schemas import UserRef

MAX_COMMENT = 2000
# More entries than any rubric has criteria; the service reports unknown ids by name.
MAX_SCORES = 100


def clean_comment(comment: str | None) -> str:
    """A comment as stored: line breaks as LF (a browser's form posts CR LF), surrounding
    whitespace removed, the rest kept as written."""
    return (comment or "").replace("\r\n", "\n").strip()


class ScoreBase(BaseModel):
    """A score on one criterion (null: not given yet, allowed in drafts only)."""

    criterion_id: int
    score: int | None = None


class ScoreIn(ScoreBase):
    """A score as the student sends it; a null comment counts as empty."""

    comment: str | None = None

    def clean_comment(self) -> str:
        """The comment as stored (see `clean_comment`)."""
        return clean_comment(self.comment)


class ScoreRead(ScoreBase):
    """A stored score; criteria not scored yet appear with a null score and empty comment."""

    comment: str


class ReviewSave(BaseModel):
    """The complete review of one teammate; it replaces what was saved before.

    `submit: false` saves a draft (may be partial); `submit: true` needs every criterion scored.
    """

    scores: list[ScoreIn] = Field(max_length=MAX_SCORES)
    submit: bool = False


class ReviewRead(BaseModel):
    """One review the student writes: whom, its state, and the scores so far."""

    reviewee: UserRef
    is_self: bool
    status: ReviewStatus
    scores: list[ScoreRead]
    updated_at: datetime | None = None
    submitted_at: datetime | None = None
