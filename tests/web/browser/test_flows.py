"""The flows of MISSION.md in a real browser: reviews, closing, live summaries, privacy."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import ReviewAllocation, School, SummaryGenerationJob, User
from tests.factories.evaluation import make_class_with_team
from tests.factories.results import Scenario, make_scenario, write_review
from tests.factories.school import PASSWORD
from tests.web.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def sign_in(page: Page, user: User) -> None:
    """Sign in through the real form."""
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def closed_with_feedback(session: Session, school: School) -> Scenario:
    """A closed evaluation: Anna received two submitted reviews with comments."""
    scenario = make_scenario(session, school, {"Team Blauw": ["Anna", "Bram", "Cas"]})
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Plant alles goed", "Werkt hard"])
    write_review(session, scenario, "Cas", "Anna", [3, 4], ["Denkt goed mee", ""])
    write_review(session, scenario, "Anna", "Anna", [5, 5])
    return scenario


def test_a_student_fills_in_and_submits_reviews(
    page: Page, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, team_size=3)
    me, mate, other = klass.students
    first, second = klass.criteria
    page.goto("/student")
    expect(page).to_have_url(re.compile(r"/login\?next=/student$"))
    screenshot(page, "login")
    sign_in(page, me)
    expect(page.get_by_role("heading", name="Mijn evaluaties")).to_be_visible()
    screenshot(page, "student-home")

    page.get_by_role("link", name="Invullen").click()
    review = page.locator(f"#review-{mate.id}")
    review.get_by_role("group", name=first.name).get_by_text("4", exact=True).click()
    review.get_by_label(f"Toelichting bij {first.name}").fill("Helpt iedereen op weg")
    review.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Je concept is opgeslagen.")
    expect(page.locator(f"#review-{mate.id} [data-review-status]")).to_have_text("Concept")

    # Submitting without every score: the message says what is missing (before any dialog),
    # the text stays.
    review = page.locator(f"#review-{other.id}")
    review.get_by_label(f"Toelichting bij {second.name}").fill("Mijn lange uitleg")
    review.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("alert")).to_contain_text(first.name)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(
        page.locator(f"#review-{other.id}").get_by_label(f"Toelichting bij {second.name}")
    ).to_have_value("Mijn lange uitleg")
    screenshot(page, "student-review-error")

    review = page.locator(f"#review-{mate.id}")
    review.get_by_role("group", name=second.name).get_by_text("5", exact=True).click()
    review.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    screenshot(page, "student-review-confirm")
    page.get_by_role("button", name="Ja, indienen").click()
    expect(page.get_by_role("status")).to_contain_text("ingediend")
    expect(page.locator(f"#review-{mate.id} [data-review-status]")).to_have_text("Ingediend")
    screenshot(page, "student-reviews")

    session.expire_all()
    allocation = (
        session.query(ReviewAllocation).filter_by(reviewer_id=me.id, reviewee_id=mate.id).one()
    )
    assert allocation.status == "submitted"


def test_a_teacher_closes_the_evaluation_and_watches_the_progress_bar(
    page: Page, session: Session, school: School
) -> None:
    scenario = make_scenario(
        session, school, {"Team Blauw": ["Anna", "Bram", "Cas"]}, status="open"
    )
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Plant alles goed", ""])
    write_review(session, scenario, "Anna", "Bram", [3, 4], ["Denkt mee", ""])
    write_review(session, scenario, "Anna", "Cas", [2, 3], ["Kwam vaak te laat", ""])
    sign_in(page, scenario.teacher)
    page.goto(f"/teacher/courses/{scenario.course.id}")
    screenshot(page, "teacher-course")
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
    page.get_by_role("button", name="Evaluatie sluiten").click()
    page.get_by_role("dialog").get_by_role("button", name="Evaluatie sluiten").click()
    expect(page.get_by_role("status")).to_contain_text("De evaluatie is gesloten")
    bar = page.locator("[data-progress-bar]")
    label = page.locator("[data-progress-label]")
    expect(label).to_contain_text("van 3 klaar")
    screenshot(page, "teacher-evaluation-progress")
    expect(label).to_have_text("3 van 3 klaar (100%)", timeout=60_000)
    assert bar.evaluate("el => el.value") == 100
    expect(page.locator('[data-count="completed"]')).to_have_text("3")
    screenshot(page, "teacher-evaluation-done")

    page.get_by_role("link", name="Anna").click()
    expect(page.locator("#summary [data-summary-text]")).not_to_be_empty()
    screenshot(page, "teacher-student")


def test_a_student_sees_the_summary_arrive_live(
    page: Page, session: Session, school: School
) -> None:
    scenario = closed_with_feedback(session, school)
    sign_in(page, scenario.students["Anna"])
    page.goto(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    summary = page.locator("#summary")
    # No job existed: the page asks for one, then follows it live.
    waiting = summary.get_by_text(re.compile(r"^(In wachtrij|Genereren\.\.\.)$"))
    expect(waiting.filter(visible=True)).to_be_visible()
    screenshot(page, "student-overview-waiting")
    expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=60_000)
    expect(summary.locator("[data-summary-text]")).not_to_be_empty()
    text = summary.locator("[data-summary-text]").inner_text()
    assert "Bram" not in text and "Cas" not in text
    expect(page.locator(".quotes").get_by_text("Plant alles goed")).to_be_visible()
    screenshot(page, "student-overview")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "student-overview-phone")


def test_a_failed_job_shows_mislukt_and_trying_again_brings_the_summary(
    page: Page, session: Session, school: School
) -> None:
    scenario = closed_with_feedback(session, school)
    anna = scenario.students["Anna"]
    # Arranged as the reconciler leaves a job whose attempts all died (summaries/reconciler.py).
    session.add(
        SummaryGenerationJob(
            school_id=school.id,
            job_id="failed-job-1",
            evaluation_id=scenario.evaluation.id,
            student_id=anna.id,
            status="failed",
            attempts=3,
            error_message="summary_job_failed",
        )
    )
    session.commit()
    sign_in(page, anna)
    page.goto(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    summary = page.locator("#summary")
    expect(summary.get_by_text("Mislukt", exact=True)).to_be_visible()
    screenshot(page, "student-overview-failed")
    summary.get_by_role("button", name="Opnieuw proberen").click()
    expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=60_000)
    expect(summary.locator("[data-summary-text]")).not_to_be_empty()


def test_a_student_cannot_open_another_students_overview(
    page: Page, session: Session, school: School
) -> None:
    scenario = closed_with_feedback(session, school)
    other = make_scenario(session, school, {"Team Rood": ["Dirk", "Eva"]})
    write_review(session, other, "Eva", "Dirk", [5, 5], ["Geheime opmerking over Dirk", ""])
    session.add(
        SummaryGenerationJob(
            school_id=school.id,
            job_id="dirks-job",
            evaluation_id=other.evaluation.id,
            student_id=other.students["Dirk"].id,
            status="completed",
            attempts=1,
        )
    )
    session.commit()
    sign_in(page, scenario.students["Bram"])
    response = page.goto(f"/student/evaluations/{other.evaluation.id}/overzicht")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    expect(page.get_by_text("Geheime opmerking over Dirk")).to_have_count(0)
    screenshot(page, "not-found")
    # The status endpoint the page polls refuses another student's job too.
    api = page.request.get("/api/v1/feedback-summaries/jobs/dirks-job/status")
    assert api.status == 404
    # And the teacher pages are not for students.
    response = page.goto("/teacher")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()


def test_staff_pages_and_the_language_switch(page: Page, session: Session, school: School) -> None:
    from tests.factories.school import make_user

    admin = make_user(session, school, "admin", name="Ada Admin")
    scenario = closed_with_feedback(session, school)
    sign_in(page, admin)
    page.goto("/teacher")
    expect(page.get_by_role("link", name=scenario.course.name)).to_be_visible()
    screenshot(page, "teacher-home")
    page.goto("/teacher/queue")
    # The two workers of this test register within seconds of starting, not necessarily together:
    # reload until both are counted (the page does not refresh this number on its own).
    for _ in range(40):
        if page.locator("#workers-alive").inner_text() == "2":
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator("#workers-alive")).to_have_text("2")
    screenshot(page, "teacher-queue")
    page.goto("/admin/users")
    expect(page.get_by_role("cell", name=scenario.students["Anna"].email)).to_be_visible()
    screenshot(page, "admin-users")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
    expect(page.get_by_role("button", name="Generate all summaries")).to_be_visible()
    screenshot(page, "teacher-evaluation-english")


def test_a_lost_connection_shows_an_error_and_the_page_resumes_by_itself(
    page: Page, session: Session, school: School
) -> None:
    scenario = closed_with_feedback(session, school)
    anna = scenario.students["Anna"]
    sign_in(page, anna)
    # The network drops the live stream and every status poll (the browser's side of the
    # line, not our server): the page falls back from the stream to polling, then says so.
    following = re.compile(
        r".*/api/v1/feedback-summaries/(jobs/[^/]+/status|evaluation/.*/(events|live))$"
    )
    page.route(following, lambda route: route.abort())
    page.goto(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    summary = page.locator("#summary")
    expect(summary.get_by_role("alert")).to_contain_text(
        "De status kon niet worden opgehaald", timeout=30_000
    )
    screenshot(page, "student-overview-network-error")
    page.unroute(following)
    # Nobody presses "Opnieuw verbinden": the page tries again by itself and resumes.
    expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=60_000)
    expect(summary.get_by_role("alert")).to_be_hidden()
