"""Page forms judge names as the API does; pages list what the database holds."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Course, School, User
from tests.factories.course import make_course, make_team
from tests.factories.school import make_user


def _users(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.mark.parametrize("name", ["   ", "x" * 201])
def test_pages_refuse_bad_names_in_the_users_language(
    client: TestClient,
    session: Session,
    school: School,
    admin: User,
    page_login: Callable[[User], str],
    name: str,
) -> None:
    csrf = page_login(admin)
    before = _users(session)
    user_form = {"csrf_token": csrf, "email": "n@s.example", "name": name, "role": "student"}
    refused = client.post("/admin/users", data=user_form)
    assert refused.status_code == 422
    assert "name: mag" in refused.text
    course = client.post("/teacher/courses", data={"csrf_token": csrf, "name": name})
    assert course.status_code == 422
    assert "name: mag" in course.text
    assert _users(session) == before
    assert session.scalar(select(func.count()).select_from(Course)) == 0


def test_pages_list_rows_with_odd_names(
    client: TestClient,
    session: Session,
    school: School,
    admin: User,
    page_login: Callable[[User], str],
) -> None:
    odd = make_user(session, school, "student", name="   ", class_name=" ")
    course = make_course(session, school, name=" ", code="")
    make_team(session, course, [odd], name="  ")
    page_login(admin)
    for page in ("/admin/users", "/teacher", f"/teacher/courses/{course.id}"):
        assert client.get(page).status_code == 200, page
