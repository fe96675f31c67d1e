"""The student's overview: after closing their scores, the live summary, the anonymous comments."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from teameval.config import SettingsDep
from teameval.db import SessionDep
from teameval.errors import Invalid
from teameval.evaluations.enums import ReviewStatus
from teameval.evaluations.service import EvaluationService
from teameval.results.service import ResultsService
from teameval.reviews.service import ReviewService
from teameval.web.charts import score_chart
from teameval.web.dependencies import StudentPage
from teameval.web.summary_view import student_summary_view
from teameval.web.templating import render

router = APIRouter(prefix="/student", include_in_schema=False)


@router.get("/evaluations/{evaluation_id}/overzicht")
def overview(
    request: Request,
    evaluation_id: int,
    principal: StudentPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """After closing: scores received against their own, the summary, the anonymous comments.

    Before closing the page says what will appear here and when (not an error page).
    """
    try:
        results = ResultsService(session, principal, settings).my_results(evaluation_id)
    except Invalid as exc:
        if exc.code != "evaluation_not_closed":
            raise
        evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
        reviews = ReviewService(session, principal).my_reviews(evaluation_id)
        done = sum(1 for r in reviews if r.status == ReviewStatus.SUBMITTED)
        context = {"evaluation": evaluation, "done": done, "total": len(reviews)}
        return render(request, "student/overview_pending.html", context)
    chart = score_chart(
        [(c.name, c.peer_average, c.own_score) for c in results.criteria],
        results.scale_min,
        results.scale_max,
    )
    summary = student_summary_view(results.evaluation_id, principal.user_id, results.summary)
    return render(
        request,
        "student/overview.html",
        {"results": results, "chart": chart, "summary": summary},
    )
