"""The export links in a real browser: files that Excel and openpyxl open, in both languages."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.models import School
from tests.factories.results import make_scenario, write_review
from tests.web.browser.conftest import screenshot
from tests.web.browser.test_flows import sign_in

pytestmark = pytest.mark.browser


def download(page: Page, link: str) -> tuple[str, bytes]:
    """Click a link on the page as the teacher would; the saved file's name and bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def test_the_teacher_downloads_exports_excel_opens(
    page: Page, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"Team Blauw": ["Anna", "Bram"]}, title="Biologie 4H")
    write_review(session, scenario, "Bram", "Anna", [4, 3], ["Plant goed", "Soms laat"])
    write_review(session, scenario, "Anna", "Bram", [5, 4])
    sign_in(page, scenario.teacher)
    page.goto(f"/teacher/evaluations/{scenario.evaluation.id}")
    screenshot(page, "teacher-evaluation-exports")

    name, body = download(page, "Exporteren (CSV)")
    assert name.startswith("Biologie-4H-20") and name.endswith(".csv")
    # As Dutch Excel reads it: BOM, then `;` between cells and a decimal comma.
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[3:].decode(), newline=""), delimiter=";"))
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[rows[0].index("peer: Inzet")] == "3"
    assert anna[rows[0].index("peer: Samenwerking")] == "4"
    assert anna[rows[0].index("peer gemiddelde")] == "3,5"

    name, body = download(page, "Exporteren (Excel)")
    assert name.startswith("Biologie-4H-20") and name.endswith(".xlsx")
    results, comments = load_workbook(io.BytesIO(body)).worksheets
    header = [c.value for c in results[1]]
    anna_row = next(r for r in results.iter_rows(min_row=2) if r[1].value == "Anna")
    assert anna_row[header.index("peer gemiddelde")].value == 3.5
    assert [c.value for c in comments[2]][3:] == ["Samenwerking", "Bram", "Plant goed"]

    # In English the same link gives `,` and decimal points.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    name, body = download(page, "Export (CSV)")
    rows = list(csv.reader(io.StringIO(body[3:].decode(), newline="")))
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[rows[0].index("peer average")] == "3.5"
    name, body = download(page, "Comments (CSV)")
    assert name.startswith("Biologie-4H-comments-20")
    rows = list(csv.reader(io.StringIO(body[3:].decode(), newline="")))
    assert rows[0][-2:] == ["written by", "comment"]
    assert [r[-1] for r in rows[1:]] == ["Plant goed", "Soms laat"]
