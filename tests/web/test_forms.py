"""Numbers and dates typed into page forms: a 422 with a message for anything odd, never a 500."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Evaluation, ReviewScore, School, Team, User
from tests.factories.course import make_course
from tests.factories.evaluation import make_class_with_team

# A double minus, a superscript and an Arabic-Indic digit (`str.isdigit()` takes both), a
# number with more digits than `int()` converts, a fraction and words.
ODD_NUMBERS = ["--1", "²", "٣", "9" * 5000, "4.5", "vier"]


@pytest.mark.parametrize("odd", ODD_NUMBERS)
def test_an_odd_score_is_a_422_that_keeps_the_comment(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
    odd: str,
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    csrf = page_login(me)
    first, second = klass.criteria
    answer = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews",
        data={
            "csrf_token": csrf,
            "card": str(mate.id),
            f"score-{mate.id}-{first.id}": odd,
            f"score-{mate.id}-{second.id}": "4",
            f"comment-{mate.id}-{first.id}": "Helpt veel",
            "action": f"submit:{mate.id}",
        },
    )
    assert answer.status_code == 422
    assert f"De score bij “{first.name}” is geen geheel getal." in answer.text
    assert "Helpt veel" in answer.text
    assert session.scalar(select(func.count()).select_from(ReviewScore)) == 0


@pytest.mark.parametrize("odd", ODD_NUMBERS)
def test_an_odd_team_member_id_or_scale_is_a_422(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
    odd: str,
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    csrf = page_login(klass.teacher)
    course_url = f"/teacher/courses/{klass.course.id}"
    team = client.post(
        f"{course_url}/teams",
        data={"csrf_token": csrf, "name": "Blauw", "member_ids": [str(klass.students[0].id), odd]},
    )
    assert team.status_code == 422
    assert "is geen geheel getal." in team.text
    evaluation = client.post(
        f"{course_url}/evaluations",
        data={"csrf_token": csrf, "title": "Tweede", "criteria": "Inzet", "scale_max": odd},
    )
    assert evaluation.status_code == 422
    assert "is geen geheel getal." in evaluation.text
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Team)) == 1
    assert session.scalar(select(func.count()).select_from(Evaluation)) == 1


def test_an_id_too_large_for_the_database_is_a_422(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    csrf = page_login(klass.teacher)
    answer = client.post(
        f"/teacher/courses/{klass.course.id}/teams",
        data={"csrf_token": csrf, "name": "Blauw", "member_ids": ["9999999999"]},
    )
    assert answer.status_code == 422
    assert "Een getal of id in het verzoek is te groot of te klein." in answer.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9999-12-31T23:30", "deadline: moet tussen 2000 en 2099 liggen"),
        ("2100-01-01T01:30", "deadline: moet tussen 2000 en 2099 liggen"),
        ("+10000-01-01T00:00", "is geen datum met tijd."),
        ("morgen", "is geen datum met tijd."),
    ],
)
def test_the_course_page_refuses_a_deadline_out_of_range_in_dutch(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
    typed: str,
    message: str,
) -> None:
    course = make_course(session, school, teacher_id=teacher.id)
    csrf = page_login(teacher)
    answer = client.post(
        f"/teacher/courses/{course.id}/evaluations",
        data={"csrf_token": csrf, "title": "Project", "criteria": "Inzet", "deadline": typed},
    )
    assert answer.status_code == 422
    assert message in answer.text
    assert session.scalar(select(func.count()).select_from(Evaluation)) == 0


def test_a_far_deadline_stored_earlier_still_shows_on_every_page(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    far = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
    klass = make_class_with_team(session, school, team_size=2, deadline=far)
    page_login(klass.students[0])
    for page in ("/student", f"/student/evaluations/{klass.evaluation.id}"):
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert "31-12-9999 23:30" in answer.text
    page_login(klass.teacher)
    for page in (
        f"/teacher/evaluations/{klass.evaluation.id}",
        f"/teacher/courses/{klass.course.id}",
    ):
        assert client.get(page).status_code == 200, page
