"""Results answers: the teacher's table per student and the student's own overview."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from teameval.summaries.enums import SummaryState
from teameval.summaries.schemas import QuoteRead, SummaryPoint


class CriterionRef(BaseModel):
    """A rubric criterion named in results."""

    id: int
    name: str


class TeamRef(BaseModel):
    """The team a student was evaluated in."""

    id: int
    name: str


class StudentRef(BaseModel):
    """The student a row of results is about (staff see the e-mail and class too)."""

    id: int
    name: str
    email: str
    class_name: str | None


class CriterionScore(BaseModel):
    """The peer average and the student's own score on one criterion."""

    criterion_id: int
    peer_average: float | None
    self_score: float | None


class FlagRead(BaseModel):
    """A reason to look at a student, with its one-line explanation."""

    code: str
    message: str


class StudentResult(BaseModel):
    """One student's results as a teacher sees them."""

    student: StudentRef
    team: TeamRef
    criteria: list[CriterionScore]
    peer_average: float | None
    self_average: float | None
    self_peer_ratio: float | None
    reviews_received: int
    reviews_expected: int
    reviews_given: int
    reviews_to_give: int
    catme_factor: float | None
    webpa_score: float | None
    adjustment_factor: float | None
    flags: list[FlagRead]


class EvaluationResults(BaseModel):
    """An evaluation's results: the settings they were computed with and a row per student.

    Not paginated: one evaluation is one course, and a row needs its whole team anyway.
    """

    evaluation_id: int
    title: str
    status: str
    scale_min: int
    scale_max: int
    method: Literal["catme", "webpa"]
    non_submitter_policy: Literal["flag", "equal_share"]
    adjustment_min: float
    adjustment_max: float
    criteria: list[CriterionRef]
    students: list[StudentResult]
    flagged_count: int


class ReceivedComment(BaseModel):
    """A comment a student received on one criterion, with who wrote it (staff only)."""

    student_id: int
    student_name: str
    team_name: str
    criterion_id: int
    criterion_name: str
    reviewer_id: int
    reviewer_name: str
    is_self: bool
    score: int | None = None
    text: str


class ResultsExport(BaseModel):
    """What an export holds: the results table and every comment behind it."""

    results: EvaluationResults
    comments: list[ReceivedComment]


class MySummary(BaseModel):
    """The student's summary as far as the release rules allow them to see it."""

    state: SummaryState
    job_id: str | None = None
    summary_text: str | None = None
    generation_method: str | None = None
    feedback_count: int | None = None
    generated_at: datetime | None = None
    # Strengths and improvements, each with the anonymised comments it rests on.
    points: list[SummaryPoint] = []


class MyCriterionResult(BaseModel):
    """One criterion of the student's own overview."""

    criterion_id: int
    name: str
    description: str
    peer_average: float | None
    own_score: float | None
    # The described level nearest to the peer average (anchored scales), when there is one.
    peer_level: str | None = None


class MyResults(BaseModel):
    """What a student sees after the evaluation closed."""

    evaluation_id: int
    title: str
    scale_min: int
    scale_max: int
    criteria: list[MyCriterionResult]
    peer_average: float | None
    self_average: float | None
    reviews_received: int
    quotes: list[QuoteRead]
    summary: MySummary
