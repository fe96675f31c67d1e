"""Summaries read (or made now) synchronously, regenerated, and the quotes behind them."""

from fastapi import APIRouter

from teameval.auth.dependencies import PrincipalDep
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.summaries.content_service import SummaryContentService
from teameval.summaries.quotes import QuoteService
from teameval.summaries.schemas import QuoteList, SummaryRead

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])


@router.get("/evaluation/{evaluation_id}/student/{student_id}")
def get_summary(
    evaluation_id: int,
    student_id: int,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> SummaryRead:
    """The student's summary: stored and up to date (`cached`), else made now within the budget."""
    return SummaryContentService(session, principal, settings).get_summary(
        evaluation_id, student_id
    )


@router.post("/evaluation/{evaluation_id}/student/{student_id}/regenerate")
def regenerate_summary(
    evaluation_id: int,
    student_id: int,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> SummaryRead:
    """Make the student's summary again (students are rate-limited)."""
    return SummaryContentService(session, principal, settings).regenerate(evaluation_id, student_id)


@router.get("/evaluation/{evaluation_id}/student/{student_id}/quotes")
def list_summary_quotes(
    evaluation_id: int,
    student_id: int,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> QuoteList:
    """The anonymised comments the student received."""
    return QuoteService(session, principal, settings).quotes(evaluation_id, student_id)
