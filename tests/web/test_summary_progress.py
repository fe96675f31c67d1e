"""The teacher's progress fragment and its poll: retries and the estimate, worded (issue 14
item 5; the rule is summaries/progress.py)."""

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User, utcnow
from teameval.summaries.jobs import RETRYING
from tests.factories.results import make_reviewed_scenario
from tests.factories.summaries import make_scenario_job


def test_retries_show_their_attempt_and_why(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_reviewed_scenario(session, school, {"A": ["Anna", "Bram", "Cas", "Dirk"]})
    now = utcnow()
    make_scenario_job(
        session, scenario, "Anna", status="queued", attempts=1, error_message=RETRYING
    )
    make_scenario_job(session, scenario, "Bram", status="processing", attempts=2, started_at=now)
    make_scenario_job(
        session, scenario, "Cas", status="processing", attempts=1, started_at=now
    )  # first try
    make_scenario_job(session, scenario, "Dirk", status="completed", attempts=1, completed_at=now)
    page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}"
    data = client.get(f"{url}/summaries/progress").json()
    assert (data["done"], data["total"], data["active"], data["retrying"]) == (1, 4, 3, 2)
    assert data["label"] == "1 van 4 klaar (25%)"
    assert data["retrying_text"] == "2 samenvattingen worden opnieuw geprobeerd."
    texts = sorted(r["text"] for r in data["retries"])
    assert texts == [
        "Anna: poging 2 van 3, in de wachtrij",
        "Bram: poging 2 van 3, bezig",
    ]
    anna = next(r for r in data["retries"] if r["text"].startswith("Anna"))
    assert anna["reason"] == "De AI was even niet bereikbaar; we proberen het zo opnieuw."
    # The page says the same on its first render, before any poll.
    page = client.get(url).text
    assert "Anna: poging 2 van 3, in de wachtrij" in page
    assert "2 samenvattingen worden opnieuw geprobeerd." in page


def test_the_estimate_is_worded_for_the_teacher(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_reviewed_scenario(session, school, {"A": ["Anna", "Bram"]})
    now = utcnow()
    make_scenario_job(session, scenario, "Anna", status="queued", enqueued_at=now)
    page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/summaries/progress"
    first = client.get(url).json()["estimate"]
    assert first == (
        "Een schatting van de resterende tijd volgt zodra de eerste samenvattingen klaar zijn."
    )
    for seconds in (120, 0):
        make_scenario_job(
            session,
            scenario,
            "Bram",
            status="completed",
            attempts=1,
            completed_at=now - timedelta(seconds=seconds),
        )
    # One finish in 120 s: half a job a minute, one job to go: about 2 minutes.
    assert client.get(url).json()["estimate"] == (
        "Nog ongeveer 2 minuten. Tempo nu: ongeveer 0,5 samenvattingen per minuut."
    )
