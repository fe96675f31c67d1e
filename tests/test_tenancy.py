"""No school ever sees another's data: school B calls every API route with school A's ids.

The routes come from the app's OpenAPI document, so a route added later is covered without
anyone remembering it. A route with a path parameter must answer 404 to every role of school B
(a student may get 403 from a staff-only route: the role is refused before any id is looked
up). Every answer, whatever its status, must not contain anything of school A: all of A's
names, titles, comments and summaries carry the marker "Alpha", which the answers are searched
for. A body field holding one of A's ids (course_id, member_ids, ...) must not succeed either.

A new path parameter needs a value: name it like an existing one or add it to `World.ids()`
(tests/factories/evaluation.py); the test says so when it meets one.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories.evaluation import World, make_world
from tests.factories.school import make_school, make_user
from tests.openapi_routes import (
    ApiRoute,
    api_routes,
    bearer,
    example_request,
    fill_path,
    uses_ids,
)

MARKER = "Alpha"

# Only routes WITHOUT a path parameter may be skipped, each with the reason.
ID_LESS_SKIPS: dict[str, str] = {
    "POST /api/v1/auth/login": "signs in by e-mail and password, names no id; tests/auth covers it",
}

ROUTES = api_routes()


def _variants(route: ApiRoute, world: World) -> list[dict[str, Any]]:
    """School A's ids to try: an evaluation id is tried as a draft, an open and a closed one."""
    base = world.ids()
    if "evaluation_id" not in route.path_params:
        return [base]
    return [
        base,
        world.ids(evaluation_id=world.closed_evaluation.id),
        world.ids(evaluation_id=world.draft_evaluation.id),
    ]


def test_skips_name_only_id_less_routes() -> None:
    by_key = {r.key: r for r in ROUTES}
    for key in ID_LESS_SKIPS:
        assert key in by_key, f"{key} is skipped but no longer exists: remove it from ID_LESS_SKIPS"
        assert not by_key[key].path_params, f"{key} has an id parameter and must not be skipped"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_school_b_gets_nothing_of_school_a(
    route: ApiRoute, client: TestClient, session: Session
) -> None:
    if route.key in ID_LESS_SKIPS:
        pytest.skip(ID_LESS_SKIPS[route.key])
    world_a = make_world(session, make_school(session, name=f"{MARKER} school"), MARKER)
    school_b = make_school(session, name="Bravo school")
    for role in ("admin", "teacher", "student"):
        headers = bearer(session, make_user(session, school_b, role))
        for ids in _variants(route, world_a):
            request = example_request(route, ids)
            request["headers"] = headers | request.get("headers", {})
            path = fill_path(route, ids)
            response = client.request(route.method, path, **request)
            seen = f"{route.method} {path} as school B's {role}: {response.status_code}"
            assert MARKER.lower() not in response.text.lower(), f"{seen} leaks: {response.text}"
            if route.path_params:
                allowed = {404} if role != "student" else {403, 404}
                assert response.status_code in allowed, f"{seen} {response.text[:300]}"
            elif uses_ids(route, ids):
                assert response.status_code >= 400, f"{seen} accepted A's ids: {response.text}"


def test_the_marker_check_can_fail(client: TestClient, session: Session) -> None:
    """School A itself does see its marked data: the search above would find a leak."""
    world_a = make_world(session, make_school(session, name=f"{MARKER} school"), MARKER)
    headers = bearer(session, world_a.teacher)
    for path in ("/api/v1/courses", "/api/v1/evaluations", f"/api/v1/courses/{world_a.course.id}"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert MARKER.lower() in response.text.lower(), path
