"""`GET /api/v1/evaluations/{id}/results`: the hand-computed example through the real API."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.results import (
    EXAMPLE_REVIEWS,
    Scenario,
    make_scenario,
    write_review,
    write_reviews,
)
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]


@pytest.fixture
def example(session: Session, school: School) -> Scenario:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]})
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    return scenario


def results(client: TestClient, headers: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    response = client.get(f"/api/v1/evaluations/{scenario.evaluation.id}/results", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["student"]["name"]: row for row in body["students"]}


def test_results_match_the_hand_computed_example(
    client: TestClient, login: Login, example: Scenario
) -> None:
    body = results(client, login(example.teacher), example)
    assert body["method"] == "catme"
    assert (body["adjustment_min"], body["adjustment_max"]) == (0.75, 1.10)
    assert [c["name"] for c in body["criteria"]] == ["Samenwerking", "Inzet"]
    rows = by_name(body)
    anna = rows["Anna"]
    assert [c["peer_average"] for c in anna["criteria"]] == [4.5, 3.5]
    assert [c["self_score"] for c in anna["criteria"]] == [5.0, 5.0]
    assert anna["peer_average"] == 4.0
    assert anna["self_peer_ratio"] == 1.25
    assert (anna["reviews_received"], anna["reviews_expected"]) == (2, 2)
    assert anna["catme_factor"] == pytest.approx(1.091, abs=1e-3)
    assert anna["adjustment_factor"] == pytest.approx(1.091, abs=1e-3)
    assert rows["Bram"]["adjustment_factor"] == 1.10
    assert rows["Cas"]["adjustment_factor"] == 0.75
    assert rows["Cas"]["webpa_score"] == pytest.approx(0.780, abs=1e-3)
    assert anna["team"]["name"] == "ABC"


def test_flags_carry_a_one_line_explanation(
    client: TestClient, login: Login, example: Scenario
) -> None:
    rows = by_name(results(client, login(example.teacher), example))
    cas = {f["code"]: f["message"] for f in rows["Cas"]["flags"]}
    # Cas: self 4 vs peers 2.5 -> overconfident; 2.5 vs the rest's 4.25 -> outlier.
    assert cas["overconfident"] == "Overschat zichzelf: zelf 4, teamgenoten 2,5 (1,5 hoger)."
    assert "outlier" in cas
    # Bram's 4.5 against the rest's 3.25 is a strong contribution, not a flag.
    assert {f["code"] for f in rows["Bram"]["flags"]} == {"underconfident"}
    assert [f["code"] for f in rows["Bram"]["positive_signals"]] == ["strong_contribution"]


def test_evaluation_settings_choose_webpa_and_the_clamp_range(
    client: TestClient, login: Login, session: Session, example: Scenario
) -> None:
    example.evaluation.adjustment_method = "webpa"
    example.evaluation.adjustment_min = 0.5
    example.evaluation.adjustment_max = 1.5
    session.commit()
    body = results(client, login(example.teacher), example)
    assert body["method"] == "webpa"
    rows = by_name(body)
    assert rows["Anna"]["adjustment_factor"] == pytest.approx(1.169, abs=1e-3)
    assert rows["Bram"]["adjustment_factor"] == pytest.approx(1.051, abs=1e-3)


def test_drafts_never_count(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"T": ["Anna", "Bram", "Cas"]})
    write_review(session, scenario, "Anna", "Bram", [4, 4])
    write_review(session, scenario, "Cas", "Bram", [1, 1], status="draft")
    bram = by_name(results(client, login(scenario.teacher), scenario))["Bram"]
    assert bram["peer_average"] == 4.0
    assert bram["reviews_received"] == 1
    assert bram["reviews_expected"] == 2
    codes = {
        f["code"]
        for f in by_name(results(client, login(scenario.teacher), scenario))["Cas"]["flags"]
    }
    assert "not_submitted" in codes


def test_english_teacher_gets_english_flags(
    client: TestClient, login: Login, session: Session, example: Scenario
) -> None:
    example.teacher.language = "en"
    session.commit()
    rows = by_name(results(client, login(example.teacher), example))
    cas = {f["code"]: f["message"] for f in rows["Cas"]["flags"]}
    assert cas["overconfident"] == "Overconfident: self 4, peers 2.5 (1.5 higher)."


def test_a_student_may_not_see_staff_results(
    client: TestClient, login: Login, example: Scenario
) -> None:
    url = f"/api/v1/evaluations/{example.evaluation.id}/results"
    assert client.get(url, headers=login(example.students["Anna"])).status_code == 403
    assert client.get(url + ".csv", headers=login(example.students["Anna"])).status_code == 403
    assert client.get(url).status_code == 401


def test_another_schools_evaluation_is_not_found(
    client: TestClient, login: Login, session: Session, example: Scenario
) -> None:
    other = make_user(session, make_school(session), "teacher")
    url = f"/api/v1/evaluations/{example.evaluation.id}/results"
    assert client.get(url, headers=login(other)).status_code == 404
    assert client.get(url + ".csv", headers=login(other)).status_code == 404
    assert client.get("/api/v1/evaluations/999999/results", headers=login(other)).status_code == 404
