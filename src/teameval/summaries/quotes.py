"""The anonymous comments ("quotes") a student received: one rule for the API and the pages.

Only submitted peer reviews (never the student's own), anonymised with the course roster
(privacy/anonymise.py, as the summaries are), criterion names too, cut to 300 characters.
Ordered by criterion in rubric order, and within a criterion by a hash of the text, so the
order says nothing about who wrote what (the reviewers' order would link quotes across
criteria).
"""

import hashlib

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.courses.repository import CourseRepository
from teameval.evaluations.repository import CriterionRepository
from teameval.llm.injection import split_instructions
from teameval.llm.text import shorten
from teameval.models import Evaluation
from teameval.privacy.anonymise import Anonymiser
from teameval.reviews.repository import ScoreRepository
from teameval.summaries.access import authorised_summary, ensure_own_or_staff
from teameval.summaries.schemas import QuoteList, QuoteRead
from teameval.users.repository import UserRepository

QUOTE_CHARS = 300


def _unlinkable_order(text: str) -> bytes:
    """A sort key stable per text that hides the reviewers' order."""
    return hashlib.sha256(text.encode()).digest()


class QuoteService:
    """Quotes of the principal's school."""

    def __init__(self, session: Session, principal: Principal, settings: Settings) -> None:
        self.session = session
        self.principal = principal
        self.default_language = settings.default_language
        school_id = principal.school_id
        self.users = UserRepository(session, school_id)
        self.courses = CourseRepository(session, school_id)
        self.criteria = CriterionRepository(session, school_id)
        self.scores = ScoreRepository(session, school_id)

    def quotes(self, evaluation_id: int, student_id: int) -> QuoteList:
        """The quotes of a student, for whoever may see that student's summary (the API)."""
        evaluation, _stored = authorised_summary(
            self.session, self.principal, evaluation_id, student_id
        )
        quotes = self.received(evaluation, student_id)
        return QuoteList(quotes=quotes, count=len(quotes))

    def received(self, evaluation: Evaluation, student_id: int) -> list[QuoteRead]:
        """The quotes `student_id` received in `evaluation`, for a caller that already decided
        they may be seen (the student's own results, once the evaluation is closed)."""
        ensure_own_or_staff(self.principal, student_id)
        language = self.users.language_of(student_id) or self.default_language
        names = self.courses.roster_names(
            evaluation.course_id, also=[student_id], frozen=evaluation.roster_names
        )
        anonymiser = Anonymiser(names, language)
        rows = self.scores.submitted(evaluation.id, student_id)
        quotes: list[QuoteRead] = []
        for criterion in self.criteria.of_evaluation(evaluation.id):
            texts = [
                anonymiser.comment(r.comment)
                for r in rows
                if not r.is_self and r.criterion_id == criterion.id and r.comment.strip()
            ]
            kept = sorted((t for t in texts if t), key=_unlinkable_order)
            quotes.extend(
                QuoteRead(
                    text=shorten(text, QUOTE_CHARS),
                    criterion_id=criterion.id,
                    criterion_name=anonymiser.text(criterion.name),
                    addressed_to_model=split_instructions(text)[1],
                )
                for text in kept
            )
        return quotes
