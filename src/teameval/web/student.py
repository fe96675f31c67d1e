"""Student pages: their evaluations, the review forms, and the overview after closing."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from teameval.db import SessionDep
from teameval.errors import AppError
from teameval.evaluations.enums import ReviewStatus
from teameval.evaluations.schemas import EvaluationRead
from teameval.evaluations.service import EvaluationService
from teameval.pagination import MAX_LIMIT
from teameval.reviews.schemas import ReviewRead, ReviewSave, ScoreIn
from teameval.reviews.service import ReviewService
from teameval.web import forms
from teameval.web.dependencies import FormDep, StudentForm, StudentPage
from teameval.web.flash import flash_from
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/student", include_in_schema=False)


@router.get("")
def student_home(request: Request, principal: StudentPage, session: SessionDep) -> Response:
    """The student's evaluations with deadline and how many reviews they have done."""
    evaluations, _total = EvaluationService(session, principal).list_evaluations(MAX_LIMIT, 0)
    return render(
        request,
        "student/index.html",
        {"evaluations": evaluations, "flash": flash_from(request)},
    )


def _review_page(
    request: Request,
    evaluation: EvaluationRead,
    reviews: list[ReviewRead],
    posted: dict[int, dict[str, Any]] | None = None,
    status_code: int = 200,
) -> Response:
    """The review forms; `posted` keeps what was typed in a form the service refused."""
    done = sum(1 for r in reviews if r.status == ReviewStatus.SUBMITTED)
    context = {
        "evaluation": evaluation,
        "reviews": _teammates_first(reviews),
        "posted": posted or {},
        "editable": evaluation.accepts_reviews,
        "deadline_passed": evaluation.deadline_passed,
        "done": done,
        "flash": flash_from(request),
    }
    return render(request, "student/evaluation.html", context, status_code=status_code)


@router.get("/evaluations/{evaluation_id}")
def review_form(
    request: Request, evaluation_id: int, principal: StudentPage, session: SessionDep
) -> Response:
    """A form per teammate (and self): the rubric's criteria, a score and comment for each."""
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    reviews = ReviewService(session, principal).my_reviews(evaluation_id)
    return _review_page(request, evaluation, reviews)


def _teammates_first(reviews: list[ReviewRead]) -> list[ReviewRead]:
    """Teammates in the service's order, the self-assessment last."""
    return sorted(reviews, key=lambda r: r.is_self)


def _scores_from(form: FormDep, evaluation: EvaluationRead) -> tuple[list[ScoreIn], bool]:
    """The scores a review form posted (an empty score is not given; not a number is a 422)."""
    scores = []
    for criterion in evaluation.criteria:
        comment = form.get(f"comment-{criterion.id}")
        scores.append(
            ScoreIn(
                criterion_id=criterion.id,
                score=forms.integer(form, f"score-{criterion.id}"),
                comment=comment if isinstance(comment, str) else "",
            )
        )
    return scores, form.get("action") == "submit"


def _typed_scores(form: FormDep, evaluation: EvaluationRead) -> dict[int, int | None]:
    """The posted scores to show again after a refusal (one that is not a number as none)."""
    typed: dict[int, int | None] = {}
    for criterion in evaluation.criteria:
        try:
            typed[criterion.id] = forms.integer(form, f"score-{criterion.id}")
        except AppError:
            typed[criterion.id] = None
    return typed


@router.post("/evaluations/{evaluation_id}/reviews/{reviewee_id}")
def save_review(
    request: Request,
    evaluation_id: int,
    reviewee_id: int,
    principal: StudentForm,
    form: FormDep,
    session: SessionDep,
) -> Response:
    """Save a draft or submit one review; a mistake re-shows the form with what was typed."""
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    service = ReviewService(session, principal)
    try:
        scores, submit = _scores_from(form, evaluation)
        service.save_review(evaluation_id, reviewee_id, ReviewSave(scores=scores, submit=submit))
    except AppError as exc:
        if exc.status_code == 404:
            raise
        posted = {
            reviewee_id: {
                "scores": _typed_scores(form, evaluation),
                "comments": {c.id: form.get(f"comment-{c.id}") or "" for c in evaluation.criteria},
                "error": forms.problem(exc, page_language(request)),
            }
        }
        return _review_page(
            request, evaluation, service.my_reviews(evaluation_id), posted, status_code=422
        )
    message = "submitted" if submit else "saved"
    target = f"/student/evaluations/{evaluation_id}?msg={message}#review-{reviewee_id}"
    return RedirectResponse(target, status_code=303)
