"""`/api/v1/feedback-summaries`: queue and follow jobs, read summaries and quotes, publish."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])
