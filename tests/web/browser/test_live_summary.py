"""The student's summary live in Chromium (issue 14 item 5, issue 16 item 2): a published summary
appears without a reload, and the page recovers by itself after its stream drops."""

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, Request, expect
from sqlalchemy.orm import Session

from teameval.models import School, User
from teameval.queue.connection import get_redis
from teameval.summaries.jobs import generate
from teameval.summaries.live import CLIENT_NAME
from tests.factories.school import PASSWORD
from tests.factories.summaries import FeedbackClass, make_feedback_class
from tests.fakes.llm_server import FakeLLMServer
from tests.web.browser.conftest import screenshot, sign_in

API = "/api/v1/feedback-summaries"


def _headers(url: str, user: User) -> dict[str, str]:
    answer = httpx.post(
        f"{url}/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def reviewed(session: Session, school: School, live_server: str) -> Iterator[FeedbackClass]:
    """A closed class under teacher review whose first student's summary is made, unpublished."""
    klass = make_feedback_class(session, school, summary_release="teacher_review")
    student = klass.students[0]
    job = httpx.post(
        f"{live_server}{API}/evaluation/{klass.evaluation.id}/student/{student.id}/queue",
        headers=_headers(live_server, klass.teacher),
    )
    generate(job.json()["job_id"])
    yield klass


def _publish(url: str, klass: FeedbackClass) -> None:
    path = f"{API}/evaluation/{klass.evaluation.id}/student/{klass.students[0].id}/publish"
    answer = httpx.post(f"{url}{path}", headers=_headers(url, klass.teacher))
    assert answer.status_code == 200, answer.text


def _open_overview(tab: Page, klass: FeedbackClass) -> list[str]:
    """The student's overview, awaiting the teacher; returns the stream requests it makes."""
    streams: list[str] = []

    def note(request: Request) -> None:
        if request.url.endswith("/events"):
            streams.append(request.url)

    tab.on("request", note)
    sign_in(tab, klass.students[0].email)
    tab.goto(f"/student/evaluations/{klass.evaluation.id}/overzicht")
    expect(tab.locator("#summary").get_by_text("Wacht op je docent")).to_be_visible()
    tab.wait_for_function("() => document.querySelector('#summary').teamevalSummary.stream")
    tab.evaluate("() => { window.notReloaded = true; }")
    return streams


def test_a_published_summary_appears_without_a_reload(
    tab: Page, live_server: str, reviewed: FeedbackClass
) -> None:
    _open_overview(tab, reviewed)
    screenshot(tab, "student-overview-awaiting-review")

    _publish(live_server, reviewed)

    summary = tab.locator("#summary")
    expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=15_000)
    expect(summary.locator("[data-summary-text]")).not_to_be_empty()
    assert tab.evaluate("() => window.notReloaded") is True
    screenshot(tab, "student-overview-published-live")


def test_the_page_recovers_after_its_stream_drops(
    tab: Page, live_server: str, reviewed: FeedbackClass
) -> None:
    streams = _open_overview(tab, reviewed)
    before = len(streams)
    # Cut the server's Redis subscription (only this test's: its name and database): the
    # server ends the open streams and the browser reconnects.
    redis = get_redis()
    db = redis.connection_pool.connection_kwargs.get("db", 0)
    cut = [
        c["id"] for c in redis.client_list()
        if c.get("name") == CLIENT_NAME and int(c.get("db", -1)) == int(db)
    ]  # fmt: skip
    assert cut, "the server holds no subscription"
    for client_id in cut:
        redis.client_kill_filter(_id=client_id)
    for _ in range(60):  # 15 s
        if len(streams) > before:
            break
        tab.wait_for_timeout(250)
    assert len(streams) > before, "the page did not reconnect"

    _publish(live_server, reviewed)

    summary = tab.locator("#summary")
    expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=15_000)
    assert tab.evaluate("() => window.notReloaded") is True


def test_a_retry_shows_its_attempt_instead_of_going_back(
    page: Page, llm: FakeLLMServer, session: Session, school: School
) -> None:
    klass = make_feedback_class(session, school)
    llm.configure(mode="error_500")  # every attempt that asks the LLM fails
    try:
        sign_in(page, klass.students[0].email)
        page.goto(f"/student/evaluations/{klass.evaluation.id}/overzicht")
        summary = page.locator("#summary")
        # Between attempts the job is queued again; the page keeps "Genereren..." and says
        # which attempt comes, instead of going back to "In wachtrij".
        attempt = summary.locator("[data-attempt]")
        expect(attempt).to_have_text(re.compile(r"^Poging 2 van 3"), timeout=30_000)
        expect(summary.get_by_text("Genereren...", exact=True)).to_be_visible()
        expect(summary.get_by_text("In wachtrij", exact=True)).to_be_hidden()
        screenshot(page, "student-overview-retry")
        llm.configure(mode="ok")
        expect(summary.get_by_text("Gereed", exact=True)).to_be_visible(timeout=60_000)
        expect(attempt).to_be_hidden()
    finally:
        llm.configure(mode="ok")
