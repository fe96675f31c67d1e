"""Teacher control of summaries, in both release modes: read, edit, hold back, publish."""

from fastapi import APIRouter

from teameval.auth.dependencies import StaffDep
from teameval.db import SessionDep
from teameval.summaries.review_service import SummaryReviewService
from teameval.summaries.schemas import PublishAllResult, ReviewList, SummaryEdit, SummaryReviewRead

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])


@router.get("/evaluation/{evaluation_id}/review")
def list_summaries_for_review(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> ReviewList:
    """Every student's summary with its review state (unpublished, published, ...)."""
    return SummaryReviewService(session, principal).list_for_review(evaluation_id)


@router.get("/evaluation/{evaluation_id}/student/{student_id}/review")
def get_summary_for_review(
    evaluation_id: int, student_id: int, principal: StaffDep, session: SessionDep
) -> SummaryReviewRead:
    """One student's summary as the reviewing teacher sees it, with any warning."""
    return SummaryReviewService(session, principal).get_for_review(evaluation_id, student_id)


@router.put("/evaluation/{evaluation_id}/student/{student_id}")
def edit_summary(
    evaluation_id: int,
    student_id: int,
    data: SummaryEdit,
    principal: StaffDep,
    session: SessionDep,
) -> SummaryReviewRead:
    """Save the teacher's version of a summary (`text` null or empty removes it)."""
    return SummaryReviewService(session, principal).edit(evaluation_id, student_id, data)


@router.post("/evaluation/{evaluation_id}/student/{student_id}/publish")
def publish_summary(
    evaluation_id: int, student_id: int, principal: StaffDep, session: SessionDep
) -> SummaryReviewRead:
    """Release a summary to its student: publish it (`teacher_review`) or end its hold (`auto`)."""
    return SummaryReviewService(session, principal).publish(evaluation_id, student_id)


@router.post("/evaluation/{evaluation_id}/student/{student_id}/hold")
def hold_back_summary(
    evaluation_id: int, student_id: int, principal: StaffDep, session: SessionDep
) -> SummaryReviewRead:
    """Keep a summary from its student until it is published again (either release mode)."""
    return SummaryReviewService(session, principal).hold_back(evaluation_id, student_id)


@router.post("/evaluation/{evaluation_id}/publish-all")
def publish_all_summaries(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> PublishAllResult:
    """Release every summary that is ready; the ones that need a look are listed instead."""
    return SummaryReviewService(session, principal).publish_all(evaluation_id)
