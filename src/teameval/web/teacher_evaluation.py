"""Teacher pages of one evaluation: progress, results, summaries for all, and one student."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from teameval.auth.principal import Principal
from teameval.config import Settings, SettingsDep
from teameval.courses.service import CourseService
from teameval.db import SessionDep
from teameval.evaluations.schemas import ExtensionRead
from teameval.evaluations.service import EvaluationService
from teameval.evaluations.team_changes import TeamChangeService
from teameval.results.service import ResultsService
from teameval.summaries.enums import ReviewState
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.progress import summary_progress
from teameval.summaries.quotes import QuoteService
from teameval.summaries.review_service import SummaryReviewService
from teameval.summaries.staff_summary import StaffSummaryService
from teameval.users.schemas import UserRef
from teameval.web.charts import score_chart
from teameval.web.comments_view import by_student
from teameval.web.dependencies import StaffForm, StaffPage
from teameval.web.flash import redirect_with
from teameval.web.forms import criteria_text, local_value
from teameval.web.progress_view import progress_view
from teameval.web.results_view import results_section
from teameval.web.summary_view import summary_view
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/teacher/evaluations", include_in_schema=False)


@dataclass(frozen=True)
class TeamProgress:
    """How many of a team's reviews are submitted."""

    name: str
    members: int
    submitted: int
    total: int


@router.get("/{evaluation_id}")
def evaluation_page(
    request: Request,
    evaluation_id: int,
    principal: StaffPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Progress per team, the results table, summaries with a live progress bar, open/close."""
    return render_evaluation_page(request, principal, session, settings, evaluation_id)


@dataclass(frozen=True)
class Manage:
    """What the editing forms of the page show (web/teacher_manage.py posts them)."""

    criteria_text: str
    deadline_local: str
    extensions: list[ExtensionRead]
    participants: list[UserRef]
    late: list[UserRef]


def render_evaluation_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    settings: Settings,
    evaluation_id: int,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The evaluation page; with `errors` (and what was `typed`) after a refused form."""
    service = EvaluationService(session, principal)
    evaluation = service.get_evaluation(evaluation_id)
    course = CourseService(session, principal).get_course(evaluation.course_id)
    results_service = ResultsService(session, principal, settings)
    results = results_service.evaluation_results(evaluation_id)
    teams: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in results.students:
        counts = teams[row.team.name]
        counts[0] += 1
        counts[1] += row.reviews_given
        counts[2] += row.reviews_to_give
    progress = [TeamProgress(name, *counts) for name, counts in sorted(teams.items())]
    progress_now = summary_progress(session, principal, evaluation_id)
    comments = results_service.received_comments(evaluation_id)
    section = results_section(request, results_service, results)
    is_open = evaluation.status == "open"
    manage = Manage(
        criteria_text=criteria_text(evaluation.criteria),
        deadline_local=local_value(evaluation.deadline),
        extensions=service.list_extensions(evaluation_id) if is_open else [],
        participants=[UserRef(id=r.student.id, name=r.student.name) for r in results.students]
        if is_open
        else [],
        late=TeamChangeService(session, principal).late_members(evaluation_id).students,
    )
    context = {
        "evaluation": evaluation,
        "course": course,
        "results": results,
        "team_progress": progress,
        "summaries": progress_now,
        "progress_text": progress_view(progress_now, page_language(request)),
        "held_back": [
            item
            for item in SummaryReviewService(session, principal)
            .list_for_review(evaluation_id)
            .items
            if item.state == ReviewState.HELD_BACK
        ],
        "progress_url": f"/teacher/evaluations/{evaluation_id}/summaries/progress",
        "comments": by_student(comments),
        "manage": manage,
        "errors": errors or {},
        "typed": typed or {},
        "section": section,
    }
    if section.refused and status_code == 200:
        status_code = 422  # a team mark that is no mark: said beside it, what was typed kept
    return render(request, "teacher/evaluation.html", context, status_code=status_code)


@router.get("/{evaluation_id}/summaries/progress")
def progress_json(
    request: Request, evaluation_id: int, principal: StaffPage, session: SessionDep
) -> JSONResponse:
    """The progress bar's data and sentences, polled by static/js/progress.js."""
    progress = summary_progress(session, principal, evaluation_id)
    return JSONResponse(
        progress_view(progress, page_language(request)), headers={"Cache-Control": "no-store"}
    )


@router.post("/{evaluation_id}/open")
def open_evaluation(
    request: Request, evaluation_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Open the evaluation: reviews are allocated and students can start."""
    EvaluationService(session, principal).open_evaluation(evaluation_id)
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}", "opened")


@router.post("/{evaluation_id}/close")
def close_evaluation(
    request: Request, evaluation_id: int, principal: StaffForm, session: SessionDep
) -> Response:
    """Close the evaluation; the summaries of everyone with feedback are queued."""
    EvaluationService(session, principal).close_evaluation(evaluation_id)
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}#summaries", "closed")


@router.post("/{evaluation_id}/summaries")
def generate_all(
    request: Request,
    evaluation_id: int,
    principal: StaffForm,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Queue the summary of every student with feedback (one request, any class size)."""
    SummaryJobService(session, principal, settings).batch_queue(evaluation_id, None)
    return redirect_with(request, f"/teacher/evaluations/{evaluation_id}#summaries", "queued")


@router.get("/{evaluation_id}/students/{student_id}")
def student_page(
    request: Request,
    evaluation_id: int,
    student_id: int,
    principal: StaffPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """One student's results and summary; regenerate, and edit/publish under teacher review."""
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    results_service = ResultsService(session, principal, settings)
    results, row = results_service.student_result(evaluation_id, student_id)
    names = {c.id: c.name for c in results.criteria}
    chart = score_chart(
        [(names[c.criterion_id], c.peer_average, c.self_score) for c in row.criteria],
        results.scale_min,
        results.scale_max,
    )
    staff = StaffSummaryService(session, principal).summary_of(
        evaluation_id, student_id, evaluation.summary_release
    )
    quotes = QuoteService(session, principal, settings).quotes(evaluation_id, student_id).quotes
    summary = summary_view(
        evaluation_id,
        student_id,
        staff.state,
        staff.job_id,
        staff.text,
        staff.method,
        points=staff.points,
        flagged=[q for q in quotes if q.addressed_to_model],
    )
    received = by_student(results_service.received_comments(evaluation_id, student_id))
    review = SummaryReviewService(session, principal).get_for_review(evaluation_id, student_id)
    context = {
        "evaluation": evaluation,
        "results": results,
        "row": row,
        "chart": chart,
        "summary": summary,
        "staff_summary": staff,
        "review": review,
        "received": received[0] if received else None,
    }
    return render(request, "teacher/student.html", context)


@router.post("/{evaluation_id}/students/{student_id}/regenerate")
def regenerate(
    request: Request,
    evaluation_id: int,
    student_id: int,
    principal: StaffForm,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Queue a fresh summary even when the feedback did not change."""
    SummaryJobService(session, principal, settings).regenerate(evaluation_id, student_id)
    return redirect_with(
        request, f"/teacher/evaluations/{evaluation_id}/students/{student_id}#summary", "queued"
    )
