"""The review form never loses work, in Chromium: cards kept on any submit and after a reload,
drafts saved as the student types, a submit checked before it is confirmed, a warning before
leaving with unsaved changes. Screenshots at 1366 and 390 px, nl and en (review-form-*.png).
"""

import re

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect
from sqlalchemy.orm import Session

from teameval.models import AuthSession, ReviewAllocation, ReviewScore, School, User, utcnow
from tests.factories.evaluation import ClassWithTeam, make_class_with_team
from tests.factories.school import PASSWORD
from tests.web.browser.conftest import shots
from tests.web.browser.test_flows import sign_in

pytestmark = pytest.mark.browser


def _stored(
    session: Session, reviewer: User, reviewee: User
) -> tuple[str, dict[int, tuple[int | None, str]]]:
    session.expire_all()
    allocation = (
        session.query(ReviewAllocation)
        .filter_by(reviewer_id=reviewer.id, reviewee_id=reviewee.id)
        .one()
    )
    rows = session.query(ReviewScore).filter_by(allocation_id=allocation.id).all()
    return allocation.status, {r.criterion_id: (r.score, r.comment) for r in rows}


def _card(page: Page, user: User) -> Locator:
    return page.locator(f"#review-{user.id}")


def _score(card: Locator, criterion: str, value: int) -> None:
    card.get_by_role("group", name=criterion).get_by_text(str(value), exact=True).click()


def _open_form(tab: Page, session: Session, school: School) -> ClassWithTeam:
    """A team of three; the first student signed in, on the review form."""
    klass = make_class_with_team(session, school, team_size=3)
    sign_in(tab, klass.students[0])
    tab.goto(f"/student/evaluations/{klass.evaluation.id}")
    return klass


def test_three_cards_filled_and_one_submitted_keep_the_other_two(
    tab: Page, session: Session, school: School
) -> None:
    klass = _open_form(tab, session, school)
    me, bram, chaima = klass.students
    first, second = klass.criteria

    _score(_card(tab, bram), first.name, 4)
    _score(_card(tab, bram), second.name, 5)
    _card(tab, bram).get_by_label(f"Toelichting bij {first.name}").fill("Bram plant alles")
    _score(_card(tab, chaima), first.name, 3)
    _card(tab, chaima).get_by_label(f"Toelichting bij {second.name}").fill("Chaima half")
    _card(tab, me).get_by_label(f"Toelichting bij {first.name}").fill("Over mezelf")

    # Chaima's card is incomplete: the page says what is missing, before any dialog.
    _card(tab, chaima).get_by_role("button", name="Indienen").click()
    expect(_card(tab, chaima).get_by_role("alert")).to_contain_text(second.name)
    expect(tab.get_by_role("dialog")).to_have_count(0)
    shots(tab, "review-form-missing-nl")

    _card(tab, bram).get_by_role("button", name="Indienen").click()
    tab.get_by_role("dialog").get_by_role("button", name="Ja, indienen").click()
    expect(tab.get_by_role("status")).to_contain_text("ingediend")
    expect(_card(tab, bram).locator("[data-review-status]")).to_have_text("Ingediend")
    for _ in range(2):  # after the submit, and again after a reload
        expect(_card(tab, chaima).get_by_label(f"Toelichting bij {second.name}")).to_have_value(
            "Chaima half"
        )
        expect(_card(tab, me).get_by_label(f"Toelichting bij {first.name}")).to_have_value(
            "Over mezelf"
        )
        tab.reload()
    assert _stored(session, me, bram)[0] == "submitted"
    assert _stored(session, me, chaima) == (
        "draft",
        {first.id: (3, ""), second.id: (None, "Chaima half")},
    )
    shots(tab, "review-form-nl")


def test_drafts_save_themselves_and_leaving_with_changes_asks_first(
    tab: Page, session: Session, school: School
) -> None:
    klass = _open_form(tab, session, school)
    me, bram, _chaima = klass.students
    first, second = klass.criteria
    card = _card(tab, bram)
    _score(card, first.name, 2)
    card.get_by_label(f"Toelichting bij {first.name}").fill("Vanzelf bewaard")
    expect(card.locator("[data-save-state]")).to_contain_text("Opgeslagen om")
    expect(card.locator("[data-review-status]")).to_have_text("Concept")
    assert _stored(session, me, bram) == (
        "draft",
        {first.id: (2, "Vanzelf bewaard"), second.id: (None, "")},
    )
    tab.reload()
    expect(_card(tab, bram).get_by_label(f"Toelichting bij {first.name}")).to_have_value(
        "Vanzelf bewaard"
    )

    # A change not saved yet: closing the tab asks first.
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", answer)
    _card(tab, bram).get_by_label(f"Toelichting bij {first.name}").fill("Net getypt")
    tab.close(run_before_unload=True)
    tab.wait_for_timeout(300)  # the dialog is announced after close() returns
    assert asked == ["beforeunload"]


def test_the_review_form_in_english(tab: Page, session: Session, school: School) -> None:
    klass = _open_form(tab, session, school)
    me, bram, _chaima = klass.students
    first, second = klass.criteria
    me.language = "en"
    session.commit()
    tab.reload()
    card = _card(tab, bram)
    _score(card, first.name, 4)
    card.get_by_role("button", name="Submit").click()
    expect(card.get_by_role("alert")).to_have_text(f"First give a score for: {second.name}.")
    expect(card.locator("[data-save-state]")).to_contain_text("Saved at")
    expect(card.get_by_role("alert")).to_contain_text(second.name)  # a save does not hide it
    shots(tab, "review-form-en")


def test_an_expired_session_returns_to_the_form_with_the_input(
    tab: Page, session: Session, school: School
) -> None:
    klass = _open_form(tab, session, school)
    me, bram, _chaima = klass.students
    first, second = klass.criteria
    card = _card(tab, bram)
    _score(card, first.name, 3)
    expect(card.locator("[data-save-state]")).to_contain_text("Opgeslagen om")

    # The sign-in ends (it expired) while the student goes on typing.
    session.query(AuthSession).filter_by(user_id=me.id).update({"revoked_at": utcnow()})
    session.commit()
    card.get_by_label(f"Toelichting bij {second.name}").fill("Twee regels\nlang verhaal")
    expect(tab.get_by_role("alert").filter(has_text="Je sessie is verlopen")).to_be_visible()
    shots(tab, "review-form-session-expired")
    card.get_by_role("button", name="Concept opslaan").click()

    expect(tab.get_by_role("status")).to_contain_text("Je sessie is verlopen")
    shots(tab, "review-form-sign-in-again")
    tab.get_by_label("E-mailadres").fill(me.email)
    tab.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen").click()

    expect(tab).to_have_url(re.compile(rf"/student/evaluations/{klass.evaluation.id}"))
    expect(tab.get_by_role("status")).to_have_text("Je concept is opgeslagen.")
    expect(_card(tab, bram).get_by_label(f"Toelichting bij {second.name}")).to_have_value(
        "Twee regels\nlang verhaal"
    )
    _status, stored = _stored(session, me, bram)
    assert stored[second.id] == (None, "Twee regels\nlang verhaal")
    assert stored[first.id] == (3, "")


def test_the_overview_before_closing_is_a_page_not_an_error(
    tab: Page, session: Session, school: School
) -> None:
    klass = _open_form(tab, session, school)
    me = klass.students[0]
    tab.goto(f"/student/evaluations/{klass.evaluation.id}/overzicht")
    expect(tab.get_by_role("heading", name="Je resultaten komen hier")).to_be_visible()
    shots(tab, "student-overview-before-closing-nl")
    tab.get_by_role("link", name="Je beoordelingen invullen").click()
    expect(_card(tab, me)).to_be_visible()
    me.language = "en"
    session.commit()
    tab.goto(f"/student/evaluations/{klass.evaluation.id}/overzicht")
    expect(tab.get_by_role("heading", name="Your results will appear here")).to_be_visible()
    shots(tab, "student-overview-before-closing-en")
