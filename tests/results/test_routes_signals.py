"""The results API's signals: flags that need attention apart from strong contributions, the
reviews not submitted yet while open, each flag and the factor explained, the grade helper."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.results import EXAMPLE_REVIEWS, make_scenario, write_review, write_reviews
from tests.factories.school import make_school, make_user
from tests.results.test_routes import by_name, results

Login = Callable[[User], dict[str, Any]]
TEAM = {"ABC": ["Anna", "Bram", "Cas"]}


def test_right_after_opening_nobody_is_flagged_everyone_has_work_to_do(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM, status="open")
    body = results(client, login(scenario.teacher), scenario)
    assert body["flagged_count"] == 0 and body["positive_count"] == 0
    assert body["not_submitted_yet_count"] == 3
    anna = by_name(body)["Anna"]
    assert anna["flags"] == [] and anna["positive_signals"] == []
    assert [
        (p["reviewee"]["name"], p["is_self"], p["status"]) for p in anna["not_submitted_yet"]
    ] == [
        ("Bram", False, "todo"),
        ("Cas", False, "todo"),
        ("Anna", True, "todo"),
    ]


def test_while_open_a_draft_is_still_to_submit_and_submitted_ones_are_gone(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM, status="open")
    write_review(session, scenario, "Anna", "Bram", [4, 4])
    write_review(session, scenario, "Anna", "Cas", [3, 3], status="draft")
    anna = by_name(results(client, login(scenario.teacher), scenario))["Anna"]
    assert [(p["reviewee"]["name"], p["status"]) for p in anna["not_submitted_yet"]] == [
        ("Cas", "draft"),
        ("Anna", "todo"),
    ]


def test_after_closing_the_missing_reviews_are_flags_and_nothing_is_pending(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM, status="closed")
    body = results(client, login(scenario.teacher), scenario)
    assert body["not_submitted_yet_count"] == 0
    anna = by_name(body)["Anna"]
    assert anna["not_submitted_yet"] == []
    assert {f["code"] for f in anna["flags"]} == {
        "few_reviews",
        "missing_self_review",
        "not_submitted",
    }
    assert {f["kind"] for f in anna["flags"]} == {"attention"}


def test_the_best_student_gets_a_positive_signal_not_a_flag(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    body = results(client, login(scenario.teacher), scenario)
    rows = by_name(body)
    # Bram: 4.5 from peers against the rest's 3.25.
    bram = rows["Bram"]
    assert {f["code"] for f in bram["flags"]} == {"underconfident"}
    [strong] = bram["positive_signals"]
    assert strong["code"] == "strong_contribution" and strong["kind"] == "positive"
    assert strong["message"] == (
        "Sterke bijdrage: gemiddelde 4,5 ligt 1,25 boven de rest van het team (3,25)."
    )
    assert "positief signaal" in strong["explanation"]
    assert body["positive_count"] == 1
    # Cas stays an outlier to look at, and every flag says what it means in points.
    outlier = next(f for f in rows["Cas"]["flags"] if f["code"] == "outlier")
    assert outlier["kind"] == "attention"
    assert outlier["explanation"].startswith("Uitschieter naar beneden")
    assert "0,8 punt" in outlier["explanation"]


def test_the_raw_factor_and_whether_the_clamp_changed_it(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    rows = by_name(results(client, login(scenario.teacher), scenario))
    cas = rows["Cas"]  # raw CATME 2.5 / 3.667 = 0.682, clamped to 0.75
    assert cas["raw_factor"] == pytest.approx(0.682, abs=1e-3)
    assert cas["adjustment_factor"] == 0.75 and cas["factor_clamped"] is True
    assert rows["Anna"]["factor_clamped"] is False
    assert rows["Anna"]["raw_factor"] == rows["Anna"]["adjustment_factor"]


def test_english_explanations(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    scenario.teacher.language = "en"
    session.commit()
    bram = by_name(results(client, login(scenario.teacher), scenario))["Bram"]
    assert bram["positive_signals"][0]["message"].startswith("Strong contribution: average 4.5")
    assert "1 points or more below" in bram["flags"][0]["explanation"]


def grades(
    client: TestClient, headers: dict[str, Any], evaluation_id: int, marks: dict[int, Any]
) -> Any:
    return client.post(
        f"/api/v1/evaluations/{evaluation_id}/results/grades",
        json={"team_marks": marks},
        headers=headers,
    )


def test_grade_helper_multiplies_clamps_and_rounds(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    team_id = scenario.teams["ABC"].id
    response = grades(client, login(scenario.teacher), scenario.evaluation.id, {team_id: "9,5"})
    assert response.status_code == 200, response.text
    sheet = response.json()
    assert sheet["valid"] is True and (sheet["mark_min"], sheet["mark_max"]) == (1, 10)
    assert sheet["teams"][0]["team_mark"] == 9.5
    marks = {m["student_id"]: m for m in sheet["students"]}
    anna = marks[scenario.students["Anna"].id]  # 9.5 x 1.091 = 10.3645 -> 10
    assert (anna["product"], anna["mark"], anna["capped"]) == (10.3645, 10.0, True)
    cas = marks[scenario.students["Cas"].id]  # 9.5 x 0.75 = 7.125 -> 7.1
    assert (cas["product"], cas["mark"], cas["capped"]) == (7.125, 7.1, False)
    english = grades(client, login(scenario.teacher), scenario.evaluation.id, {team_id: 7.5})
    assert english.json()["teams"][0]["team_mark"] == 7.5


def test_grade_helper_refuses_a_mark_off_the_scale_in_the_users_language(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    team_id = scenario.teams["ABC"].id
    response = grades(client, login(scenario.teacher), scenario.evaluation.id, {team_id: "11"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "team_marks_invalid"
    assert body["errors"] == [
        {
            "field": f"team_marks.{team_id}",
            "message": "'11' is geen cijfer van 1 tot 10. Typ bijvoorbeeld 7,5 of 7.5.",
        }
    ]
    scenario.teacher.language = "en"
    session.commit()
    response = grades(client, login(scenario.teacher), scenario.evaluation.id, {team_id: "x"})
    assert response.json()["errors"][0]["message"].startswith("'x' is not a mark from 1 to 10")


def test_grade_helper_is_for_staff_of_the_school(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, TEAM)
    eid = scenario.evaluation.id
    assert grades(client, login(scenario.students["Anna"]), eid, {}).status_code == 403
    other = make_user(session, make_school(session), "teacher")
    assert grades(client, login(other), eid, {}).status_code == 404
