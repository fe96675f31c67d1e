"""`/api/v1/queue/stats`: how the summary queue is doing (staff)."""

from fastapi import APIRouter

from teameval.auth.dependencies import StaffDep
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.summaries.stats import QueueStats, queue_stats

router = APIRouter(prefix="/api/v1/queue", tags=["operations"])


@router.get("/stats")
def get_queue_stats(principal: StaffDep, session: SessionDep, settings: SettingsDep) -> QueueStats:
    """Jobs per status, the oldest queued job's age, and the workers alive."""
    return queue_stats(session, principal, settings)
