"""Signed in again in another tab: the first tab's form keeps what was typed and asks to send
it again (no bare 403); the expired page's language switch keeps the kept post."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import ReviewScore, School
from tests.web.browser.conftest import open_mates_card, shots, submit_sign_in
from tests.web.review_forms import make_pair_review

pytestmark = pytest.mark.browser


def test_a_second_sign_in_in_another_tab_keeps_the_first_tabs_input(
    tab: Page, session: Session, school: School
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first = pair.me, pair.mate, pair.first
    card = open_mates_card(tab, pair)
    # Typed in tab 1 (autosave would meet the same refusal and point to "Concept opslaan").
    card.get_by_label(f"Toelichting bij {first.name}").fill("Wat ik in tab 1 typte")

    # Tab 2 of the same browser: sign out and in again (a new sign-in, a new CSRF token).
    other = tab.context.new_page()
    other.goto("/student")
    other.get_by_role("button", name="Uitloggen").click()
    submit_sign_in(other, me.email)
    expect(other.get_by_role("button", name="Uitloggen")).to_be_visible()
    other.close()

    tab.bring_to_front()
    card.get_by_role("button", name="Concept opslaan").click()
    expect(tab.get_by_role("heading", name="Je bent intussen opnieuw ingelogd")).to_be_visible()
    shots(tab, "stale-form-nl")
    tab.get_by_role("button", name="Opnieuw versturen").click()
    card = tab.locator(f"#review-{mate.id}")
    expect(card.get_by_label(f"Toelichting bij {first.name}")).to_have_value(
        "Wat ik in tab 1 typte"
    )
    session.expire_all()
    comments = {s.comment for s in session.query(ReviewScore).all()}
    assert "Wat ik in tab 1 typte" in comments


def test_the_expired_page_switches_language_and_keeps_the_input(
    tab: Page, session: Session, school: School
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first = pair.me, pair.mate, pair.first
    card = open_mates_card(tab, pair)
    card.get_by_label(f"Toelichting bij {first.name}").fill("Bewaar mij")
    tab.context.clear_cookies()  # the sign-in expired
    card.get_by_role("button", name="Concept opslaan").click()
    expect(tab.get_by_text("Je sessie is verlopen", exact=False)).to_be_visible()
    tab.get_by_role("button", name="English").click()
    expect(tab.get_by_text("Your session has expired", exact=False)).to_be_visible()
    shots(tab, "session-expired-en")
    submit_sign_in(tab, me.email, button="Sign in")
    card = tab.locator(f"#review-{mate.id}")
    # The student's own language (the school's Dutch) again once signed in.
    expect(card.get_by_label(f"Toelichting bij {first.name}")).to_have_value("Bewaar mij")
