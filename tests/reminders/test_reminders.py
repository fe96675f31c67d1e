"""Reminder e-mails: the button, the automatic reminder before the deadline, and their rules."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.models import EvaluationReminder, School, User, utcnow
from teameval.reminders.jobs import send_due_reminders
from tests.factories.results import Scenario, make_scenario, write_review
from tests.factories.school import make_school, make_user
from tests.queue.processes import worker_env
from tests.reminders.conftest import Mailbox, free_port, use_settings

Login = Callable[[User], dict[str, Any]]


def open_class(session: Session, school: School, **overrides: Any) -> Scenario:
    """Anna submitted everything, Bram one of three, Cas nothing."""
    scenario = make_scenario(
        session, school, {"T": ["Anna", "Bram", "Cas"]}, status="open", **overrides
    )
    for reviewee in ("Anna", "Bram", "Cas"):
        write_review(session, scenario, "Anna", reviewee, [4, 4])
    write_review(session, scenario, "Bram", "Anna", [4, 4])
    write_review(session, scenario, "Bram", "Cas", [4, 4], status="draft")
    return scenario


def remind(client: TestClient, headers: dict[str, Any], scenario: Scenario) -> Any:
    return client.post(f"/api/v1/evaluations/{scenario.evaluation.id}/remind", headers=headers)


def test_button_mails_each_student_with_reviews_left(
    client: TestClient, login: Login, session: Session, school: School, mailbox: Mailbox
) -> None:
    scenario = open_class(session, school)
    scenario.students["Cas"].language = "en"
    session.commit()
    response = remind(client, login(scenario.teacher), scenario)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["kind"], body["status"]) == ("manual", "sent")
    assert (body["recipient_count"], body["sent_count"], body["failed_count"]) == (2, 2, 0)
    assert mailbox.to("anna@s.example") == []
    (bram,) = mailbox.to("bram@s.example")
    assert bram["Subject"] == "Herinnering: vul je peer-evaluatie 'Peer evaluation' in"
    text = bram.get_content()
    assert "Hallo Bram" in text and "nog 2 beoordelingen" in text
    assert f"https://teameval.school.example/student/evaluations/{scenario.evaluation.id}" in text
    assert "De deadline is " in text
    (cas,) = mailbox.to("cas@s.example")
    assert "You still have 3 reviews" in cas.get_content()  # Cas reads English

    listed = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/reminders", headers=login(scenario.teacher)
    )
    assert [r["sent_count"] for r in listed.json()] == [2]


def test_button_twice_within_the_interval_is_throttled(
    client: TestClient, login: Login, session: Session, school: School, mailbox: Mailbox
) -> None:
    scenario = open_class(session, school)
    headers = login(scenario.teacher)
    assert remind(client, headers, scenario).status_code == 200
    again = remind(client, headers, scenario)
    assert again.status_code == 429
    assert again.json()["code"] == "reminder_too_soon"
    assert 0 < int(again.headers["Retry-After"]) <= 3600
    assert len(mailbox.messages) == 2


def test_button_rules(
    client: TestClient, login: Login, session: Session, school: School, mailbox: Mailbox
) -> None:
    closed = make_scenario(session, school, {"T": ["Dirk", "Eva"]}, status="closed")
    response = remind(client, login(closed.teacher), closed)
    assert (response.status_code, response.json()["code"]) == (422, "evaluation_not_open")
    scenario = open_class(session, school)
    assert remind(client, login(scenario.students["Bram"]), scenario).status_code == 403
    other = make_user(session, make_school(session), "teacher")
    assert remind(client, login(other), scenario).status_code == 404
    assert mailbox.messages == []


def test_without_smtp_settings_the_button_says_so(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = open_class(session, school)
    response = remind(client, login(scenario.teacher), scenario)
    assert (response.status_code, response.json()["code"]) == (422, "smtp_not_configured")


def test_mail_server_down_answers_503_and_does_not_block_a_retry(
    client: TestClient,
    login: Login,
    session: Session,
    school: School,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = open_class(session, school)
    use_settings(monkeypatch, smtp_host="127.0.0.1", smtp_port=str(free_port()))
    try:
        response = remind(client, login(scenario.teacher), scenario)
        assert (response.status_code, response.json()["code"]) == (503, "mail_unavailable")
        row = session.scalars(select(EvaluationReminder)).one()
        assert (row.status, row.sent_count, row.failed_count) == ("failed", 0, 2)
        # A failed round does not count for the throttle.
        assert remind(client, login(scenario.teacher), scenario).status_code == 503
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_automatic_reminder_goes_once_when_the_deadline_is_near(
    session: Session, school: School, mailbox: Mailbox
) -> None:
    now = utcnow()
    near = open_class(session, school, deadline=now + timedelta(hours=20))
    far = make_scenario(
        session, school, {"F": ["Fay", "Gus"]}, status="open", deadline=now + timedelta(hours=30)
    )
    assert send_due_reminders(get_settings(), now) == [near.evaluation.id]
    assert sorted(m["To"] for m in mailbox.messages) == ["bram@s.example", "cas@s.example"]
    assert send_due_reminders(get_settings(), now) == []  # recorded: sent once
    assert send_due_reminders(get_settings(), now + timedelta(hours=1)) == []
    assert len(mailbox.messages) == 2
    row = session.scalars(select(EvaluationReminder)).one()
    assert (row.kind, row.dedupe_key, row.status) == ("auto", f"auto:{near.evaluation.id}", "sent")
    # Later the other evaluation's deadline comes near too.
    assert send_due_reminders(get_settings(), now + timedelta(hours=7)) == [far.evaluation.id]


def test_automatic_reminder_skips_closed_past_and_just_opened_evaluations(
    session: Session, school: School, mailbox: Mailbox
) -> None:
    now = utcnow()
    closed = make_scenario(
        session, school, {"C": ["Hans", "Ida"]}, status="closed", deadline=now + timedelta(hours=5)
    )
    past = make_scenario(
        session, school, {"P": ["Jan", "Kim"]}, status="open", deadline=now - timedelta(hours=1)
    )
    fresh = make_scenario(
        session,
        school,
        {"N": ["Lot", "Max"]},
        status="open",
        deadline=now + timedelta(hours=10),
        opened_at=now - timedelta(hours=1),
    )
    assert send_due_reminders(get_settings(), now) == []
    assert mailbox.messages == []
    # The just-opened one is reminded neither later, the closed and past ones never.
    assert send_due_reminders(get_settings(), now + timedelta(hours=2)) == []
    assert {closed.evaluation.id, past.evaluation.id, fresh.evaluation.id}.isdisjoint(
        r.evaluation_id for r in session.scalars(select(EvaluationReminder))
    )


def test_automatic_reminder_retries_after_the_mail_server_was_down(
    session: Session, school: School, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    scenario = open_class(session, school, deadline=now + timedelta(hours=20))
    working_port = str(get_settings().smtp_port)
    use_settings(monkeypatch, smtp_port=str(free_port()))
    assert send_due_reminders(get_settings(), now) == []
    assert session.scalars(select(EvaluationReminder)).all() == []  # the claim was given up
    use_settings(monkeypatch, smtp_port=working_port)
    assert send_due_reminders(get_settings(), now + timedelta(minutes=1)) == [
        scenario.evaluation.id
    ]
    assert len(mailbox.messages) == 2


def test_automatic_reminder_can_be_switched_off(
    session: Session, school: School, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    open_class(session, school, deadline=now + timedelta(hours=20))
    use_settings(monkeypatch, reminder_auto_enabled="false")
    assert send_due_reminders(get_settings(), now) == []
    assert mailbox.messages == []


def test_the_scheduler_process_sends_the_automatic_reminder(
    session: Session, school: School, mailbox: Mailbox
) -> None:
    """`teameval reconcile --loop` (the worker's scheduler process) runs the reminder job."""
    open_class(session, school, deadline=utcnow() + timedelta(hours=20))
    command = [sys.executable, "-m", "teameval.cli", "reconcile", "--loop"]
    process = subprocess.Popen([*command, "--parent-pid", str(os.getpid())], env=worker_env())
    try:
        deadline = time.monotonic() + 60
        while len(mailbox.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(10)
    assert sorted(m["To"] for m in mailbox.messages) == ["bram@s.example", "cas@s.example"]
    assert session.scalars(select(EvaluationReminder.kind)).all() == ["auto"]
