"""Results answers: the teacher's table per student and the student's own overview."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from teameval.results.flags import FlagKind
from teameval.summaries.enums import SummaryState
from teameval.summaries.schemas import QuoteRead, SummaryPoint
from teameval.users.schemas import UserRef


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
    """A signal about a student: a reason to look (`attention`) or a strong contribution
    (`positive`), its one-line message with the numbers, and what it means in one sentence."""

    code: str
    message: str
    kind: FlagKind = FlagKind.ATTENTION
    explanation: str = ""


class PendingReview(BaseModel):
    """A review the student was asked for and has not submitted yet (open evaluations)."""

    reviewee: UserRef
    is_self: bool
    status: Literal["todo", "draft"]


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
    # The method's value before the clamp (catme_factor or webpa_score), and whether the clamp
    # changed it.
    raw_factor: float | None = None
    factor_clamped: bool = False
    # Needs attention ("aandacht nodig"); while open, none about reviews still to come.
    flags: list[FlagRead]
    # Strong contributions ("sterke bijdrage"): never a reason for concern.
    positive_signals: list[FlagRead] = []
    # While open: the reviews this student has not submitted yet, instead of flags.
    not_submitted_yet: list[PendingReview] = []


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
    # Students with at least one flag that needs attention / one positive signal.
    flagged_count: int
    positive_count: int = 0
    # While open: students who have not submitted all their reviews yet.
    not_submitted_yet_count: int = 0


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
    # A sentence of it gives the summariser an order, claims a grade or speaks to the model
    # (llm/injection.py): such sentences were left out of the summary's prompt.
    addressed_to_model: bool = False


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


class GradeRequest(BaseModel):
    """Team marks by team id, as typed ("7,5", "7.5") or as numbers; empty ones are skipped."""

    team_marks: dict[int, str | float] = Field(max_length=500)


class TeamMark(BaseModel):
    """A team's mark as the teacher typed it, and why it was refused (in their language)."""

    team: TeamRef
    typed: str
    team_mark: float | None
    error: str | None = None


class StudentMark(BaseModel):
    """One student's mark: team mark x factor, clamped to 1-10 and rounded to one decimal."""

    student_id: int
    team_id: int
    adjustment_factor: float | None
    product: float | None  # before the clamp and the rounding
    mark: float | None
    capped: bool = False


class GradeSheet(BaseModel):
    """The grade helper's answer: every team's mark and every student's (results/grades.py)."""

    evaluation_id: int
    mark_min: float
    mark_max: float
    teams: list[TeamMark]
    students: list[StudentMark]
    valid: bool
