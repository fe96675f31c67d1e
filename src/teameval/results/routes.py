"""`/api/v1/evaluations/{id}/results`: the teacher's table, its CSV export, a student's own."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from teameval.auth.dependencies import PrincipalDep, StaffDep
from teameval.db import SessionDep
from teameval.results.export import Separator, results_csv
from teameval.results.schemas import EvaluationResults, MyResults
from teameval.results.service import ResultsService

router = APIRouter(prefix="/api/v1/evaluations", tags=["results"])


@router.get("/{evaluation_id}/results")
def get_results(evaluation_id: int, principal: StaffDep, session: SessionDep) -> EvaluationResults:
    """Per student: peer averages, self score, reviews, adjustment factor and flags."""
    return ResultsService(session, principal).evaluation_results(evaluation_id)


@router.get(
    "/{evaluation_id}/results.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_results(
    evaluation_id: int,
    principal: StaffDep,
    session: SessionDep,
    sep: Annotated[Separator, Query(description="`;` for Excel with a decimal comma")] = ",",
) -> Response:
    """The results as CSV for Excel: UTF-8 with BOM, `,` or `;` separated."""
    results = ResultsService(session, principal).evaluation_results(evaluation_id)
    body = results_csv(results, principal.language, sep)
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="results-{evaluation_id}.csv"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/{evaluation_id}/results/mine")
def get_my_results(evaluation_id: int, principal: PrincipalDep, session: SessionDep) -> MyResults:
    """A student's own results after closing: scores, anonymous comments and the summary."""
    return ResultsService(session, principal).my_results(evaluation_id)
