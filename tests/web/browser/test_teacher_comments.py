"""The teacher reads the comments a student received beside the summary, in Chromium (nl and
en, 1366 and 390 px; screenshots teacher-comments-*.png)."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import School
from tests.web.browser.conftest import shots
from tests.web.browser.test_flows import closed_with_feedback, sign_in

pytestmark = pytest.mark.browser


def test_the_teacher_reads_the_comments_beside_the_summary(
    page: Page, session: Session, school: School
) -> None:
    scenario = closed_with_feedback(session, school)
    anna = scenario.students["Anna"]
    sign_in(page, scenario.teacher)
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}")
    page.locator("#summary").get_by_role("button", name="Samenvatting maken").click()
    expect(page.locator("#summary").get_by_text("Gereed", exact=True)).to_be_visible(timeout=60_000)
    comments = page.locator("#comments")
    expect(comments.get_by_role("heading", name="Ontvangen opmerkingen")).to_be_visible()
    plant = comments.get_by_role("listitem").filter(has_text="Plant alles goed")
    expect(plant).to_contain_text("Bram")
    expect(plant).to_contain_text("score 4")
    # Side by side on a desktop: the comments start level with the summary.
    summary_box = page.locator("#summary").bounding_box()
    comments_box = comments.bounding_box()
    assert summary_box and comments_box
    assert comments_box["x"] > summary_box["x"] and comments_box["y"] == summary_box["y"]
    shots(page, "teacher-comments-student-nl")

    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
    page.locator("#comments").get_by_text(anna.name).click()
    expect(page.locator("#comments").get_by_text("Denkt goed mee")).to_be_visible()
    shots(page, "teacher-comments-evaluation-nl")

    scenario.teacher.language = "en"
    session.commit()
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}")
    expect(page.get_by_role("heading", name="Comments received")).to_be_visible()
    shots(page, "teacher-comments-student-en")
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
    shots(page, "teacher-comments-evaluation-en")
