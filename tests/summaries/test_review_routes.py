"""Teacher review of summaries: read, edit (kept while the feedback is unchanged), publish."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, User, utcnow
from tests.factories.results import Scenario, make_scenario, write_review
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]
BASE = "/api/v1/feedback-summaries/evaluation"


@pytest.fixture
def reviewed(session: Session, school: School) -> Scenario:
    """A closed teacher_review evaluation; Anna and Bram have a summary, Cas none yet."""
    scenario = make_scenario(
        session, school, {"T": ["Anna", "Bram", "Cas"]}, summary_release="teacher_review"
    )
    write_review(session, scenario, "Bram", "Anna", [4, 4], ["Goed gepland", ""])
    for name in ("Anna", "Bram"):
        add_summary(session, scenario, name)
    return scenario


def add_summary(session: Session, scenario: Scenario, name: str) -> FeedbackSummary:
    summary = FeedbackSummary(
        school_id=scenario.school.id,
        evaluation_id=scenario.evaluation.id,
        student_id=scenario.students[name].id,
        summary_text=f"Samenvatting voor {name}.",
        generation_method="ai",
        feedback_hash="hash-1",
        feedback_count=1,
        generated_at=utcnow() - timedelta(minutes=1),
    )
    session.add(summary)
    session.commit()
    return summary


def regenerate(session: Session, summary: FeedbackSummary, new_hash: str) -> None:
    """What the pipeline does when feedback changed: new text, hash and generated_at."""
    summary.summary_text = "Nieuwe samenvatting."
    summary.feedback_hash = new_hash
    summary.generated_at = utcnow() + timedelta(seconds=1)
    session.commit()


def my_summary(client: TestClient, login: Login, scenario: Scenario, name: str) -> Any:
    url = f"/api/v1/evaluations/{scenario.evaluation.id}/results/mine"
    response = client.get(url, headers=login(scenario.students[name]))
    assert response.status_code == 200, response.text
    return response.json()["summary"]


def test_review_list_shows_every_student_and_state(
    client: TestClient, login: Login, reviewed: Scenario
) -> None:
    response = client.get(
        f"{BASE}/{reviewed.evaluation.id}/review", headers=login(reviewed.teacher)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["counts"] == {"unpublished": 2, "missing": 1}
    states = {i["student_name"]: i["state"] for i in body["items"]}
    assert states == {"Anna": "unpublished", "Bram": "unpublished", "Cas": "missing"}


def test_edit_is_what_the_student_reads_after_publishing(
    client: TestClient, login: Login, reviewed: Scenario
) -> None:
    teacher = login(reviewed.teacher)
    anna = reviewed.students["Anna"].id
    url = f"{BASE}/{reviewed.evaluation.id}/student/{anna}"
    edited = client.put(url, json={"text": "  Door de docent herschreven.  "}, headers=teacher)
    assert edited.status_code == 200, edited.text
    assert edited.json()["text_for_student"] == "Door de docent herschreven."
    assert edited.json()["edit_outdated"] is False
    assert my_summary(client, login, reviewed, "Anna")["state"] == "awaiting_review"

    published = client.post(f"{url}/publish", headers=teacher)
    assert published.status_code == 200, published.text
    assert published.json()["state"] == "published"
    shown = my_summary(client, login, reviewed, "Anna")
    assert (shown["state"], shown["summary_text"]) == ("completed", "Door de docent herschreven.")
    # Bram's summary was not published: he still sees nothing.
    assert my_summary(client, login, reviewed, "Bram")["summary_text"] is None


def test_changed_feedback_warns_and_blocks_publishing_the_old_edit(
    client: TestClient, login: Login, session: Session, reviewed: Scenario
) -> None:
    teacher = login(reviewed.teacher)
    anna = reviewed.students["Anna"].id
    url = f"{BASE}/{reviewed.evaluation.id}/student/{anna}"
    client.put(url, json={"text": "Bewerkt."}, headers=teacher)
    summary = session.query(FeedbackSummary).filter_by(student_id=anna).one()
    regenerate(session, summary, "hash-2")

    read = client.get(f"{url}/review", headers=teacher).json()
    assert read["edit_outdated"] is True
    assert read["edited_text"] == "Bewerkt."  # kept, so the teacher can reuse it
    assert read["text_for_student"] == "Nieuwe samenvatting."
    assert "feedback is veranderd" in read["warning"]
    refused = client.post(f"{url}/publish", headers=teacher)
    assert (refused.status_code, refused.json()["code"]) == (409, "summary_edit_outdated")

    # Saving the edit again ties it to the new feedback; then it publishes.
    client.put(url, json={"text": "Bewerkt, opnieuw."}, headers=teacher)
    assert client.post(f"{url}/publish", headers=teacher).status_code == 200
    assert my_summary(client, login, reviewed, "Anna")["summary_text"] == "Bewerkt, opnieuw."


def test_removing_the_edit_falls_back_to_the_generated_text(
    client: TestClient, login: Login, reviewed: Scenario
) -> None:
    teacher = login(reviewed.teacher)
    url = f"{BASE}/{reviewed.evaluation.id}/student/{reviewed.students['Anna'].id}"
    client.put(url, json={"text": "Bewerkt."}, headers=teacher)
    cleared = client.put(url, json={"text": None}, headers=teacher).json()
    assert cleared["edited_text"] is None
    assert cleared["text_for_student"] == "Samenvatting voor Anna."


def test_a_summary_generated_again_after_publishing_needs_a_new_publication(
    client: TestClient, login: Login, session: Session, reviewed: Scenario
) -> None:
    teacher = login(reviewed.teacher)
    anna = reviewed.students["Anna"].id
    url = f"{BASE}/{reviewed.evaluation.id}/student/{anna}"
    client.post(f"{url}/publish", headers=teacher)
    summary = session.query(FeedbackSummary).filter_by(student_id=anna).one()
    session.refresh(summary)
    regenerate(session, summary, "hash-1")
    assert client.get(f"{url}/review", headers=teacher).json()["state"] == "outdated"
    assert my_summary(client, login, reviewed, "Anna")["state"] == "awaiting_review"
    client.post(f"{url}/publish", headers=teacher)
    assert my_summary(client, login, reviewed, "Anna")["summary_text"] == "Nieuwe samenvatting."


def test_publish_all_publishes_what_is_ready_and_lists_the_rest(
    client: TestClient, login: Login, session: Session, reviewed: Scenario
) -> None:
    teacher = login(reviewed.teacher)
    ids = {name: u.id for name, u in reviewed.students.items()}
    client.put(
        f"{BASE}/{reviewed.evaluation.id}/student/{ids['Bram']}",
        json={"text": "Oud."},
        headers=teacher,
    )
    bram = session.query(FeedbackSummary).filter_by(student_id=ids["Bram"]).one()
    regenerate(session, bram, "hash-2")
    response = client.post(f"{BASE}/{reviewed.evaluation.id}/publish-all", headers=teacher)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["published"] == [ids["Anna"]]
    assert body["already_published"] == 0
    assert sorted((s["student_id"], s["reason"]) for s in body["skipped"]) == sorted(
        [(ids["Bram"], "edit_outdated"), (ids["Cas"], "missing")]
    )
    again = client.post(f"{BASE}/{reviewed.evaluation.id}/publish-all", headers=teacher).json()
    assert (again["published"], again["already_published"]) == ([], 1)
    assert my_summary(client, login, reviewed, "Anna")["state"] == "completed"


def test_release_rules_and_access(
    client: TestClient, login: Login, session: Session, school: School, reviewed: Scenario
) -> None:
    anna = reviewed.students["Anna"].id
    url = f"{BASE}/{reviewed.evaluation.id}/student/{anna}"
    # A student may neither edit nor publish, not even their own.
    student = login(reviewed.students["Anna"])
    assert client.post(f"{url}/publish", headers=student).status_code == 403
    assert client.put(url, json={"text": "x"}, headers=student).status_code == 403
    # Another school's teacher: not found.
    other = login(make_user(session, make_school(session), "teacher"))
    assert client.post(f"{url}/publish", headers=other).status_code == 404
    # A student outside the evaluation: not found.
    stranger = make_user(session, school, "student")
    bad = f"{BASE}/{reviewed.evaluation.id}/student/{stranger.id}/publish"
    assert client.post(bad, headers=login(reviewed.teacher)).status_code == 404
    # No summary yet: a clear 422.
    cas = f"{BASE}/{reviewed.evaluation.id}/student/{reviewed.students['Cas'].id}/publish"
    missing = client.post(cas, headers=login(reviewed.teacher))
    assert (missing.status_code, missing.json()["code"]) == (422, "summary_not_generated")


def test_publishing_needs_a_closed_teacher_review_evaluation(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    auto = make_scenario(session, school, {"A": ["Dirk", "Eva"]})
    add_summary(session, auto, "Dirk")
    url = f"{BASE}/{auto.evaluation.id}/student/{auto.students['Dirk'].id}/publish"
    # Under `auto` a closed evaluation's summary is out already: publishing changes nothing.
    response = client.post(url, headers=login(auto.teacher))
    assert (response.status_code, response.json()["state"]) == (200, "published")
    everyone = client.post(f"{BASE}/{auto.evaluation.id}/publish-all", headers=login(auto.teacher))
    assert (everyone.status_code, everyone.json()["code"]) == (422, "summary_release_not_review")

    still_open = make_scenario(
        session, school, {"O": ["Fay", "Gus"]}, status="open", summary_release="teacher_review"
    )
    add_summary(session, still_open, "Fay")
    url = f"{BASE}/{still_open.evaluation.id}/student/{still_open.students['Fay'].id}/publish"
    response = client.post(url, headers=login(still_open.teacher))
    assert (response.status_code, response.json()["code"]) == (422, "publish_needs_closed")
