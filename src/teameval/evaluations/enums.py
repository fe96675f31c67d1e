"""The vocabularies of evaluations and their reviews, each written once.

A leaf module: it imports nothing of teameval, so the models, every domain and the pages may
use it. The values are what the database stores and the API answers.
"""

from enum import StrEnum


class EvaluationStatus(StrEnum):
    """Where an evaluation stands: a draft, open for reviews, or closed."""

    DRAFT = "draft"  # being prepared; students do not see it
    OPEN = "open"  # reviews are allocated and can be written (until the deadline)
    CLOSED = "closed"  # no more reviews; results and summaries are made


class EvaluationPhase(StrEnum):
    """What an evaluation's state is called on every page: its status, with an open one past
    its deadline told apart (reviews are read-only then, until it is closed)."""

    DRAFT = "draft"
    OPEN = "open"
    DEADLINE_PASSED = "deadline_passed"
    CLOSED = "closed"


# The evaluations a student sees (never a draft, even when asked for one by filter).
VISIBLE_TO_STUDENTS = (EvaluationStatus.OPEN, EvaluationStatus.CLOSED)


class ReviewStatus(StrEnum):
    """How far one review (an allocation) is."""

    TODO = "todo"  # nothing saved
    DRAFT = "draft"  # saved, not counted
    SUBMITTED = "submitted"  # counts in results and summaries
