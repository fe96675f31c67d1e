"""The role matrix: every API route, called by each role, answers as this table expects.

ADDING A ROUTE? Add its entry to EXPECTED below: `test_every_route_has_an_entry` fails until
every route of the OpenAPI document has one (and for every entry whose route is gone).

Each (route, role) is called in a fresh `World` (tests/factories/evaluation.py): a school with an
admin, a teacher, a student in a team of three, a draft, an open and a closed evaluation (the
closed one with submitted reviews, a summary and a queued summary job). Path parameters are
filled from `World.ids()` by name; `ids` in an entry points a parameter at another world key
(e.g. the draft evaluation, to open it). Without `body`, an example body is made from the
route's schema. The student is a member of the team and reviewer in the evaluations; the
`student_id`/`reviewee_id` parameters name that student and a teammate.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import utcnow
from tests.factories.evaluation import World, make_world
from tests.factories.school import PASSWORD, make_school
from tests.openapi_routes import (
    ApiRoute,
    api_routes,
    bearer,
    example_request,
    fill_path,
    is_stream,
    open_stream,
)

ROLES = ("anonymous", "student", "teacher", "admin")
Body = Callable[[World], Any]


@dataclass(frozen=True)
class Expect:
    """The status each role gets, and how to call the route."""

    anonymous: int
    student: int
    teacher: int
    admin: int
    ids: Mapping[str, str] = field(default_factory=dict)
    body: Body | None = None


def staff(ok: int, student: int = 403, **how: Any) -> Expect:
    """A staff route: anonymous 401, a student `student` (403: wrong role), staff `ok`."""
    return Expect(401, student, ok, ok, **how)


def signed_in(ok: int, **how: Any) -> Expect:
    """Any signed-in user gets `ok`; anonymous 401."""
    return Expect(401, ok, ok, ok, **how)


def _evaluation_body(w: World) -> dict[str, Any]:
    return {
        "course_id": w.course.id,
        "title": "Nieuw",
        "criteria": [{"name": "Inzet", "description": ""}],
        "deadline": (utcnow() + timedelta(days=3)).isoformat(),
    }


def _review_body(w: World) -> dict[str, Any]:
    return {
        "scores": [{"criterion_id": c.id, "score": 3, "comment": "ok"} for c in w.criteria],
        "submit": True,
    }


CLOSED = {"evaluation_id": "closed_evaluation_id"}
DRAFT = {"evaluation_id": "draft_evaluation_id"}

EXPECTED: dict[str, Expect] = {
    # operations and sign-in
    "GET /healthz": Expect(200, 200, 200, 200),
    "GET /readyz": Expect(200, 200, 200, 200),
    "POST /api/v1/auth/login": Expect(
        200, 200, 200, 200, body=lambda w: {"email": w.student.email, "password": PASSWORD}
    ),
    "GET /api/v1/auth/me": signed_in(200),
    "POST /api/v1/auth/logout": signed_in(204),
    # a code nobody was given; choosing a password needs a sign-in made with a code
    "POST /api/v1/auth/code-login": Expect(
        401, 401, 401, 401, body=lambda w: {"email": w.student.email, "code": "AAAAA-AAAAA"}
    ),
    "POST /api/v1/auth/password": signed_in(
        403,
        body=lambda w: {"password": "a-new-password", "password_confirmation": "a-new-password"},
    ),
    # sign-in codes; invitations need SMTP, which the test settings lack (422)
    "POST /api/v1/users/{user_id}/sign-in-codes": staff(201),
    "POST /api/v1/courses/{course_id}/sign-in-codes": staff(201),
    "POST /api/v1/users/{user_id}/invitation": staff(422),
    "POST /api/v1/courses/{course_id}/invitations": staff(422),
    # users
    "POST /api/v1/users": staff(
        201, body=lambda w: {"email": "new@example.org", "name": "Nieuw", "role": "student"}
    ),
    "GET /api/v1/users": staff(200),
    "POST /api/v1/users/import": staff(200),
    "PUT /api/v1/users/{user_id}/password": staff(
        200, body=lambda w: {"password": "a-new-password"}
    ),
    "POST /api/v1/users/{user_id}/deactivate": staff(200),
    "POST /api/v1/users/{user_id}/reactivate": staff(200),
    # courses, teams, rosters
    "POST /api/v1/courses": staff(201, body=lambda w: {"name": "Nieuw"}),
    "GET /api/v1/courses": staff(200),
    "GET /api/v1/courses/{course_id}": staff(200),
    "POST /api/v1/courses/{course_id}/teams": staff(
        201, body=lambda w: {"name": "Nieuw", "member_ids": []}
    ),
    "GET /api/v1/courses/{course_id}/teams": staff(200),
    "PUT /api/v1/courses/{course_id}/teams/{team_id}": staff(
        200, body=lambda w: {"name": "Ander", "member_ids": [w.student.id]}
    ),
    "POST /api/v1/courses/{course_id}/students": staff(200),
    "GET /api/v1/courses/{course_id}/teachers": staff(200),
    # The world's team has members: deleting it is refused, saying so.
    "DELETE /api/v1/courses/{course_id}/teams/{team_id}": staff(422),
    # The world's student takes part in its open evaluation: leaving the course is refused.
    "DELETE /api/v1/courses/{course_id}/students/{student_id}": staff(422),
    "PUT /api/v1/courses/{course_id}/students/{student_id}/team": staff(
        200, body=lambda w: {"team_id": w.team.id}
    ),
    "POST /api/v1/courses/{course_id}/teachers": staff(
        200, body=lambda w: {"teacher_id": w.admin.id}
    ),
    # World.ids' teacher_id is the course's own teacher, who is no co-teacher to take off.
    "DELETE /api/v1/courses/{course_id}/teachers/{teacher_id}": staff(404),
    "POST /api/v1/courses/{course_id}/import": staff(200),  # a preview by default
    # evaluations
    "POST /api/v1/evaluations": staff(201, body=_evaluation_body),
    "GET /api/v1/evaluations": signed_in(200),
    "GET /api/v1/evaluations/{evaluation_id}": signed_in(200),
    "PATCH /api/v1/evaluations/{evaluation_id}": staff(
        200, ids=DRAFT, body=lambda w: {"title": "Nieuw"}
    ),
    "POST /api/v1/evaluations/{evaluation_id}/open": staff(200, ids=DRAFT),
    "POST /api/v1/evaluations/{evaluation_id}/close": staff(200),
    "DELETE /api/v1/evaluations/{evaluation_id}": staff(204, ids=DRAFT),
    "GET /api/v1/evaluations/{evaluation_id}/extensions": staff(200),
    "PUT /api/v1/evaluations/{evaluation_id}/extensions/{student_id}": staff(
        200, body=lambda w: {"deadline": (utcnow() + timedelta(days=30)).isoformat()}
    ),
    # Nobody has an extension in the world: there is none to withdraw.
    "DELETE /api/v1/evaluations/{evaluation_id}/extensions/{student_id}": staff(404),
    "GET /api/v1/evaluations/{evaluation_id}/late-members": staff(200),
    "POST /api/v1/evaluations/{evaluation_id}/late-members": staff(200),
    # reviews: staff write none, so a reviewee is not theirs to review (404)
    "GET /api/v1/evaluations/{evaluation_id}/reviews/mine": signed_in(200),
    "PUT /api/v1/evaluations/{evaluation_id}/reviews/{reviewee_id}": Expect(
        401, 200, 404, 404, body=_review_body
    ),
    # results
    "GET /api/v1/evaluations/{evaluation_id}/results": staff(200, ids=CLOSED),
    "GET /api/v1/evaluations/{evaluation_id}/results.csv": staff(200, ids=CLOSED),
    "GET /api/v1/evaluations/{evaluation_id}/results.xlsx": staff(200, ids=CLOSED),
    "GET /api/v1/evaluations/{evaluation_id}/comments.csv": staff(200, ids=CLOSED),
    "POST /api/v1/evaluations/{evaluation_id}/results/grades": staff(
        200, ids=CLOSED, body=lambda w: {"team_marks": {}}
    ),
    "GET /api/v1/evaluations/{evaluation_id}/results/mine": Expect(401, 200, 404, 404, ids=CLOSED),
    # reminders (the test settings have no SMTP server: staff are told so with 422)
    "POST /api/v1/evaluations/{evaluation_id}/remind": staff(422),
    "GET /api/v1/evaluations/{evaluation_id}/reminders": staff(200),
    "GET /api/v1/evaluations/{evaluation_id}/reminders/pending": staff(200),
    # feedback summaries (the student's own, or any as staff)
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/queue": (
        signed_in(202, ids=CLOSED)
    ),
    "GET /api/v1/feedback-summaries/jobs/{job_id}/status": signed_in(200),
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/batch-queue": staff(
        202, ids=CLOSED, body=lambda w: {}
    ),
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/jobs": staff(200, ids=CLOSED),
    "POST /api/v1/feedback-summaries/jobs/{job_id}/cancel": staff(200),
    # the synchronous summary, regenerate and quotes (the student's own, or any as staff)
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}": (
        signed_in(200, ids=CLOSED)
    ),
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/regenerate": (
        signed_in(200, ids=CLOSED)
    ),
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/quotes": (
        signed_in(200, ids=CLOSED)
    ),
    # the summary's state live (a stream) and as JSON: its student (also before release), staff
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/live": (
        signed_in(200, ids=CLOSED)
    ),
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/events": (
        signed_in(200, ids=CLOSED)
    ),
    # teacher control of summaries, in both release modes (the world's closed evaluation
    # releases automatically: edit, hold and release work; publish-all is for review only: 422)
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/review": staff(200, ids=CLOSED),
    "GET /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/review": (
        staff(200, ids=CLOSED)
    ),
    "PUT /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}": staff(
        200, ids=CLOSED, body=lambda w: {"text": "Bewerkt."}
    ),
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/hold": (
        staff(200, ids=CLOSED)
    ),
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/publish": (
        staff(200, ids=CLOSED)
    ),
    "POST /api/v1/feedback-summaries/evaluation/{evaluation_id}/publish-all": staff(
        422, ids=CLOSED
    ),
    "GET /api/v1/queue/stats": staff(200),
}

ROUTES = api_routes()


def test_every_route_has_an_entry() -> None:
    keys = {r.key for r in ROUTES}
    missing = sorted(keys - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - keys)
    assert not missing, f"routes without an entry in tests/test_roles.py EXPECTED: {missing}"
    assert not stale, f"entries in tests/test_roles.py EXPECTED for routes that are gone: {stale}"


def _call(client: TestClient, session: Session, route: ApiRoute, role: str) -> Any:
    expect = EXPECTED[route.key]
    world = make_world(session, make_school(session))
    ids = world.ids()
    ids |= {param: ids[key] for param, key in expect.ids.items()}
    request = example_request(route, ids)
    if expect.body is not None:
        request = {"json": expect.body(world)}
    if role != "anonymous":
        user = {"student": world.student, "teacher": world.teacher, "admin": world.admin}[role]
        request["headers"] = bearer(session, user) | request.get("headers", {})
    if is_stream(route):  # its 200 never ends: read how it starts
        return open_stream(client, fill_path(route, ids), request.get("headers", {}))
    return client.request(route.method, fill_path(route, ids), **request)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_each_role_gets_the_expected_answer(
    route: ApiRoute, client: TestClient, session: Session
) -> None:
    if route.key not in EXPECTED:
        pytest.fail(f"{route.key} has no entry in tests/test_roles.py EXPECTED: add one")
    wrong = []
    for role in ROLES:
        # Each role gets its own world (a school of its own): calls that change state, like
        # opening an evaluation or signing out, cannot spoil the next role's call.
        response = _call(client, session, route, role)
        expected = getattr(EXPECTED[route.key], role)
        if response.status_code != expected:
            wrong.append(
                f"{role}: {response.status_code}, expected {expected}: {response.text[:200]}"
            )
    assert not wrong, f"{route.key}\n" + "\n".join(wrong)
