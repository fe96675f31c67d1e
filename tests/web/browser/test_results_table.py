"""The results table a teacher acts on, in Chromium: the flags on screen at 1366 px without
scrolling, a card per student on a 390 px phone (screenshots results-table-*.png, nl and en)."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import School
from tests.factories.results import Scenario, make_scenario, write_review
from tests.web.browser.conftest import SCREENSHOTS, screenshot
from tests.web.browser.test_flows import sign_in

pytestmark = pytest.mark.browser
LABELS = (("nl", "Signalen", "Correctiefactor"), ("en", "Flags", "Adjustment factor"))
CRITERIA = ("Samenwerking", "Inzet en betrokkenheid", "Kwaliteit van het werk", "Communicatie")


def _class_of_twelve(session: Session, school: School) -> Scenario:
    """12 students in 3 teams, a rubric of 4 criteria, a few reviews with flags."""
    teams = {
        "Team Blauw": ["Anna de Vries", "Bram Jansen", "Chaima El Amrani", "Daan Bakker"],
        "Team Groen": ["Eva Visser", "Finn Smit", "Gijs Meijer", "Hanna de Boer"],
        "Team Rood": ["Ivo Mulder", "Julia de Groot", "Kim Bos", "Lars Vos"],
    }
    scenario = make_scenario(session, school, teams, criteria=CRITERIA)
    write_review(session, scenario, "Bram Jansen", "Anna de Vries", [2, 2, 2, 2], ["Te laat"])
    write_review(session, scenario, "Anna de Vries", "Anna de Vries", [5, 5, 5, 5])
    write_review(session, scenario, "Chaima El Amrani", "Anna de Vries", [2, 1, 2, 2])
    write_review(session, scenario, "Anna de Vries", "Bram Jansen", [5, 5, 4, 5])
    return scenario


def test_flags_on_screen_at_1366_and_cards_on_a_phone(
    tab: Page, session: Session, school: School
) -> None:
    scenario = _class_of_twelve(session, school)
    sign_in(tab, scenario.teacher)
    for lang, flags, factor in LABELS:
        if lang == "en":
            scenario.teacher.language = "en"
            session.commit()
        tab.set_viewport_size({"width": 1366, "height": 900})
        tab.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
        table = tab.locator(".results-table")
        header = table.get_by_role("columnheader", name=flags, exact=True)
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= 1366, box
        for name in (factor, CRITERIA[-1]):
            column = table.get_by_role("columnheader", name=name).first.bounding_box()
            assert column and column["x"] + column["width"] <= 1366, (name, column)
        table.scroll_into_view_if_needed()
        screenshot(tab, f"results-table-{lang}-1366")

        tab.set_viewport_size({"width": 390, "height": 844})
        anna = table.locator("tbody tr").filter(has_text="Anna de Vries")
        expect(anna.locator("td[data-label]").first).to_be_visible()
        factor_cell = anna.locator(f'td[data-label="{factor}"]')
        cell = factor_cell.bounding_box()
        assert cell and cell["x"] >= 0 and cell["x"] + cell["width"] <= 390, cell
        screenshot(tab, f"results-table-{lang}-390")
        anna.scroll_into_view_if_needed()
        tab.screenshot(path=str(SCREENSHOTS / f"results-table-{lang}-390-card.png"))
