"""The job status poll: from the status cache when it holds the job, else from the database."""

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.db import session_factory
from teameval.summaries import status_cache
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.schemas import JobRead


class StatusReader:
    """Answers `GET /jobs/{job_id}/status` for one principal.

    The common case (a student or an admin polling a job the cache holds) costs one Redis round
    trip and no database transaction. A teacher's access depends on the course's staff, which
    is read from the database, so a teacher's poll always goes there (and refreshes the entry).
    The database session is opened only on that path, and closed on this thread.
    """

    def __init__(self, principal: Principal, settings: Settings) -> None:
        self.principal = principal
        self.settings = settings

    def status(self, job_id: str) -> JobRead:
        """Where the job stands, as `SummaryJobService.status` would answer."""
        cached = status_cache.lookup(job_id)
        if cached.entry is not None and self.principal.role != "teacher":
            return status_cache.answer(cached.entry, self.principal)
        with session_factory()() as session:
            return SummaryJobService(session, self.principal, self.settings).status(job_id, cached)
