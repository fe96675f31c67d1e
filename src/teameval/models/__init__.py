"""All models, imported here so Alembic and the app see one complete metadata."""

from teameval.models.access import SignInCode
from teameval.models.base import Base, utcnow
from teameval.models.course import Course, CourseTeacher, Enrolment, Team, TeamMember
from teameval.models.evaluation import (
    Criterion,
    DeadlineExtension,
    Evaluation,
    ReviewAllocation,
    ReviewScore,
)
from teameval.models.reminder import EvaluationReminder
from teameval.models.school import AuthSession, LoginFailure, School, SessionPurpose, User
from teameval.models.summary import FeedbackSummary, SummaryGenerationJob

__all__ = [
    "AuthSession",
    "Base",
    "Course",
    "CourseTeacher",
    "Criterion",
    "DeadlineExtension",
    "Enrolment",
    "Evaluation",
    "EvaluationReminder",
    "FeedbackSummary",
    "LoginFailure",
    "ReviewAllocation",
    "ReviewScore",
    "School",
    "SessionPurpose",
    "SignInCode",
    "SummaryGenerationJob",
    "Team",
    "TeamMember",
    "User",
    "utcnow",
]
