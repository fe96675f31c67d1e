"""Summary jobs (the asynchronous pipeline): queue one or many, follow, list and cancel them."""

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from fastapi import status as http_status

from teameval.auth.dependencies import PrincipalDep, StaffDep, cached_principal
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.pagination import PageDep
from teameval.summaries.enums import JobStatus
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.schemas import BatchQueueRequest, BatchQueueResult, JobList, JobRead
from teameval.summaries.status_service import StatusReader

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])


@router.post(
    "/evaluation/{evaluation_id}/student/{student_id}/queue",
    status_code=http_status.HTTP_202_ACCEPTED,
)
def queue_summary(
    evaluation_id: int,
    student_id: int,
    principal: PrincipalDep,
    session: SessionDep,
    settings: SettingsDep,
) -> JobRead:
    """Queue the student's summary; an active or up-to-date job is returned instead of a new one."""
    return SummaryJobService(session, principal, settings).queue(evaluation_id, student_id)


@router.get("/jobs/{job_id}/status")
def get_job_status(job_id: str, request: Request, settings: SettingsDep) -> JobRead:
    """Where a summary job stands, with its result once completed.

    Polled every few seconds by every waiting page and client: answered from the status cache
    when it can (no database transaction), with the same body and checks as from the rows.
    """
    principal = cached_principal(request, settings)
    return StatusReader(principal, settings).status(job_id)


@router.post("/evaluation/{evaluation_id}/batch-queue", status_code=http_status.HTTP_202_ACCEPTED)
def batch_queue_summaries(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    data: Annotated[BatchQueueRequest | None, Body()] = None,
) -> BatchQueueResult:
    """Queue the summaries of many students at once (omitted: all who received feedback)."""
    student_ids = data.student_ids if data is not None else None
    return SummaryJobService(session, principal, settings).batch_queue(evaluation_id, student_ids)


@router.get("/evaluation/{evaluation_id}/jobs")
def list_summary_jobs(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    page: PageDep,
    status: Annotated[JobStatus | None, Query()] = None,
) -> JobList:
    """The evaluation's summary jobs, newest first, with the count per status."""
    return SummaryJobService(session, principal, settings).list_jobs(
        evaluation_id, status, page.limit, page.offset
    )


@router.post("/jobs/{job_id}/cancel")
def cancel_summary_job(
    job_id: str, principal: StaffDep, session: SessionDep, settings: SettingsDep
) -> JobRead:
    """Cancel a queued or running summary job."""
    return SummaryJobService(session, principal, settings).cancel(job_id)
