"""Writing reviews through the API: mine, drafts, submit, re-submit, and every refusal."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.models import ReviewAllocation, ReviewScore, School, User, utcnow
from tests.factories.evaluation import ClassWithTeam, make_class_with_team

Login = Callable[[User], dict[str, Any]]


def _stored(session: Session) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every allocation's state and every score, to prove a refusal changed nothing."""
    session.expire_all()
    allocations = [
        (a.id, a.status, a.submitted_at)
        for a in session.scalars(select(ReviewAllocation).order_by(ReviewAllocation.id))
    ]
    scores = [
        (s.allocation_id, s.criterion_id, s.score, s.comment)
        for s in session.scalars(select(ReviewScore).order_by(ReviewScore.id))
    ]
    return allocations, scores


def _full(klass: ClassWithTeam, score: int = 4, comment: str = "Goed") -> dict[str, Any]:
    return {
        "scores": [
            {"criterion_id": c.id, "score": score, "comment": comment} for c in klass.criteria
        ],
        "submit": True,
    }


def _url(klass: ClassWithTeam, reviewee: User) -> str:
    return f"/api/v1/evaluations/{klass.evaluation.id}/reviews/{reviewee.id}"


def test_mine_lists_self_first_then_teammates_with_empty_scores(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, team_size=3)
    me = klass.students[0]
    r = client.get(f"/api/v1/evaluations/{klass.evaluation.id}/reviews/mine", headers=login(me))
    assert r.status_code == 200, r.text
    reviews = r.json()
    assert len(reviews) == 3
    assert reviews[0]["reviewee"] == {"id": me.id, "name": me.name}
    assert reviews[0]["is_self"] is True
    assert {x["reviewee"]["id"] for x in reviews[1:]} == {s.id for s in klass.students[1:]}
    for review in reviews:
        assert review["status"] == "todo"
        assert review["scores"] == [
            {"criterion_id": c.id, "score": None, "comment": ""} for c in klass.criteria
        ]


def test_draft_then_submit_then_resubmit_replaces(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    me, mate = klass.students[0], klass.students[1]
    headers = login(me)
    first, second = klass.criteria
    draft = {
        "scores": [{"criterion_id": first.id, "score": 3, "comment": "  Helpt <b>goed</b>\n "}],
        "submit": False,
    }
    r = client.put(_url(klass, mate), json=draft, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "draft"
    assert body["scores"] == [
        {"criterion_id": first.id, "score": 3, "comment": "Helpt <b>goed</b>"},
        {"criterion_id": second.id, "score": None, "comment": ""},
    ]

    r = client.put(_url(klass, mate), json=_full(klass, 5, "Top"), headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "submitted"
    assert r.json()["submitted_at"] is not None

    r = client.put(_url(klass, mate), json=_full(klass, 2, "Minder"), headers=headers)
    assert r.status_code == 200
    mine = client.get(f"/api/v1/evaluations/{klass.evaluation.id}/reviews/mine", headers=headers)
    review = next(x for x in mine.json() if x["reviewee"]["id"] == mate.id)
    assert review["status"] == "submitted"
    assert [(s["score"], s["comment"]) for s in review["scores"]] == [(2, "Minder")] * 2
    assert len(session.scalars(select(ReviewScore)).all()) == 2  # replaced, not added

    progress = client.get(f"/api/v1/evaluations/{klass.evaluation.id}", headers=headers)
    assert progress.json()["progress"] == {"submitted": 1, "total": 3}


def test_refused_reviews_change_nothing_saved(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, scale_min=1, scale_max=5)
    me, mate = klass.students[0], klass.students[1]
    headers = login(me)
    first, second = klass.criteria
    assert (
        client.put(_url(klass, mate), json=_full(klass, 4, "Eerst"), headers=headers).status_code
        == 200
    )
    before = _stored(session)

    def entry(cid: int, score: Any = 3, comment: Any = "") -> dict[str, Any]:
        return {"criterion_id": cid, "score": score, "comment": comment}

    cases: list[tuple[dict[str, Any], str]] = [
        ({"scores": [entry(first.id, 6), entry(second.id)], "submit": True}, "score_off_scale"),
        ({"scores": [entry(first.id, 0), entry(second.id)], "submit": True}, "score_off_scale"),
        ({"scores": [entry(first.id)], "submit": True}, "submit_incomplete"),
        (
            {"scores": [entry(first.id), entry(second.id, None)], "submit": True},
            "submit_incomplete",
        ),
        ({"scores": [entry(first.id), entry(999999)], "submit": True}, "unknown_criterion"),
        (
            {"scores": [entry(first.id), entry(first.id), entry(second.id)], "submit": True},
            "duplicate_criterion",
        ),
        (
            {"scores": [entry(first.id, 3, "x" * 2001), entry(second.id)], "submit": True},
            "comment_too_long",
        ),
        ({"scores": [entry(first.id, 3.5), entry(second.id)], "submit": True}, "validation_error"),
        ({"scores": [entry(first.id)], "submit": False}, "review_already_submitted"),
        ({"submit": True}, "validation_error"),
    ]
    for body, code in cases:
        r = client.put(_url(klass, mate), json=body, headers=headers)
        assert r.status_code == 422, (code, r.text)
        assert r.json()["code"] == code, (code, r.text)
        assert r.json()["detail"]
        assert _stored(session) == before, code
    incomplete = client.put(
        _url(klass, mate), json={"scores": [entry(first.id)], "submit": True}, headers=headers
    )
    assert second.name in incomplete.json()["detail"]


def test_comment_of_2000_characters_after_stripping_is_accepted(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    me = klass.students[0]
    body = _full(klass, 3, "  " + "é" * 2000 + "  ")
    r = client.put(_url(klass, me), json=body, headers=login(me))
    assert r.status_code == 200, r.text
    assert r.json()["scores"][0]["comment"] == "é" * 2000


def test_only_own_allocations_exist(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    other = make_class_with_team(session, school, team_size=2)
    me = klass.students[0]
    headers = login(me)
    stranger = other.students[0]
    url = f"/api/v1/evaluations/{klass.evaluation.id}/reviews/{stranger.id}"
    assert client.put(url, json=_full(klass), headers=headers).status_code == 404
    other_eval = f"/api/v1/evaluations/{other.evaluation.id}/reviews/{stranger.id}"
    assert client.put(other_eval, json=_full(klass), headers=headers).status_code == 404
    mine_elsewhere = f"/api/v1/evaluations/{other.evaluation.id}/reviews/mine"
    assert client.get(mine_elsewhere, headers=headers).status_code == 404
    # a teacher has no reviews to write: none listed, none writable
    teacher_headers = login(klass.teacher)
    mine = client.get(
        f"/api/v1/evaluations/{klass.evaluation.id}/reviews/mine", headers=teacher_headers
    )
    assert mine.status_code == 200 and mine.json() == []
    assert (
        client.put(_url(klass, me), json=_full(klass), headers=teacher_headers).status_code == 404
    )
    assert _stored(session)[1] == []


def test_reviews_only_while_open_and_before_the_deadline(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    me, mate = klass.students[0], klass.students[1]
    headers = login(me)
    klass.evaluation.deadline = utcnow() - timedelta(seconds=1)
    session.commit()
    late = client.put(_url(klass, mate), json=_full(klass), headers=headers)
    assert late.status_code == 422
    assert late.json()["code"] == "deadline_passed"

    klass.evaluation.deadline = None
    klass.evaluation.status = "closed"
    session.commit()
    closed = client.put(_url(klass, mate), json=_full(klass), headers=headers)
    assert closed.status_code == 422
    assert closed.json()["code"] == "evaluation_not_open"
    assert _stored(session)[1] == []
    # a closed evaluation's reviews can still be read
    mine = client.get(f"/api/v1/evaluations/{klass.evaluation.id}/reviews/mine", headers=headers)
    assert mine.status_code == 200 and len(mine.json()) == 3


def test_draft_evaluation_has_no_reviews(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, status="draft")
    headers = login(klass.students[0])
    url = f"/api/v1/evaluations/{klass.evaluation.id}/reviews"
    assert client.get(f"{url}/mine", headers=headers).status_code == 404
    assert (
        client.put(f"{url}/{klass.students[1].id}", json=_full(klass), headers=headers).status_code
        == 404
    )


def test_an_empty_draft_leaves_the_review_to_do(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    me, mate = klass.students[0], klass.students[1]
    r = client.put(_url(klass, mate), json={"scores": [], "submit": False}, headers=login(me))
    assert r.status_code == 200
    assert r.json()["status"] == "todo"
    assert _stored(session)[1] == []
