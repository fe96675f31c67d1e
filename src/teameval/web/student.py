"""Student pages: their evaluations, the review forms, and the overview after closing."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from teameval.db import SessionDep
from teameval.errors import AppError, Invalid, NotFound
from teameval.evaluations.enums import ReviewStatus
from teameval.evaluations.schemas import EvaluationRead
from teameval.evaluations.service import EvaluationService
from teameval.pagination import MAX_LIMIT
from teameval.reviews.schemas import ReviewRead, ReviewSave, ScoreIn
from teameval.reviews.service import ReviewService
from teameval.web import forms
from teameval.web.dependencies import FormDep, StudentForm, StudentPage
from teameval.web.flash import redirect_with
from teameval.web.templating import page_language, render

router = APIRouter(prefix="/student", include_in_schema=False)


@router.get("")
def student_home(request: Request, principal: StudentPage, session: SessionDep) -> Response:
    """The student's evaluations with deadline and how many reviews they have done."""
    evaluations, _total = EvaluationService(session, principal).list_evaluations(MAX_LIMIT, 0)
    return render(
        request,
        "student/index.html",
        {"evaluations": evaluations},
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
    }
    return render(request, "student/evaluation.html", context, status_code=status_code)


@router.get("/evaluations/{evaluation_id}")
def review_form(
    request: Request, evaluation_id: int, principal: StudentPage, session: SessionDep
) -> Response:
    """One form with a card per teammate (and self): a score and comment per criterion."""
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    reviews = ReviewService(session, principal).my_reviews(evaluation_id)
    return _review_page(request, evaluation, reviews)


def _teammates_first(reviews: list[ReviewRead]) -> list[ReviewRead]:
    """Teammates in the service's order, the self-assessment last."""
    return sorted(reviews, key=lambda r: r.is_self)


def _card_scores(
    form: FormDep, evaluation: EvaluationRead, reviewee_id: int
) -> tuple[list[ScoreIn], dict[int, int | None], dict[int, str], AppError | None]:
    """One card of the posted page: its scores, and what to show again (a bad score as none)."""
    scores: list[ScoreIn] = []
    typed: dict[int, int | None] = {}
    comments: dict[int, str] = {}
    problem: AppError | None = None
    for criterion in evaluation.criteria:
        field = f"{reviewee_id}-{criterion.id}"
        comment = form.get(f"comment-{field}")
        comments[criterion.id] = comment if isinstance(comment, str) else ""
        try:
            typed[criterion.id] = forms.integer(form, f"score-{field}")
        except AppError:
            typed[criterion.id] = None
            problem = problem or Invalid("form_score_not_a_number", criterion=criterion.name)
        scores.append(
            ScoreIn(
                criterion_id=criterion.id,
                score=typed[criterion.id],
                comment=comments[criterion.id],
            )
        )
    return scores, typed, comments, problem


def _action(form: FormDep) -> tuple[bool, int | None]:
    """Which button was pressed: (`submit:<id>` submits that card; anything else saves)."""
    kind, _, target = str(form.get("action") or "").partition(":")
    reviewee_id = forms.whole_number(target) if target else None
    return kind == "submit" and reviewee_id is not None, reviewee_id


@router.post("/evaluations/{evaluation_id}/reviews")
def save_reviews(
    request: Request,
    evaluation_id: int,
    principal: StudentForm,
    form: FormDep,
    session: SessionDep,
) -> Response:
    """Save every card of the page (a draft of each changed one), submitting the one chosen.

    One form holds every card, so pressing one card's button never loses another's input;
    a refused card comes back with what was typed and says why, the others are saved.
    """
    evaluation = EvaluationService(session, principal).get_evaluation(evaluation_id)
    service = ReviewService(session, principal)
    submit, target = _action(form)
    posted_cards = set(forms.ids(form, "card"))
    posted: dict[int, dict[str, Any]] = {}
    saves: dict[int, ReviewSave] = {}
    refused: dict[int, AppError] = {}
    for reviewee_id in posted_cards:
        scores, typed, comments, problem = _card_scores(form, evaluation, reviewee_id)
        posted[reviewee_id] = {"scores": typed, "comments": comments, "error": ""}
        if problem is not None:
            refused[reviewee_id] = problem
        else:
            saves[reviewee_id] = ReviewSave(scores=scores, submit=submit and reviewee_id == target)
    if submit and target not in posted_cards:
        raise NotFound()
    refused |= service.save_reviews(evaluation_id, saves)
    if refused:
        lang = page_language(request)
        for reviewee_id, exc in refused.items():
            posted[reviewee_id]["error"] = forms.problem(exc, lang)
        reviews = service.my_reviews(evaluation_id)
        return _review_page(request, evaluation, reviews, posted, status_code=422)
    message = "submitted" if submit else "saved"
    anchor = f"#review-{target}" if target in posted_cards else ""
    return redirect_with(request, f"/student/evaluations/{evaluation_id}{anchor}", message)
