"""Evaluations through the API: create, edit, list, open (allocation), close, and refusals."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Criterion, Evaluation, ReviewAllocation, School, User, utcnow
from tests.factories.course import make_course, make_team
from tests.factories.evaluation import make_class_with_team, make_evaluation
from tests.factories.school import make_user

Login = Callable[[User], dict[str, Any]]


def _count(session: Session, model: type[Any]) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _payload(course_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "course_id": course_id,
        "title": "Project 1",
        "criteria": [
            {"name": "Samenwerking", "description": "Werkt goed samen"},
            {"name": "Inzet", "description": ""},
        ],
        "scale_min": 1,
        "scale_max": 5,
        "include_self": True,
        "deadline": (utcnow() + timedelta(days=3)).isoformat(),
        "summary_release": "teacher_review",
    } | overrides


def test_create_evaluation_answers_with_criteria(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    r = client.post("/api/v1/evaluations", json=_payload(course.id), headers=login(teacher))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "draft"
    assert body["course_id"] == course.id
    assert body["summary_release"] == "teacher_review"
    assert [(c["name"], c["position"]) for c in body["criteria"]] == [
        ("Samenwerking", 0),
        ("Inzet", 1),
    ]
    assert all(isinstance(c["id"], int) for c in body["criteria"])
    got = client.get(f"/api/v1/evaluations/{body['id']}", headers=login(teacher))
    assert got.status_code == 200
    assert got.json()["criteria"] == body["criteria"]


def test_create_evaluation_refusals_change_nothing(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    headers = login(teacher)
    past = (utcnow() - timedelta(hours=1)).isoformat()
    two = [{"name": "A"}, {"name": " a "}]
    cases: list[tuple[dict[str, Any], str]] = [
        (_payload(course.id, scale_min=5, scale_max=5), "scale_invalid"),
        (_payload(course.id, scale_min=5, scale_max=1), "scale_invalid"),
        (_payload(course.id, criteria=[]), "criteria_required"),
        (_payload(course.id, criteria=[{"name": "   "}]), "validation_error"),
        (_payload(course.id, criteria=two), "duplicate_criterion_name"),
        (_payload(course.id, deadline=past), "deadline_in_past"),
        (_payload(999999), "unknown_course"),
        (_payload(course.id, summary_release="never"), "validation_error"),
        (_payload(course.id, title=""), "validation_error"),
        (_payload(course.id, scale_max=1000), "validation_error"),
        (_payload(course.id, adjustment_min=1.2, adjustment_max=0.8), "adjustment_range_invalid"),
    ]
    for body, code in cases:
        r = client.post("/api/v1/evaluations", json=body, headers=headers)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["code"] == code, (body, r.text)
        assert r.json()["detail"], r.text
    assert _count(session, Evaluation) == 0
    assert _count(session, Criterion) == 0


def test_patch_edits_a_draft_and_replaces_the_rubric(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    evaluation = make_evaluation(session, make_course(session, school))
    headers = login(teacher)
    url = f"/api/v1/evaluations/{evaluation.id}"
    r = client.patch(
        url,
        json={"title": "Nieuw", "criteria": [{"name": "Communicatie"}], "deadline": None},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Nieuw"
    assert r.json()["deadline"] is None
    assert [c["name"] for c in r.json()["criteria"]] == ["Communicatie"]
    bad = client.patch(url, json={"scale_min": 9}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["code"] == "scale_invalid"
    assert client.get(url, headers=headers).json()["scale_min"] == 1
    assert client.patch("/api/v1/evaluations/999999", json={}, headers=headers).status_code == 404


def test_patch_after_opening_changes_only_title_and_deadline(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    headers = login(klass.teacher)
    url = f"/api/v1/evaluations/{klass.evaluation.id}"
    refused = client.patch(url, json={"criteria": [{"name": "X"}]}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "evaluation_locked"
    later = (utcnow() + timedelta(days=30)).isoformat()
    ok = client.patch(url, json={"title": "Verlengd", "deadline": later}, headers=headers)
    assert ok.status_code == 200, ok.text
    assert ok.json()["title"] == "Verlengd"
    assert len(ok.json()["criteria"]) == 2


def test_open_allocates_every_teammate_and_self(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    trio = [make_user(session, school, "student") for _ in range(3)]
    duo = [make_user(session, school, "student") for _ in range(2)]
    make_team(session, course, trio)
    make_team(session, course, duo)
    make_team(session, course, [make_user(session, school, "student")])  # alone: no reviews
    evaluation = make_evaluation(session, course, include_self=True)
    r = client.post(f"/api/v1/evaluations/{evaluation.id}/open", headers=login(teacher))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "open"
    assert r.json()["opened_at"] is not None
    assert r.json()["progress"] == {"submitted": 0, "total": 9 + 4}
    pairs = {
        (a.reviewer_id, a.reviewee_id, a.is_self) for a in session.scalars(select(ReviewAllocation))
    }
    expected = {(x.id, y.id, x.id == y.id) for team in (trio, duo) for x in team for y in team}
    assert pairs == expected

    again = client.post(f"/api/v1/evaluations/{evaluation.id}/open", headers=login(teacher))
    assert again.status_code == 422
    assert again.json()["code"] == "evaluation_not_draft"
    assert _count(session, ReviewAllocation) == 13


def test_two_simultaneous_opens_allocate_once(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    make_team(session, course, [make_user(session, school, "student") for _ in range(3)])
    evaluation = make_evaluation(session, course)
    headers = login(teacher)
    url = f"/api/v1/evaluations/{evaluation.id}/open"
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(lambda _: client.post(url, headers=headers).status_code, [1, 2]))
    assert statuses == [200, 422]
    assert _count(session, ReviewAllocation) == 9


def test_open_without_self_assessment(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    make_team(session, course, [make_user(session, school, "student") for _ in range(3)])
    evaluation = make_evaluation(session, course, include_self=False)
    r = client.post(f"/api/v1/evaluations/{evaluation.id}/open", headers=login(teacher))
    assert r.status_code == 200
    allocations = session.scalars(select(ReviewAllocation)).all()
    assert len(allocations) == 6
    assert not any(a.is_self or a.reviewer_id == a.reviewee_id for a in allocations)


def test_open_refuses_without_a_team_of_two_or_past_deadline(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    make_team(session, course, [make_user(session, school, "student")])
    evaluation = make_evaluation(session, course)
    headers = login(teacher)
    r = client.post(f"/api/v1/evaluations/{evaluation.id}/open", headers=headers)
    assert r.status_code == 422
    assert r.json()["code"] == "evaluation_has_no_teams"

    make_team(session, course, [make_user(session, school, "student") for _ in range(2)])
    evaluation.deadline = utcnow() - timedelta(minutes=1)
    session.commit()
    late = client.post(f"/api/v1/evaluations/{evaluation.id}/open", headers=headers)
    assert late.status_code == 422
    assert late.json()["code"] == "deadline_in_past"
    session.expire_all()
    assert session.get(Evaluation, evaluation.id).status == "draft"  # type: ignore[union-attr]
    assert _count(session, ReviewAllocation) == 0
    assert client.post("/api/v1/evaluations/999999/open", headers=headers).status_code == 404


def test_close_only_an_open_evaluation(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    headers = login(klass.teacher)
    url = f"/api/v1/evaluations/{klass.evaluation.id}/close"
    r = client.post(url, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "closed"
    assert r.json()["closed_at"] is not None
    again = client.post(url, headers=headers)
    assert again.status_code == 422
    assert again.json()["code"] == "evaluation_not_open"
    draft = make_evaluation(session, klass.course)
    r = client.post(f"/api/v1/evaluations/{draft.id}/close", headers=headers)
    assert r.status_code == 422
    assert client.post("/api/v1/evaluations/999999/close", headers=headers).status_code == 404


def test_staff_list_filters_and_paginates(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    other_course = make_course(session, school, teacher_id=klass.teacher.id)
    make_evaluation(session, other_course, title="Concept")
    make_evaluation(session, make_course(session, school, teacher_id=teacher.id))  # not theirs
    headers = login(klass.teacher)
    everything = client.get("/api/v1/evaluations", headers=headers).json()
    assert everything["total"] == 2
    by_course = client.get(
        f"/api/v1/evaluations?course_id={klass.course.id}", headers=headers
    ).json()
    assert [e["id"] for e in by_course["items"]] == [klass.evaluation.id]
    assert by_course["items"][0]["progress"] == {"submitted": 0, "total": 9}
    drafts = client.get("/api/v1/evaluations?status=draft", headers=headers).json()
    assert [e["title"] for e in drafts["items"]] == ["Concept"]
    page = client.get("/api/v1/evaluations?limit=1&offset=1", headers=headers).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    bad = client.get("/api/v1/evaluations?status=lost", headers=headers)
    assert bad.status_code == 422


def test_students_see_only_their_evaluations_with_progress(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    other = make_class_with_team(session, school, team_size=2)
    draft = make_evaluation(session, klass.course)  # a draft is never shown to students
    me = klass.students[0]
    headers = login(me)
    listed = client.get("/api/v1/evaluations", headers=headers)
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == klass.evaluation.id
    assert body["items"][0]["progress"] == {"submitted": 0, "total": 2}
    assert client.get("/api/v1/evaluations?status=draft", headers=headers).json()["total"] == 0
    same = client.get(f"/api/v1/evaluations?course_id={klass.course.id}", headers=headers)
    assert same.json()["total"] == 1
    elsewhere = client.get(f"/api/v1/evaluations?course_id={other.course.id}", headers=headers)
    assert elsewhere.json()["total"] == 0

    own = client.get(f"/api/v1/evaluations/{klass.evaluation.id}", headers=headers)
    assert own.status_code == 200
    assert len(own.json()["criteria"]) == 2
    for hidden in (other.evaluation.id, draft.id, 999999):
        assert client.get(f"/api/v1/evaluations/{hidden}", headers=headers).status_code == 404


def test_students_cannot_create_open_close_or_edit(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    klass = make_class_with_team(session, school)
    headers = login(klass.students[0])
    eid = klass.evaluation.id
    assert (
        client.post(
            "/api/v1/evaluations", json=_payload(klass.course.id), headers=headers
        ).status_code
        == 403
    )
    assert client.post(f"/api/v1/evaluations/{eid}/close", headers=headers).status_code == 403
    assert (
        client.patch(f"/api/v1/evaluations/{eid}", json={"title": "x"}, headers=headers).status_code
        == 403
    )
    session.expire_all()
    assert session.get(Evaluation, eid).status == "open"  # type: ignore[union-attr]
