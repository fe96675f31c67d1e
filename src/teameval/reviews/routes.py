"""`/api/v1/evaluations/{evaluation_id}/reviews`: the reviews a student writes."""

from fastapi import APIRouter

from teameval.auth.dependencies import PrincipalDep
from teameval.db import SessionDep
from teameval.reviews.schemas import ReviewRead, ReviewSave
from teameval.reviews.service import ReviewService

router = APIRouter(prefix="/api/v1/evaluations/{evaluation_id}/reviews", tags=["reviews"])


@router.get("/mine")
def my_reviews(
    evaluation_id: int, principal: PrincipalDep, session: SessionDep
) -> list[ReviewRead]:
    """Every review I write in this evaluation: whom, its state and my scores so far."""
    return ReviewService(session, principal).my_reviews(evaluation_id)


@router.put("/{reviewee_id}")
def save_review(
    evaluation_id: int,
    reviewee_id: int,
    data: ReviewSave,
    principal: PrincipalDep,
    session: SessionDep,
) -> ReviewRead:
    """Save a draft of (`submit: false`) or submit my review of one teammate."""
    return ReviewService(session, principal).save_review(evaluation_id, reviewee_id, data)
