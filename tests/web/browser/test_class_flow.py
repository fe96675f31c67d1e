"""Issue 13 in Chromium, through the pages only, in Dutch: course staff, editing, deadlines.

A teacher renames a team and gives one student an extension; past the deadline the student
without one sees "Deadline verstreken" and no "Invullen", the other still fills in; once the
extension has passed too, the scheduler beside the worker pool closes the evaluation by itself
and the summaries are made; a second teacher of the school, on none of the course's staff, gets
404 for every page of it. Screenshots at 1366 and 390 px, in Dutch and English, go to
var/screenshots/ (class-*.png).
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import DeadlineExtension, Evaluation, School, utcnow
from tests.factories.results import make_scenario, write_review
from tests.factories.school import make_user
from tests.web.browser.conftest import assert_not_found, screenshot, sign_in, wait_until_closed

pytestmark = pytest.mark.browser
WIDTHS = {"1366": (1366, 900), "390": (390, 844)}


def _shots(page: Page, name: str) -> None:
    """Full-page screenshots at a desktop and a phone width."""
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": 1366, "height": 900})


def _language(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_a_class_runs_an_evaluation_to_its_deadline(
    page: Page, session: Session, school: School
) -> None:
    scenario = make_scenario(
        session,
        school,
        {"Team 1": ["Anna", "Bram", "Cas"]},
        status="open",
        close_at_deadline=True,
    )
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Plant alles goed", "Werkt hard"])
    write_review(session, scenario, "Cas", "Anna", [3, 4], ["Denkt goed mee", ""])
    evaluation_id = scenario.evaluation.id
    course_url = f"/teacher/courses/{scenario.course.id}"
    evaluation_url = f"/teacher/evaluations/{evaluation_id}"

    # The teacher renames the team; the page says first what a team change does.
    sign_in(page, scenario.teacher.email)
    page.goto(course_url)
    expect(page.get_by_text("verandert lopende evaluaties")).to_be_visible()
    team_id = scenario.teams["Team 1"].id
    page.locator(f"#team-{team_id}").get_by_text("Team bewerken").click()
    page.locator(f"#rename-{team_id}").fill("Team Rood")
    page.get_by_role("button", name="Naam opslaan").click()
    expect(page.get_by_role("heading", name="Team Rood")).to_be_visible()
    _shots(page, "class-course-teams")

    # ... and gives Anna more time (the deadline is three days away).
    page.goto(evaluation_url)
    page.get_by_label("Leerling", exact=True).select_option(label="Anna")
    later = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Nieuwe deadline").fill(later)
    page.get_by_role("button", name="Verlenging geven").click()
    expect(page.get_by_text("De verlenging is opgeslagen.")).to_be_visible()
    expect(page.locator("#extensions")).to_contain_text("Anna")

    # The deadline passes (the clock is moved by moving the deadline).
    evaluation = session.get(Evaluation, evaluation_id)
    assert evaluation is not None
    evaluation.deadline = utcnow() - timedelta(minutes=1)
    session.commit()
    page.reload()
    expect(page.locator("#evaluation-status")).to_have_text("Deadline verstreken")
    expect(page.get_by_role("button", name="Evaluatie sluiten")).to_be_visible()
    _shots(page, "class-evaluation-deadline-passed")
    _language(page, "English")
    expect(page.locator("#evaluation-status")).to_have_text("Deadline passed")
    _shots(page, "class-evaluation-deadline-passed-en")
    _language(page, "Nederlands")

    # Bram sees the deadline passed and nothing to fill in; Anna still fills in.
    sign_in(page, scenario.students["Bram"].email)
    expect(page.get_by_text("Deadline verstreken").first).to_be_visible()
    expect(page.get_by_role("link", name="Invullen")).to_have_count(0)
    _shots(page, "class-student-deadline-passed")
    sign_in(page, scenario.students["Anna"].email)
    expect(page.get_by_text("Jouw deadline (verlengd)")).to_be_visible()
    expect(page.get_by_role("link", name="Invullen")).to_be_visible()

    # Anna's extension passes as well: the scheduler closes the evaluation by itself.
    extension = session.query(DeadlineExtension).one()
    extension.deadline = utcnow() - timedelta(seconds=1)
    session.commit()
    sign_in(page, scenario.teacher.email)
    wait_until_closed(page, evaluation_url)
    expect(page.get_by_text(re.compile(r"1 van 1 klaar"))).to_be_visible(timeout=60_000)
    _shots(page, "class-evaluation-closed-itself")

    # A colleague on none of the course's staff finds nothing of it.
    colleague = make_user(session, school, "teacher", name="Meester Mol")
    sign_in(page, colleague.email)
    expect(page.get_by_text("Je geeft nog geen cursus")).to_be_visible()
    expect(page.get_by_role("link", name=scenario.course.name)).to_have_count(0)
    anna = scenario.students["Anna"].id
    assert_not_found(
        page,
        (
            course_url,
            f"{course_url}/access",
            evaluation_url,
            f"{evaluation_url}/students/{anna}",
            f"/api/v1/evaluations/{evaluation_id}/results.csv",
        ),
    )
