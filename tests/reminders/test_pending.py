"""Who has not submitted (and what), and reminders to some of them, through the API."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.school import make_school, make_user
from tests.reminders.conftest import Mailbox
from tests.reminders.test_reminders import open_class

Login = Callable[[User], dict[str, Any]]


def test_pending_lists_each_student_with_what_is_missing(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = open_class(session, school)
    url = f"/api/v1/evaluations/{scenario.evaluation.id}/reminders/pending"
    answer = client.get(url, headers=login(scenario.teacher))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["smtp_configured"] is False
    students = {s["name"]: s["missing"] for s in body["students"]}
    assert list(students) == ["Bram", "Cas"]  # Anna submitted everything
    assert [(m["reviewee_name"], m["is_self"], m["status"]) for m in students["Bram"]] == [
        ("Bram", True, "todo"),
        ("Cas", False, "draft"),
    ]
    assert len(students["Cas"]) == 3
    assert body["example_to"] == "Bram" and "nog 2 beoordelingen" in body["body"]

    stranger = make_user(session, make_school(session), "teacher")
    assert client.get(url, headers=login(stranger)).status_code == 404
    colleague = make_user(session, school, "teacher")  # same school, not on the course
    assert client.get(url, headers=login(colleague)).status_code == 404


def test_a_reminder_to_the_chosen_students_only(
    client: TestClient, login: Login, session: Session, school: School, mailbox: Mailbox
) -> None:
    scenario = open_class(session, school)
    cas = scenario.students["Cas"]
    headers = login(scenario.teacher)
    url = f"/api/v1/evaluations/{scenario.evaluation.id}/remind"
    nobody = client.post(url, json={"student_ids": []}, headers=headers)
    assert nobody.status_code == 422
    assert nobody.json()["code"] == "reminder_nobody_chosen"
    # Anna is chosen too, but has nothing left: she gets nothing.
    chosen = [cas.id, scenario.students["Anna"].id]
    sent = client.post(url, json={"student_ids": chosen}, headers=headers)
    assert sent.status_code == 200, sent.text
    assert (sent.json()["recipient_count"], sent.json()["sent_count"]) == (1, 1)
    assert [m["To"] for m in mailbox.messages] == ["cas@s.example"]
