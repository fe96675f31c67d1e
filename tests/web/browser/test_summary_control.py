"""The teacher's summaries in a real browser: the progress moves while summaries are made (with
retries, "poging 2 van 3"), and the controls of both release modes; screenshots nl/en, 1366
and 390 px."""

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, utcnow
from teameval.summaries.jobs import RETRYING
from tests.factories.results import Scenario, make_reviewed_scenario
from tests.factories.summaries import make_scenario_job
from tests.fakes.llm_server import FakeLLMServer
from tests.web.browser.conftest import shots, sign_in

pytestmark = pytest.mark.browser

NAMES = {"Team Blauw": ["Anna", "Bram", "Cas"], "Team Rood": ["Dirk", "Eva", "Fay"]}


def _closed_class(session: Session, school: School) -> Scenario:
    """A closed evaluation in which all six students received feedback; no summary asked yet."""
    return make_reviewed_scenario(session, school, NAMES, [4, 3], ["Werkt goed mee", ""])


def test_the_progress_moves_while_summaries_are_made(
    page: Page, llm: FakeLLMServer, session: Session, school: School
) -> None:
    scenario = _closed_class(session, school)
    llm.enqueue("error_500")  # the first summary fails once: it is retried after a backoff
    try:
        sign_in(page, scenario.teacher.email)
        page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
        label = page.locator("[data-progress-label]")
        expect(label).to_have_text("0 van 6 klaar (0%)")
        page.get_by_role("button", name="Genereer alle samenvattingen").click()
        expect(page.locator("main > .notice-ok")).to_contain_text("wachtrij")
        # From here on the page is never loaded again: a marker on the window survives.
        page.evaluate("window.__sameDocument = true")
        retrying = page.locator("[data-progress-retrying]")
        expect(retrying).to_have_text("1 samenvatting wordt opnieuw geprobeerd.", timeout=30_000)
        expect(page.locator("[data-progress-retry-list]")).to_contain_text("poging 2 van 3")
        shots(page, "teacher-progress-retrying-nl")
        expect(label).to_have_text("6 van 6 klaar (100%)", timeout=90_000)
        expect(page.locator('[data-count="completed"]')).to_have_text("6")
        expect(page.locator("[data-progress-retries]")).to_be_hidden()
        assert page.evaluate("window.__sameDocument") is True
        assert "msg" not in page.url
    finally:
        llm.reset()
        llm.configure(latency=1.5)


def _seed_jobs(session: Session, scenario: Scenario) -> None:
    """Frozen mid-run (no workers): one done, one retrying, one on its second attempt, the
    rest queued, after finishes that give a rate."""
    now = utcnow()
    states: dict[str, dict[str, Any]] = {
        "Anna": {"status": "completed", "attempts": 1, "completed_at": now},
        "Bram": {"status": "queued", "attempts": 1, "error_message": RETRYING},
        "Cas": {"status": "processing", "attempts": 2, "started_at": now},
        "Dirk": {"status": "queued"},
        "Eva": {"status": "queued"},
        "Fay": {"status": "completed", "attempts": 1, "completed_at": now - timedelta(seconds=40)},
    }
    for name, values in states.items():
        make_scenario_job(session, scenario, name, enqueued_at=now, **values)
    for name in ("Anna", "Fay"):
        session.add(
            FeedbackSummary(
                school_id=scenario.school.id,
                evaluation_id=scenario.evaluation.id,
                student_id=scenario.students[name].id,
                summary_text=f"{name} werkt goed samen en plant zorgvuldig.",
                generation_method="ai",
                feedback_hash="h" * 64,
                feedback_count=1,
                generated_at=now,
            )
        )
    session.commit()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_progress_and_summary_controls_screens(
    tab: Page, session: Session, school: School, lang: str
) -> None:
    scenario = _closed_class(session, school)
    _seed_jobs(session, scenario)
    sign_in(tab, scenario.teacher.email)
    if lang == "en":
        tab.get_by_role("button", name="English").click()
        expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    tab.goto(f"/teacher/evaluations/{scenario.evaluation.id}#summaries")
    retrying = {
        "nl": "2 samenvattingen worden opnieuw geprobeerd.",
        "en": "2 summaries are being retried.",
    }
    expect(tab.locator("[data-progress-retrying]")).to_have_text(retrying[lang])
    estimate = {"nl": "Nog ongeveer", "en": "About"}
    expect(tab.locator("[data-progress-estimate]")).to_contain_text(estimate[lang])
    shots(tab, f"teacher-progress-{lang}")

    # Auto release: edit, hold back, release again on the student's page.
    tab.goto(
        f"/teacher/evaluations/{scenario.evaluation.id}/students/{scenario.students['Anna'].id}"
    )
    hold = {"nl": "Achterhouden", "en": "Hold back"}
    tab.get_by_role("button", name=hold[lang]).click()
    held = {"nl": "Achtergehouden", "en": "Held back"}
    expect(tab.locator("#review-state")).to_have_text(held[lang])
    shots(tab, f"teacher-summary-held-{lang}")
    again = {"nl": "Weer vrijgeven", "en": "Release again"}
    tab.get_by_role("button", name=again[lang]).click()
    released = {"nl": "Vrijgegeven", "en": "Released"}
    expect(tab.locator("#review-state")).to_have_text(released[lang])
    tab.reload()
    expect(tab.locator("main > .notice-ok")).to_have_count(0)  # the notice was shown once
