"""Evaluation requests and answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from teameval.validation import Name

EvaluationStatus = Literal["draft", "open", "closed"]
SummaryRelease = Literal["auto", "teacher_review"]
AdjustmentMethod = Literal["catme", "webpa"]
NonSubmitterPolicy = Literal["flag", "equal_share"]

MAX_CRITERIA = 20
MAX_DESCRIPTION = 2000
# Scores are small integers; a wider scale than 0-100 is a typo.
SCALE_LIMIT = 100


class CriterionCreate(BaseModel):
    """A rubric criterion as the teacher writes it."""

    name: Name
    description: str = Field(default="", max_length=MAX_DESCRIPTION)


class CriterionRead(CriterionCreate):
    """A criterion with its id and its place in the rubric (0 first)."""

    model_config = ConfigDict(from_attributes=True)

    # Shown as stored: a read never refuses a row (teameval.validation).
    name: str
    description: str = ""
    id: int
    position: int


class EvaluationSettings(BaseModel):
    """The fields a teacher may set on create, all optional on update."""

    scale_min: int = Field(default=1, ge=0, le=SCALE_LIMIT)
    scale_max: int = Field(default=5, ge=0, le=SCALE_LIMIT)
    include_self: bool = True
    deadline: datetime | None = None
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
    deadline: datetime | None = None
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

    id: int
    course_id: int
    title: str
    status: EvaluationStatus
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    criteria: list[CriterionRead]
    progress: Progress | None = None
