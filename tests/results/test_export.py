"""`/results.csv`: opens in Excel (BOM, `;` with decimal comma) and never carries a formula."""

import csv
import io
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from teameval.results.export import safe_cell
from tests.factories.results import EXAMPLE_REVIEWS, make_scenario, write_reviews

Login = Callable[[User], dict[str, Any]]


def test_safe_cell_prefixes_every_formula_start() -> None:
    for dangerous in ("=1+1", "+31 6 123", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Anna de Vries") == "Anna de Vries"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell("") == ""


def test_csv_has_bom_header_and_rows(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]})
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        headers=login(scenario.teacher),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:5] == ["leerling_id", "naam", "e-mail", "klas", "team"]
    assert "peer: Samenwerking" in header
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[header.index("peer gemiddelde")] == "4"
    assert anna[header.index("peer: Samenwerking")] == "4.5"
    assert anna[header.index("correctiefactor")] == "1.091"
    assert len(rows) == 4


def test_semicolon_option_uses_a_decimal_comma(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram", "Cas"]})
    write_reviews(session, scenario, EXAMPLE_REVIEWS)
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        params={"sep": ";"},
        headers=login(scenario.teacher),
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    anna = next(r for r in rows[1:] if r[1] == "Anna")
    assert anna[header.index("peer: Samenwerking")] == "4,5"
    assert anna[header.index("correctiefactor")] == "1,091"


def test_unknown_separator_is_refused(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram"]})
    response = client.get(
        f"/api/v1/evaluations/{scenario.evaluation.id}/results.csv",
        params={"sep": "|"},
        headers=login(scenario.teacher),
    )
    assert response.status_code == 422


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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {r[1] for r in rows[1:]}
    assert names == {'\'=HYPERLINK("http://x.example","klik")', "'@Bram", "'-Cas"}
    assert {r[4] for r in rows[1:]} == {"'+Team"}
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
