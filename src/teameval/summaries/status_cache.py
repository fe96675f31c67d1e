"""The job status cache: a status poll answered from Redis in one round trip, no database.

What is kept, per job (`teameval:job-status:{job_id}`, JSON, at most `TTL_S`): the job's own
columns (`JobFacts`), what authorising a reader needs (the school, the course, the student in
the facts), whether the student may see it now (`released`, the release rule of
summaries/access.py applied when the entry was written) and the text they would read.
Beside it `teameval:job-owner:{job_id}` names the job's (evaluation, student), which never
change.

The rows stay the truth. Every write of a job, a summary or an evaluation's release bumps the
revision of the (evaluation, student) or of the evaluation after its commit
(summaries/changes.py). An entry records the two revisions read *before* the rows it was made
from, and counts only while both are still current: so an entry is never older than the last
change whose bump came before it. Who writes entries: the worker and the reconciler right after
each change they commit (`refresh`), and a status poll that missed (`StatusReader`). A miss, a
stale entry or Redis trouble falls back to the database.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel
from redis import RedisError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import Forbidden, NotFound
from teameval.models import Evaluation, FeedbackSummary, SummaryGenerationJob
from teameval.queue.after_commit import revision
from teameval.queue.connection import get_redis
from teameval.summaries.access import released_to_student
from teameval.summaries.changes import evaluation_revision_key, summary_revision_key
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.job_view import JobFacts, job_read, released_text
from teameval.summaries.schemas import JobRead

log = logging.getLogger("teameval.summaries.status_cache")

TTL_S = 300
OWNER_TTL_S = 24 * 3600
_ENTRY = "teameval:job-status"
_OWNER = "teameval:job-owner"
_REVISION_PREFIX = summary_revision_key(0, 0).rsplit(":", 2)[0]

# One round trip: the entry and the two revisions it is judged by, found through the owner.
_LOOKUP = """
local owner = redis.call('GET', KEYS[2])
if not owner then return false end
local evaluation, student = string.match(owner, '^(%d+):(%d+)$')
return {redis.call('GET', KEYS[1]),
        redis.call('GET', ARGV[1] .. ':' .. evaluation .. ':' .. student),
        redis.call('GET', ARGV[1] .. ':' .. evaluation)}
"""

Revisions = tuple[int, int]


class StatusEntry(BaseModel):
    """What the cache keeps of one job."""

    school_id: int
    course_id: int
    released: bool  # the student may see their summary now
    student_text: str | None  # what the student reads as this job's result, if it is theirs
    job: JobFacts
    rev: Revisions


def entry_for(
    job: SummaryGenerationJob,
    evaluation: Evaluation,
    summary: FeedbackSummary | None,
    rev: Revisions,
) -> StatusEntry:
    """The entry of a job as just read, under the revisions read before it."""
    return StatusEntry(
        school_id=job.school_id,
        course_id=evaluation.course_id,
        released=released_to_student(evaluation, summary),
        student_text=released_text(job, summary),
        job=JobFacts.model_validate(job),
        rev=rev,
    )


def answer(entry: StatusEntry, principal: Principal) -> JobRead:
    """The status as `principal` sees it, with the same checks `SummaryJobService.status`
    makes on the rows: another school's job or another student's is not found, a student's
    unreleased summary is refused. Not for teachers: whether one teaches the course is read
    from the database (`StatusReader` sends them there)."""
    if principal.role == "teacher":
        raise ValueError("a teacher's access is checked in the database")
    if entry.school_id != principal.school_id:
        raise NotFound()
    if principal.is_student:
        if principal.user_id != entry.job.student_id:
            raise NotFound()
        if not entry.released:
            raise Forbidden("summary_not_released")
    return job_read(entry.job, principal, entry.student_text)


@dataclass(frozen=True)
class Lookup:
    """What the cache said about a job."""

    entry: StatusEntry | None = None  # current: answer from it
    rev: Revisions | None = None  # the revisions to store a fresh entry under, if known
    available: bool = True  # False: Redis did not answer (do not try to write either)


def lookup(job_id: str) -> Lookup:
    """The job's entry while it is current, else the revisions to store a fresh one under
    (none while the job's owner is not known yet)."""
    try:
        found = get_redis().register_script(_LOOKUP)(
            keys=[_entry_key(job_id), _owner_key(job_id)], args=[_REVISION_PREFIX]
        )
    except RedisError:
        log.warning("status cache unavailable; reading job %s from the database", job_id)
        return Lookup(available=False)
    if not found:
        return Lookup()
    raw, student_rev, evaluation_rev = found
    rev = (revision(student_rev), revision(evaluation_rev))
    entry = StatusEntry.model_validate_json(raw) if raw else None
    if entry is not None and tuple(entry.rev) != rev:
        entry = None
    return Lookup(entry=entry, rev=rev)


def store(entries: Sequence[StatusEntry], owners: Sequence[SummaryGenerationJob] = ()) -> None:
    """Keep these entries, and remember who these jobs belong to; Redis trouble is logged."""
    try:
        pipe = get_redis().pipeline(transaction=False)
        for entry in entries:
            pipe.set(_entry_key(entry.job.job_id), entry.model_dump_json(), ex=TTL_S)
            pipe.set(_owner_key(entry.job.job_id), _owner(entry.job), ex=OWNER_TTL_S)
        for job in owners:
            pipe.set(_owner_key(job.job_id), _owner(job), ex=OWNER_TTL_S)
        pipe.execute()
    except RedisError:
        log.warning("could not write %d status cache entries", len(entries), exc_info=True)


def refresh(session: Session, jobs: Sequence[SummaryGenerationJob]) -> None:
    """Write the entries of jobs whose change was just committed (the worker, the reconciler):
    the revisions first, then the rows, in a transaction of its own."""
    if not jobs:
        return
    try:
        keys = [
            key
            for job in jobs
            for key in (
                summary_revision_key(job.evaluation_id, job.student_id),
                evaluation_revision_key(job.evaluation_id),
            )
        ]
        values = get_redis().mget(keys)
    except RedisError:
        log.warning("could not refresh %d status cache entries", len(jobs), exc_info=True)
        return
    revs = {
        job.job_id: (revision(values[2 * i]), revision(values[2 * i + 1]))
        for i, job in enumerate(jobs)
    }
    found = SummaryJobRepository.system(session).many_with_evaluation_and_summary(list(revs))
    entries = [
        entry_for(job, evaluation, summary, revs[job.job_id]) for job, evaluation, summary in found
    ]
    session.rollback()  # read only
    store(entries)


def _entry_key(job_id: str) -> str:
    return f"{_ENTRY}:{job_id}"


def _owner_key(job_id: str) -> str:
    return f"{_OWNER}:{job_id}"


def _owner(job: JobFacts | SummaryGenerationJob) -> str:
    return f"{job.evaluation_id}:{job.student_id}"
