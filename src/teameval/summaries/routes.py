"""`/api/v1/feedback-summaries`: queue and follow jobs, read summaries and quotes, publish."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/feedback-summaries", tags=["feedback summaries"])

# --- Summary jobs (the asynchronous pipeline) ---------------------------------------------

from typing import Annotated  # noqa: E402 - each section of this shared file imports its own

from fastapi import Body, Query  # noqa: E402
from fastapi import status as http_status  # noqa: E402

from teameval.auth.dependencies import PrincipalDep, StaffDep  # noqa: E402
from teameval.db import SessionDep  # noqa: E402
from teameval.pagination import PageDep  # noqa: E402
from teameval.ratelimit import limit  # noqa: E402
from teameval.summaries.schemas import (  # noqa: E402
    BatchQueueRequest,
    BatchQueueResult,
    JobList,
    JobRead,
    JobStatus,
)
from teameval.summaries.service import SummaryJobService  # noqa: E402


@router.post(
    "/evaluation/{evaluation_id}/student/{student_id}/queue",
    status_code=http_status.HTTP_202_ACCEPTED,
)
def queue_summary(
    evaluation_id: int, student_id: int, principal: PrincipalDep, session: SessionDep
) -> JobRead:
    """Queue the student's summary; an active or up-to-date job is returned instead of a new one."""
    limit(principal, "queue")
    return SummaryJobService(session, principal).queue(evaluation_id, student_id)


@router.get("/jobs/{job_id}/status")
def get_job_status(job_id: str, principal: PrincipalDep, session: SessionDep) -> JobRead:
    """Where a summary job stands, with its result once completed."""
    return SummaryJobService(session, principal).status(job_id)


@router.post("/evaluation/{evaluation_id}/batch-queue", status_code=http_status.HTTP_202_ACCEPTED)
def batch_queue_summaries(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    data: Annotated[BatchQueueRequest | None, Body()] = None,
) -> BatchQueueResult:
    """Queue the summaries of many students at once (omitted: all who received feedback)."""
    limit(principal, "batch")
    student_ids = data.student_ids if data is not None else None
    return SummaryJobService(session, principal).batch_queue(evaluation_id, student_ids)


@router.get("/evaluation/{evaluation_id}/jobs")
def list_summary_jobs(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    page: PageDep,
    status: Annotated[JobStatus | None, Query()] = None,
) -> JobList:
    """The evaluation's summary jobs, newest first, with the count per status."""
    return SummaryJobService(session, principal).list_jobs(
        evaluation_id, status, page.limit, page.offset
    )


@router.post("/jobs/{job_id}/cancel")
def cancel_summary_job(job_id: str, principal: StaffDep, session: SessionDep) -> JobRead:
    """Cancel a queued or running summary job."""
    return SummaryJobService(session, principal).cancel(job_id)


# --- Teacher review of summaries (summary_release = "teacher_review") --------------------

from teameval.summaries.review_service import SummaryReviewService  # noqa: E402
from teameval.summaries.schemas import (  # noqa: E402
    PublishAllResult,
    ReviewList,
    SummaryEdit,
    SummaryReviewRead,
)


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
    """Release a reviewed summary to its student (`teacher_review` evaluations)."""
    return SummaryReviewService(session, principal).publish(evaluation_id, student_id)


@router.post("/evaluation/{evaluation_id}/publish-all")
def publish_all_summaries(
    evaluation_id: int, principal: StaffDep, session: SessionDep
) -> PublishAllResult:
    """Release every summary that is ready; the ones that need a look are listed instead."""
    return SummaryReviewService(session, principal).publish_all(evaluation_id)


# --- Summaries read synchronously, and quotes --------------------------------------------

from teameval.summaries.schemas import QuoteList, SummaryRead  # noqa: E402
from teameval.summaries.summary_service import SummaryContentService  # noqa: E402


@router.get("/evaluation/{evaluation_id}/student/{student_id}")
def get_summary(
    evaluation_id: int, student_id: int, principal: PrincipalDep, session: SessionDep
) -> SummaryRead:
    """The student's summary: stored and up to date (`cached`), else made now within the budget."""
    return SummaryContentService(session, principal).get_summary(evaluation_id, student_id)


@router.post("/evaluation/{evaluation_id}/student/{student_id}/regenerate")
def regenerate_summary(
    evaluation_id: int, student_id: int, principal: PrincipalDep, session: SessionDep
) -> SummaryRead:
    """Make the student's summary again (students are rate-limited)."""
    return SummaryContentService(session, principal).regenerate(evaluation_id, student_id)


@router.get("/evaluation/{evaluation_id}/student/{student_id}/quotes")
def list_summary_quotes(
    evaluation_id: int, student_id: int, principal: PrincipalDep, session: SessionDep
) -> QuoteList:
    """The anonymised comments the student received."""
    return SummaryContentService(session, principal).quotes(evaluation_id, student_id)
