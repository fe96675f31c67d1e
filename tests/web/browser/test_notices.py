"""One-time notices in a real browser: shown once after a post, not after Reload or Back."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import School
from tests.web.browser.conftest import open_mates_card
from tests.web.review_forms import make_pair_review

pytestmark = pytest.mark.browser


def test_a_notice_shows_once_and_never_in_the_url(
    tab: Page, session: Session, school: School
) -> None:
    pair = make_pair_review(session, school)
    mate, first = pair.mate, pair.first
    card = open_mates_card(tab, pair)
    card.get_by_role("group", name=first.name).get_by_text("4", exact=True).click()
    card.get_by_role("button", name="Concept opslaan").click()

    notice = tab.locator("main > .notice-ok")
    expect(notice).to_have_text("Je concept is opgeslagen.")
    assert "msg" not in tab.url and "?" not in tab.url

    tab.reload()
    expect(tab.locator(f"#review-{mate.id}")).to_be_visible()
    expect(notice).to_have_count(0)

    tab.goto("/student")
    tab.go_back()
    expect(tab.locator(f"#review-{mate.id}")).to_be_visible()
    expect(notice).to_have_count(0)
