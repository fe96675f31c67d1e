"""`/api/v1/evaluations/{id}/results`: the teacher's table, its exports, a student's own."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from teameval.auth.dependencies import PrincipalDep, StaffDep
from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.i18n import translate
from teameval.results.export import (
    Dialect,
    comment_columns,
    content_disposition,
    default_dialect,
    export_filename,
    results_columns,
    to_csv,
)
from teameval.results.export_xlsx import MEDIA_TYPE as XLSX_MEDIA_TYPE
from teameval.results.export_xlsx import results_xlsx
from teameval.results.schemas import EvaluationResults, GradeRequest, GradeSheet, MyResults
from teameval.results.service import ResultsService

router = APIRouter(prefix="/api/v1/evaluations", tags=["results"])


@router.get("/{evaluation_id}/results")
def get_results(
    evaluation_id: int, principal: StaffDep, session: SessionDep, settings: SettingsDep
) -> EvaluationResults:
    """Per student: peer averages, self score, reviews, adjustment factor and flags."""
    return ResultsService(session, principal, settings).evaluation_results(evaluation_id)


@router.post("/{evaluation_id}/results/grades")
def compute_grades(
    evaluation_id: int,
    body: GradeRequest,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
) -> GradeSheet:
    """The grade helper: per team a mark (1-10, "7,5" or 7.5), per student mark x factor."""
    typed = {team_id: str(mark) for team_id, mark in body.team_marks.items()}
    return ResultsService(session, principal, settings).checked_grades(evaluation_id, typed)


DialectQuery = Annotated[
    Dialect | None,
    Query(
        description="`excel-semicolon`: `;` and a decimal comma (Dutch Excel); `excel`: `,` "
        "and a decimal point. Default: the one of the user's language (nl: `excel-semicolon`)."
    ),
]
AllFactorsQuery = Annotated[
    bool,
    Query(description="Also the raw CATME factor and WebPA score, not only the clamped factor"),
]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def _download(body: bytes, media_type: str, filename: str) -> Response:
    """A file to save: its name in the header, never cached (it holds pupils' data)."""
    return Response(
        content=body,
        media_type=media_type,
        headers={
            "Content-Disposition": content_disposition(filename),
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/{evaluation_id}/results.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_results(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    dialect: DialectQuery = None,
    all_factors: AllFactorsQuery = False,
) -> Response:
    """The results as CSV that the user's Excel opens in columns (UTF-8 with BOM, CRLF)."""
    results = ResultsService(session, principal, settings).evaluation_results(evaluation_id)
    lang = principal.language
    body = to_csv(
        results_columns(results, lang, all_factors),
        results.students,
        dialect or default_dialect(lang),
    )
    return _download(body.encode(), CSV_MEDIA_TYPE, export_filename(results.title, "csv"))


@router.get(
    "/{evaluation_id}/comments.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_comments(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    dialect: DialectQuery = None,
) -> Response:
    """Every comment each student received, with who wrote it, as CSV (like results.csv)."""
    export = ResultsService(session, principal, settings).export(evaluation_id)
    lang = principal.language
    body = to_csv(comment_columns(lang), export.comments, dialect or default_dialect(lang))
    name = export_filename(export.results.title, "csv", translate("export_comments_suffix", lang))
    return _download(body.encode(), CSV_MEDIA_TYPE, name)


@router.get(
    "/{evaluation_id}/results.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}},
)
def export_results_xlsx(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    settings: SettingsDep,
    all_factors: AllFactorsQuery = False,
) -> Response:
    """The results and the comments as an Excel workbook (numbers as numbers)."""
    export = ResultsService(session, principal, settings).export(evaluation_id)
    body = results_xlsx(export, principal.language, all_factors)
    return _download(body, XLSX_MEDIA_TYPE, export_filename(export.results.title, "xlsx"))


@router.get("/{evaluation_id}/results/mine")
def get_my_results(
    evaluation_id: int, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> MyResults:
    """A student's own results after closing: scores, anonymous comments and the summary."""
    return ResultsService(session, principal, settings).my_results(evaluation_id)
