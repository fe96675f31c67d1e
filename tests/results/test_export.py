"""CSV exports: Dutch Excel opens them in columns, names say what they are, no formula runs."""

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import unquote

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import CourseTeacher, School, User
from teameval.results.export import content_disposition, export_filename, safe_cell
from tests.factories.results import (
    EXAMPLE_REVIEWS,
    Scenario,
    make_scenario,
    write_review,
    write_reviews,
)
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_rows(body: bytes, separator: str) -> list[list[str]]:
    """Rows as Excel reads a CSV: the BOM says UTF-8, then `separator` between cells."""
    assert body.startswith(b"\xef\xbb\xbf")
    text = body[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def dutch_number(cell: str) -> float:
    """A cell as Dutch Excel reads a number: a decimal comma, no other mark."""
    assert "." not in cell
    return float(cell.replace(",", "."))


def example(session: Session, school: School, **overrides: Any) -> Scenario:
    """The hand-computed team ABC (tests/results), all reviews submitted."""
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]}, **overrides)
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    return scenario


def test_safe_cell_prefixes_every_formula_start() -> None:
    for dangerous in ("=1+1", "+31 6 123", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Anna de Vries") == "Anna de Vries"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell("") == ""


def test_dutch_csv_opens_in_columns_with_decimal_commas(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = example(session, school)
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        headers=login(scenario.teacher),
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = excel_rows(response.content, ";")
    header = rows[0]
    assert header[:5] == ["leerling_id", "naam", "e-mail", "klas", "team"]
    assert len({len(r) for r in rows}) == 1 and len(rows) == 4
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert dutch_number(anna[header.index("peer: Samenwerking")]) == 4.5
    assert dutch_number(anna[header.index("peer gemiddelde")]) == 4.0
    assert dutch_number(anna[header.index("ontvangen")]) == 2
    # One factor by default: the clamped one the results page shows, its range in the header.
    factors = [h for h in header if "factor" in h.lower() or "webpa" in h.lower()]
    assert factors == ["correctiefactor (CATME, begrensd 0,75-1,10)"]
    assert anna[header.index(factors[0])] == "1,091"
    # What needs attention and strong contributions in columns of their own.
    bram = next(r for r in rows[1:] if r[1] == "Bram")
    assert header[-2:] == ["signalen", "positieve signalen"]
    assert bram[-2].startswith("Onderschat zichzelf")
    assert bram[-1].startswith("Sterke bijdrage: gemiddelde 4,5")


def test_raw_factors_on_request_are_labelled(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = example(session, school, adjustment_max=1.05)
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        params={"all_factors": "true"},
        headers=login(scenario.teacher),
    )
    rows = excel_rows(response.content, ";")
    header = rows[0]
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    # CATME for Anna is 4 / (11/3) = 1.0909: clamped to 1.05, the raw value beside it.
    assert anna[header.index("correctiefactor (CATME, begrensd 0,75-1,05)")] == "1,05"
    assert anna[header.index("CATME-factor ruw (niet begrensd, niet gebruikt)")] == "1,091"
    assert "WebPA-score ruw (niet begrensd, niet gebruikt)" in header


def test_english_users_get_commas_and_decimal_points(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = example(session, school)
    teacher = make_user(session, school, "teacher", language="en")
    session.add(  # a co-teacher of the course
        CourseTeacher(school_id=school.id, course_id=scenario.course.id, teacher_id=teacher.id)
    )
    session.commit()
    url = f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv"
    rows = excel_rows(client.get(url, headers=login(teacher)).content, ",")
    header = rows[0]
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[header.index("peer: Samenwerking")] == "4.5"
    assert anna[header.index("adjustment factor (CATME, clamped 0.75-1.10)")] == "1.091"
    # A Dutch teacher may ask for the other dialect, and the reverse.
    dutch = client.get(url, params={"dialect": "excel"}, headers=login(scenario.teacher))
    assert excel_rows(dutch.content, ",")[0][1] == "naam"
    english = client.get(url, params={"dialect": "excel-semicolon"}, headers=login(teacher))
    rows = excel_rows(english.content, ";")
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[rows[0].index("peer: Samenwerking")] == "4,5"
    assert client.get(url, params={"dialect": "|"}, headers=login(teacher)).status_code == 422


def test_file_names_carry_the_title_and_the_date(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    assert (
        export_filename("Peer-evaluatie Biologie 4H", "csv", day=date(2026, 12, 6))
        == "Peer-evaluatie-Biologie-4H-2026-12-06.csv"
    )
    name = export_filename("Zelfreflectie: Café «Ω»", "xlsx", "opmerkingen", date(2026, 1, 2))
    assert name == "Zelfreflectie-Café-Ω-opmerkingen-2026-01-02.xlsx"
    header = content_disposition(name)
    assert 'filename="Zelfreflectie-Cafe-opmerkingen-2026-01-02.xlsx"' in header
    assert unquote(header.split("filename*=UTF-8''")[1]) == name
    assert header.isascii()
    scenario = example(session, school, title="Biologie 4H")
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        headers=login(scenario.teacher),
    )
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Biologie-4H-20')
    assert '.csv"; filename*=' in disposition


def test_comments_csv_lists_each_comment_with_its_writer(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]})
    write_review(session, scenario, "Bram", "Anna", [4, 3], ["Plant; goed, altijd", ""])
    write_review(session, scenario, "Cas", "Anna", [4, 4], ["", "=1+1 werkt hard"])
    write_review(session, scenario, "Anna", "Anna", [5, 5], ["Ik deed veel"])
    write_review(session, scenario, "Anna", "Bram", [3, 3], ["Stil"], status="draft")
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/comments.csv",
        headers=login(scenario.teacher),
    )
    assert response.status_code == 200
    assert "-opmerkingen-20" in response.headers["content-disposition"]
    rows = excel_rows(response.content, ";")
    assert rows[0] == ["leerling_id", "naam", "team", "criterium", "geschreven door", "opmerking"]
    anna = str(scenario.students["Anna"].id)
    assert rows[1:] == [
        [anna, "Anna", "ABC", "Samenwerking", "Bram", "Plant; goed, altijd"],
        [anna, "Anna", "ABC", "Samenwerking", "Anna (zelf)", "Ik deed veel"],
        [anna, "Anna", "ABC", "Inzet", "Cas", "'=1+1 werkt hard"],
    ]  # the draft about Bram is not there


def test_names_that_look_like_formulas_are_neutralised(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(
        session, school, {"+Team": ['=HYPERLINK("http://x.example","klik")', "@Bram", "-Cas"]}
    )
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        headers=login(scenario.teacher),
    )
    rows = excel_rows(response.content, ";")
    names = {r[1] for r in rows[1:]}
    assert names == {'\'=HYPERLINK("http://x.example","klik")', "'@Bram", "'-Cas"}
    assert {r[4] for r in rows[1:]} == {"'+Team"}
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def test_exports_of_another_school_are_not_found(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = example(session, school)
    other = make_user(session, make_school(session), "teacher")
    base = f"/api/v1/evaluations/{scenario.evaluation.id}"
    for path in ("/results.csv", "/comments.csv", "/results.xlsx"):
        assert client.get(base + path, headers=login(other)).status_code == 404
        assert client.get(base + path, headers=login(scenario.students["Anna"])).status_code == 403
