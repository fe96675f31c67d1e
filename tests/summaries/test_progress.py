"""Honest progress (summaries/progress.py): retries with their attempt, and an estimate from
the queue ahead and the rate the workers finished jobs at (issue 14 item 5)."""

from datetime import timedelta

from sqlalchemy.orm import Session

from teameval.models import School, utcnow
from teameval.summaries.progress import summary_progress
from tests.factories.results import make_reviewed_scenario
from tests.factories.summaries import make_scenario_job, principal_of


def test_the_estimate_counts_the_queue_ahead_at_the_observed_rate(
    session: Session, school: School
) -> None:
    ours = make_reviewed_scenario(session, school, {"A": ["Anna", "Bram", "Cas"]})
    other = make_reviewed_scenario(session, school, {"A": ["Eva", "Fay"]})
    now = utcnow()
    # Another evaluation's job went on the queue first: it is ahead of ours.
    make_scenario_job(
        session, other, "Eva", status="queued", enqueued_at=now - timedelta(minutes=2)
    )
    # Later than ours: behind, not counted.
    make_scenario_job(
        session, other, "Fay", status="queued", enqueued_at=now + timedelta(minutes=1)
    )
    make_scenario_job(
        session, ours, "Anna", status="queued", enqueued_at=now - timedelta(minutes=1)
    )
    make_scenario_job(session, ours, "Bram", status="processing", attempts=1, enqueued_at=now)
    staff = principal_of(ours.teacher)

    # No finished job in the last minutes: no rate, no time, but the queue ahead is known.
    waiting = summary_progress(session, staff, ours.evaluation.id)
    assert waiting.estimate is not None
    assert (waiting.estimate.remaining, waiting.estimate.ahead) == (2, 1)
    assert waiting.estimate.seconds is None and waiting.estimate.rate_per_min is None

    # Three finishes 30 s apart: 2 jobs a minute, so 3 jobs (1 ahead + 2 ours) take 90 s.
    for seconds in (60, 30, 0):
        make_scenario_job(
            session,
            ours,
            "Cas",
            status="completed",
            attempts=1,
            completed_at=now - timedelta(seconds=seconds),
        )
    timed = summary_progress(session, staff, ours.evaluation.id)
    assert timed.estimate is not None
    assert timed.estimate.rate_per_min == 2.0
    assert timed.estimate.seconds == 90
    # Summaries found up to date (no attempt) and old finishes do not count towards the rate.
    make_scenario_job(session, ours, "Cas", status="completed", attempts=0, completed_at=now)
    make_scenario_job(
        session, ours, "Cas", status="completed", attempts=1, completed_at=now - timedelta(hours=1)
    )
    again = summary_progress(session, staff, ours.evaluation.id)
    assert again.estimate is not None and again.estimate.seconds == 90
