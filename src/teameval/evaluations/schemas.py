"""Evaluation requests and answers."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from teameval.evaluations.enums import EvaluationPhase, EvaluationStatus
from teameval.users.schemas import UserRef
from teameval.validation import Name

SummaryRelease = Literal["auto", "teacher_review"]
AdjustmentMethod = Literal["catme", "webpa"]
NonSubmitterPolicy = Literal["flag", "equal_share"]

MAX_CRITERIA = 20
MAX_DESCRIPTION = 2000
MAX_LEVEL_DESCRIPTION = 300  # one sentence per score level
# A deadline outside this range is a typo; far beyond it the time zone conversions of the
# pages and the database overflow (year 9999 in one zone is year 10000 in another).
DEADLINE_MIN = datetime(2000, 1, 1, tzinfo=UTC)
DEADLINE_MAX = datetime(2100, 1, 1, tzinfo=UTC)


def _sane_deadline(value: datetime) -> datetime:
    """The deadline in UTC (naive is read as UTC), refused outside 2000-2099."""
    try:
        utc = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # beyond year 9999 in UTC
        utc = DEADLINE_MAX
    if not DEADLINE_MIN <= utc < DEADLINE_MAX:
        raise PydanticCustomError(
            "deadline_out_of_range",
            "must lie between {first} and {last}",
            {"first": DEADLINE_MIN.year, "last": DEADLINE_MAX.year - 1},
        )
    return utc


Deadline = Annotated[datetime, AfterValidator(_sane_deadline)]
# Scores are small integers; a wider scale than 0-100 is a typo.
SCALE_LIMIT = 100


class LevelRead(BaseModel):
    """What one score of a criterion means ("1": "Doet niet mee")."""

    score: int
    description: str


class LevelCreate(LevelRead):
    """A level as the teacher writes it: a score of the scale and one sentence."""

    score: int = Field(ge=0, le=SCALE_LIMIT)
    description: str = Field(min_length=1, max_length=MAX_LEVEL_DESCRIPTION)


class CriterionCreate(BaseModel):
    """A rubric criterion as the teacher writes it, optionally with its levels described."""

    name: Name
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    levels: list[LevelCreate] = Field(default_factory=list, max_length=SCALE_LIMIT + 1)


class CriterionRead(CriterionCreate):
    """A criterion with its id and its place in the rubric (0 first)."""

    model_config = ConfigDict(from_attributes=True)

    # Shown as stored: a read never refuses a row (teameval.validation).
    name: str
    description: str = ""
    levels: list[LevelRead] = Field(default_factory=list)  # type: ignore[assignment]
    id: int
    position: int


class EvaluationSettings(BaseModel):
    """The fields a teacher may set on create, all optional on update."""

    scale_min: int = Field(default=1, ge=0, le=SCALE_LIMIT)
    scale_max: int = Field(default=5, ge=0, le=SCALE_LIMIT)
    include_self: bool = True
    deadline: Deadline | None = None
    # Closed by the scheduler once the deadline (and every student's extension) has passed.
    close_at_deadline: bool = False
    summary_release: SummaryRelease = "auto"
    adjustment_method: AdjustmentMethod = "catme"
    non_submitter_policy: NonSubmitterPolicy = "flag"
    adjustment_min: float | None = Field(default=None, gt=0, le=10)
    adjustment_max: float | None = Field(default=None, gt=0, le=10)


class EvaluationCreate(EvaluationSettings):
    """A new evaluation of a course, created as a draft."""

    course_id: int
    title: Name
    criteria: list[CriterionCreate] = Field(max_length=MAX_CRITERIA)


class EvaluationUpdate(BaseModel):
    """Changes to an evaluation: anything while a draft; once open, only title and deadline.

    Fields left out stay as they are; `criteria`, when given, replaces the whole rubric.
    """

    title: Name | None = None
    criteria: list[CriterionCreate] | None = Field(default=None, max_length=MAX_CRITERIA)
    scale_min: int | None = Field(default=None, ge=0, le=SCALE_LIMIT)
    scale_max: int | None = Field(default=None, ge=0, le=SCALE_LIMIT)
    include_self: bool | None = None
    deadline: Deadline | None = None
    close_at_deadline: bool | None = None
    summary_release: SummaryRelease | None = None
    adjustment_method: AdjustmentMethod | None = None
    non_submitter_policy: NonSubmitterPolicy | None = None
    adjustment_min: float | None = Field(default=None, gt=0, le=10)
    adjustment_max: float | None = Field(default=None, gt=0, le=10)


class Progress(BaseModel):
    """How many reviews are submitted out of how many allocated (a student's own, for students)."""

    submitted: int
    total: int


class EvaluationRead(EvaluationSettings):
    """An evaluation with its rubric."""

    model_config = ConfigDict(from_attributes=True)

    # Shown as stored: a read never refuses a row (teameval.validation).
    deadline: datetime | None = None
    id: int
    course_id: int
    title: str
    status: EvaluationStatus
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    criteria: list[CriterionRead]
    progress: Progress | None = None
    # The deadline is past (reviews are read-only from then on, even while still open).
    deadline_passed: bool = False
    # Reviews can be saved and submitted now: open, and the deadline not past.
    accepts_reviews: bool = False
    # What the pages call its state: draft, open, deadline_passed or closed.
    phase: EvaluationPhase = EvaluationPhase.DRAFT
    # A student's own later deadline (an extension), for that student; None for everyone else.
    own_deadline: datetime | None = None
    # Staff: how many students have an extension that has not passed yet.
    extensions_running: int = 0


class ExtensionSet(BaseModel):
    """One student's own deadline: later than the evaluation's, in the future."""

    deadline: Deadline


class ExtensionRead(BaseModel):
    """A student's extension."""

    student_id: int
    name: str
    deadline: datetime


class LateMembers(BaseModel):
    """Team members who take no part in an open evaluation (added after it opened)."""

    students: list[UserRef]


class LateMembersAdded(BaseModel):
    """Who was added to an open evaluation, and how many reviews that made."""

    added: list[UserRef]
    reviews_allocated: int
