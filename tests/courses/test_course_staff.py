"""Course staff (docs/ACCESS.md): a teacher acts on the courses they teach, as the course's
teacher or a co-teacher; any other course of their own school does not exist for them.

Like tests/test_tenancy.py, but inside one school: a second teacher of school A, on none of
its courses, calls every API route with the course's ids. Every answer must be 404 and must
contain nothing of the course.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories.evaluation import make_world
from tests.factories.school import make_school, make_user
from tests.openapi_routes import ApiRoute, api_routes, bearer, example_request, fill_path

MARKER = "Alpha"
ROUTES = api_routes()


def _marked(text: str) -> bool:
    return MARKER.lower() in text.lower()


@pytest.mark.parametrize("route", [r for r in ROUTES if r.path_params], ids=lambda r: r.key)
def test_a_teacher_not_on_the_course_gets_404(
    route: ApiRoute, client: TestClient, session: Session
) -> None:
    school = make_school(session, name="School")
    world = make_world(session, school, MARKER)
    outsider = make_user(session, school, "teacher", name="Outsider", email="out@school.example")
    headers = bearer(session, outsider)
    for evaluation in (world.open_evaluation, world.closed_evaluation, world.draft_evaluation):
        ids: dict[str, Any] = world.ids(evaluation_id=evaluation.id)
        request = example_request(route, ids)
        request["headers"] = headers | request.get("headers", {})
        path = fill_path(route, ids)
        response = client.request(route.method, path, **request)
        seen = f"{route.method} {path} as a teacher not on the course: {response.status_code}"
        assert not _marked(response.text), f"{seen} leaks: {response.text}"
        assert response.status_code == 404, f"{seen} {response.text[:300]}"


def test_lists_hold_only_the_teachers_own_courses(client: TestClient, session: Session) -> None:
    school = make_school(session, name="School")
    world = make_world(session, school, MARKER)
    outsider = make_user(session, school, "teacher", name="Outsider", email="out@school.example")
    for path in ("/api/v1/courses", "/api/v1/evaluations"):
        mine = client.get(path, headers=bearer(session, world.teacher)).json()
        assert mine["total"] >= 1 and _marked(str(mine)), path
        theirs = client.get(path, headers=bearer(session, outsider)).json()
        assert theirs == {"items": [], "total": 0}, path
        admins = client.get(path, headers=bearer(session, world.admin)).json()
        assert admins["total"] == mine["total"], path  # the admin sees the whole school


def test_a_co_teacher_acts_on_the_course_until_taken_off(
    client: TestClient, session: Session
) -> None:
    school = make_school(session, name="School")
    world = make_world(session, school, MARKER)
    colleague = make_user(session, school, "teacher", name="Colleague", email="co@school.example")
    course = f"/api/v1/courses/{world.course.id}"
    evaluation = f"/api/v1/evaluations/{world.closed_evaluation.id}/results"
    theirs = bearer(session, colleague)
    assert client.get(course, headers=theirs).status_code == 404

    # Another colleague is not a student nor a stranger: only staff of the school can be added.
    added = client.post(
        f"{course}/teachers",
        json={"teacher_id": colleague.id},
        headers=bearer(session, world.teacher),
    )
    assert added.status_code == 200, added.text
    assert [t["name"] for t in added.json()["co_teachers"]] == ["Colleague"]
    assert client.get(course, headers=theirs).json()["co_teachers"][0]["id"] == colleague.id
    assert client.get(evaluation, headers=theirs).status_code == 200
    listed = client.get("/api/v1/courses", headers=theirs).json()
    assert [c["id"] for c in listed["items"]] == [world.course.id]

    refused = client.post(
        f"{course}/teachers", json={"teacher_id": world.student.id}, headers=theirs
    )
    assert refused.status_code == 422 and "docent" in refused.json()["detail"].lower()

    removed = client.delete(
        f"{course}/teachers/{colleague.id}", headers=bearer(session, world.admin)
    )
    assert removed.status_code == 200 and removed.json()["co_teachers"] == []
    assert client.get(course, headers=theirs).status_code == 404
    assert client.get(evaluation, headers=theirs).status_code == 404


def test_a_teacher_creating_a_course_for_a_colleague_stays_on_it(
    client: TestClient, session: Session
) -> None:
    school = make_school(session)
    teacher = make_user(session, school, "teacher")
    colleague = make_user(session, school, "teacher")
    made = client.post(
        "/api/v1/courses",
        json={"name": "Samen", "teacher_id": colleague.id},
        headers=bearer(session, teacher),
    ).json()
    for person in (teacher, colleague):
        assert (
            client.get(f"/api/v1/courses/{made['id']}", headers=bearer(session, person)).status_code
            == 200
        )
    other = make_user(session, school, "teacher")
    assert (
        client.get(f"/api/v1/courses/{made['id']}", headers=bearer(session, other)).status_code
        == 404
    )
