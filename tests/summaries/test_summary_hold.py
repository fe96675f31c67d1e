"""Teacher control in both release modes: edit, hold back and release again (issue 14 item 6).

A held-back summary disappears from the student's overview and from every summary answer the
student's API gives, until a teacher releases it again.
"""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, utcnow
from tests.factories.results import Scenario, make_scenario, write_review
from tests.factories.school import make_school, make_user
from tests.factories.summaries import make_scenario_job
from tests.summaries.test_review_routes import BASE, Login, add_summary, my_summary, regenerate


def _completed_job(session: Session, scenario: Scenario, name: str) -> str:
    """The finished job that made `name`'s summary (what the student's page follows)."""
    result = {
        "summary_text": f"Samenvatting voor {name}.",
        "generation_method": "ai",
        "feedback_count": 1,
    }
    job = make_scenario_job(
        session,
        scenario,
        name,
        status="completed",
        attempts=1,
        feedback_hash="hash-1",
        result=result,
        completed_at=utcnow(),
    )
    return job.job_id


def _auto(session: Session, school: School, status: str = "closed") -> Scenario:
    scenario = make_scenario(session, school, {"A": ["Dirk", "Eva"]}, status=status)
    write_review(session, scenario, "Eva", "Dirk", [4, 4], ["Helpt goed", ""])
    add_summary(session, scenario, "Dirk")
    return scenario


def _student_api(client: TestClient, login: Login, scenario: Scenario, name: str) -> list[int]:
    """What the student's own summary endpoints answer (status codes)."""
    student = scenario.students[name]
    headers = login(student)
    url = f"{BASE}/{scenario.evaluation.id}/student/{student.id}"
    return [
        client.get(url, headers=headers).status_code,
        client.post(f"{url}/queue", headers=headers).status_code,
        client.post(f"{url}/regenerate", headers=headers).status_code,
    ]


def test_auto_mode_edit_hold_back_and_release_again(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    auto = _auto(session, school)
    job_id = _completed_job(session, auto, "Dirk")
    teacher = login(auto.teacher)
    url = f"{BASE}/{auto.evaluation.id}/student/{auto.students['Dirk'].id}"
    assert client.get(f"{url}/review", headers=teacher).json()["state"] == "published"

    # Edit: under `auto` the student reads the teacher's text at once.
    edited = client.put(url, json={"text": "Door de docent aangepast."}, headers=teacher)
    assert edited.status_code == 200, edited.text
    shown = my_summary(client, login, auto, "Dirk")
    assert (shown["state"], shown["summary_text"]) == ("completed", "Door de docent aangepast.")

    # Hold back: gone from the overview and from the student's summary API.
    held = client.post(f"{url}/hold", headers=teacher)
    assert held.status_code == 200, held.text
    assert held.json()["state"] == "held_back" and held.json()["held_back_at"]
    shown = my_summary(client, login, auto, "Dirk")
    assert shown["state"] == "awaiting_review"
    assert shown["summary_text"] is None and shown["job_id"] is None
    dirk = login(auto.students["Dirk"])
    status = client.get(f"/api/v1/feedback-summaries/jobs/{job_id}/status", headers=dirk)
    assert (status.status_code, status.json()["code"]) == (403, "summary_not_released")
    assert _student_api(client, login, auto, "Dirk") == [403, 403, 403]
    # Holding twice changes nothing; the teacher still reads it.
    assert client.post(f"{url}/hold", headers=teacher).json()["state"] == "held_back"
    listed = client.get(f"{BASE}/{auto.evaluation.id}/review", headers=teacher).json()
    assert listed["counts"]["held_back"] == 1

    # Release again: back for the student, with the edit.
    released = client.post(f"{url}/publish", headers=teacher)
    assert (released.status_code, released.json()["state"]) == (200, "published")
    shown = my_summary(client, login, auto, "Dirk")
    assert (shown["state"], shown["summary_text"]) == ("completed", "Door de docent aangepast.")
    status = client.get(f"/api/v1/feedback-summaries/jobs/{job_id}/status", headers=dirk)
    assert status.status_code == 200


def test_held_back_before_closing_stays_held_and_survives_a_new_summary(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    auto = _auto(session, school, status="open")
    teacher = login(auto.teacher)
    url = f"{BASE}/{auto.evaluation.id}/student/{auto.students['Dirk'].id}"
    assert client.get(f"{url}/review", headers=teacher).json()["state"] == "unpublished"
    assert client.post(f"{url}/hold", headers=teacher).status_code == 200
    close = client.post(f"/api/v1/evaluations/{auto.evaluation.id}/close", headers=teacher)
    assert close.status_code == 200, close.text
    # The pipeline writes a new summary (an upsert): the teacher's hold stays.
    summary = session.query(FeedbackSummary).filter_by(student_id=auto.students["Dirk"].id).one()
    regenerate(session, summary, "hash-2")
    session.refresh(summary)
    assert summary.held_back_at is not None
    assert my_summary(client, login, auto, "Dirk")["state"] == "awaiting_review"


def test_teacher_review_mode_hold_back_takes_a_published_summary_away(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    reviewed = make_scenario(
        session, school, {"T": ["Anna", "Bram"]}, summary_release="teacher_review"
    )
    for name in ("Anna", "Bram"):
        add_summary(session, reviewed, name)
    teacher = login(reviewed.teacher)
    ids = {name: u.id for name, u in reviewed.students.items()}
    anna = f"{BASE}/{reviewed.evaluation.id}/student/{ids['Anna']}"
    client.post(f"{anna}/publish", headers=teacher)
    assert my_summary(client, login, reviewed, "Anna")["state"] == "completed"

    assert client.post(f"{anna}/hold", headers=teacher).json()["state"] == "held_back"
    assert my_summary(client, login, reviewed, "Anna")["state"] == "awaiting_review"
    # "Publish all" leaves a held-back summary alone and says why.
    everyone = client.post(f"{BASE}/{reviewed.evaluation.id}/publish-all", headers=teacher)
    body = everyone.json()
    assert body["published"] == [ids["Bram"]]
    assert [(s["student_id"], s["reason"]) for s in body["skipped"]] == [(ids["Anna"], "held_back")]
    # Publishing it one by one releases it again.
    assert client.post(f"{anna}/publish", headers=teacher).json()["state"] == "published"
    assert my_summary(client, login, reviewed, "Anna")["summary_text"] == "Samenvatting voor Anna."


def test_only_the_schools_staff_may_hold_back(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    auto = _auto(session, school)
    dirk = auto.students["Dirk"]
    url = f"{BASE}/{auto.evaluation.id}/student/{dirk.id}/hold"
    assert client.post(url, headers=login(dirk)).status_code == 403
    other = login(make_user(session, make_school(session), "teacher"))
    assert client.post(url, headers=other).status_code == 404
    eva = f"{BASE}/{auto.evaluation.id}/student/{auto.students['Eva'].id}/hold"
    missing: Any = client.post(eva, headers=login(auto.teacher))
    assert (missing.status_code, missing.json()["code"]) == (422, "summary_not_generated")


def test_teacher_review_before_closing_a_hold_can_end_but_nothing_is_published(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    reviewed = make_scenario(
        session, school, {"O": ["Gus", "Hop"]}, status="open", summary_release="teacher_review"
    )
    add_summary(session, reviewed, "Gus")
    teacher = login(reviewed.teacher)
    url = f"{BASE}/{reviewed.evaluation.id}/student/{reviewed.students['Gus'].id}"
    assert client.post(f"{url}/hold", headers=teacher).json()["state"] == "held_back"
    ended = client.post(f"{url}/publish", headers=teacher)
    assert (ended.status_code, ended.json()["state"]) == (200, "unpublished")
    assert ended.json()["published_at"] is None
    refused = client.post(f"{url}/publish", headers=teacher)  # publishing waits for closing
    assert (refused.status_code, refused.json()["code"]) == (422, "publish_needs_closed")
