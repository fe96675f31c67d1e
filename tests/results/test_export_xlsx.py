"""`/results.xlsx`: real numbers with formats, a frozen header, the comments on a second sheet."""

import io
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.results import EXAMPLE_REVIEWS, Scenario, make_scenario, write_review

Login = Callable[[User], dict[str, Any]]


def workbook_of(client: TestClient, login: Login, scenario: Scenario) -> list[Worksheet]:
    """The sheets of the evaluation's workbook as the teacher downloads it."""
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.xlsx",
        headers=login(scenario.teacher),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["content-disposition"].startswith('attachment; filename="Biologie')
    assert '.xlsx"; filename*=' in response.headers["content-disposition"]
    return list(load_workbook(io.BytesIO(response.content)).worksheets)


def test_results_sheet_holds_numbers_with_formats(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]}, title="Biologie")
    for (reviewer, reviewee), scores in EXAMPLE_REVIEWS.items():
        write_review(session, scenario, reviewer, reviewee, scores)
    results, comments = workbook_of(client, login, scenario)
    assert (results.title, comments.title) == ("Resultaten", "Opmerkingen")
    assert results.freeze_panes == "A2"
    header = [c.value for c in results[1]]
    assert header[:5] == ["leerling_id", "naam", "e-mail", "klas", "team"]
    anna = next(row for row in results.iter_rows(min_row=2) if row[1].value == "Anna")
    cell = anna[header.index("peer: Samenwerking")]
    assert (cell.value, cell.data_type, cell.number_format) == (4.5, "n", "0.00")
    factor = anna[header.index("correctiefactor (CATME, begrensd 0,75-1,10)")]
    assert (factor.value, factor.data_type, factor.number_format) == (1.091, "n", "0.000")
    received = anna[header.index("ontvangen")]
    assert (received.value, received.number_format) == (2, "0")
    assert anna[0].value == scenario.students["Anna"].id
    assert results.max_row == 4
    # Widths fit: the e-mail column is wider than the id column, and none is absurdly wide.
    widths = {c: results.column_dimensions[c].width for c in ("A", "C")}
    assert widths["C"] >= len("anna@s.example") and widths["A"] < widths["C"] <= 62


def test_comments_sheet_names_who_wrote_each_comment(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]}, title="Biologie")
    write_review(session, scenario, "Bram", "Anna", [4, 3], ["Plant goed", "Soms laat"])
    write_review(session, scenario, "Cas", "Bram", [4, 4], ["", "Trekt\vde kar\x1b"])
    write_review(session, scenario, "Anna", "Cas", [3, 3], ["Nog bezig"], status="draft")
    _, comments = workbook_of(client, login, scenario)
    assert comments.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in comments.iter_rows()]
    anna, bram = scenario.students["Anna"].id, scenario.students["Bram"].id
    assert rows == [
        ["leerling_id", "naam", "team", "criterium", "geschreven door", "opmerking"],
        [anna, "Anna", "ABC", "Samenwerking", "Bram", "Plant goed"],
        [anna, "Anna", "ABC", "Inzet", "Bram", "Soms laat"],
        [bram, "Bram", "ABC", "Inzet", "Cas", "Trekt\nde kar"],
    ]  # pasted control characters do not break the file: Word's line break is kept as one
    assert comments.cell(row=2, column=6).alignment.wrap_text


def test_formulas_stay_text_in_the_workbook(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    dangerous = '=HYPERLINK("http://x.example","klik")'
    scenario = make_scenario(session, school, {"+Team": [dangerous, "Bram"]}, title="Biologie")
    write_review(session, scenario, "Bram", dangerous, [4, 4], ["@SUM(A1)", "-5 punten"])
    results, comments = workbook_of(client, login, scenario)
    texts = [
        cell
        for sheet in (results, comments)
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ]
    email = dangerous.lower() + "@s.example"  # the factory makes it from the name
    assert {c.value for c in texts} == {dangerous, email, "+Team", "@SUM(A1)", "-5 punten"}
    for cell in texts:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
