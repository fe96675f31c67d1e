"""Student pages: the list of evaluations and the review forms (drafts, submit, mistakes)."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import ReviewAllocation, School, User
from tests.factories.evaluation import make_class_with_team
from tests.factories.school import PASSWORD
from tests.web.conftest import login_form


def _allocation(session: Session, reviewer: User, reviewee: User) -> ReviewAllocation:
    session.expire_all()
    return (
        session.query(ReviewAllocation)
        .filter_by(reviewer_id=reviewer.id, reviewee_id=reviewee.id)
        .one()
    )


def test_a_page_without_sign_in_redirects_to_login_and_back(
    client: TestClient, student: User
) -> None:
    response = client.get("/student", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/student"
    signed_in = client.post(
        "/login",
        data=login_form(client, {"email": student.email, "password": PASSWORD, "next": "/student"}),
        follow_redirects=False,
    )
    assert signed_in.headers["location"] == "/student"


def test_student_home_lists_evaluations_with_progress(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=3)
    page_login(klass.students[0])
    page = client.get("/student")
    assert page.status_code == 200
    assert klass.evaluation.title in page.text
    assert "0 van 3 beoordelingen ingediend" in page.text
    assert f'href="/student/evaluations/{klass.evaluation.id}"' in page.text


def test_review_form_shows_every_teammate_and_the_rubric(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=3)
    me, mate = klass.students[0], klass.students[1]
    page_login(me)
    page = client.get(f"/student/evaluations/{klass.evaluation.id}")
    assert page.status_code == 200
    assert mate.name in page.text
    assert f"Jezelf ({me.name})" in page.text
    for criterion in klass.criteria:
        assert criterion.name in page.text and criterion.description in page.text
    assert 'name="csrf_token"' in page.text


def test_save_a_draft_then_submit(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    csrf = page_login(me)
    first, second = klass.criteria
    url = f"/student/evaluations/{klass.evaluation.id}/reviews/{mate.id}"
    draft = client.post(
        url,
        data={
            "csrf_token": csrf,
            f"score-{first.id}": "4",
            f"comment-{first.id}": "Helpt <b>veel</b>",
            "action": "draft",
        },
        follow_redirects=False,
    )
    assert draft.status_code == 303
    assert "msg=saved" in draft.headers["location"]
    assert _allocation(session, me, mate).status == "draft"
    page = client.get(draft.headers["location"])
    assert "Je concept is opgeslagen." in page.text
    # The comment comes back escaped, never as markup.
    assert "Helpt &lt;b&gt;veel&lt;/b&gt;" in page.text

    submitted = client.post(
        url,
        data={
            "csrf_token": csrf,
            f"score-{first.id}": "4",
            f"score-{second.id}": "5",
            "action": "submit",
        },
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    assert _allocation(session, me, mate).status == "submitted"


def test_incomplete_submit_keeps_what_was_typed(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    csrf = page_login(me)
    first, second = klass.criteria
    response = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews/{mate.id}",
        data={
            "csrf_token": csrf,
            f"score-{first.id}": "3",
            f"comment-{first.id}": "Mijn lange uitleg",
            "action": "submit",
        },
    )
    assert response.status_code == 422
    assert "Geef een score voor elk criterium" in response.text
    assert second.name in response.text
    assert "Mijn lange uitleg" in response.text
    assert f'name="score-{first.id}" value="3" checked' in response.text
    assert _allocation(session, me, mate).status == "todo"


def test_review_post_without_csrf_is_refused(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    page_login(me)
    response = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews/{mate.id}",
        data={"action": "draft"},
    )
    assert response.status_code == 403
    assert _allocation(session, me, mate).status == "todo"


def test_a_student_cannot_open_an_evaluation_of_another_team(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    mine = make_class_with_team(session, school, team_size=2)
    other = make_class_with_team(session, school, team_size=2)
    csrf = page_login(mine.students[0])
    assert client.get(f"/student/evaluations/{other.evaluation.id}").status_code == 404
    response = client.post(
        f"/student/evaluations/{other.evaluation.id}/reviews/{other.students[0].id}",
        data={"csrf_token": csrf, "action": "draft"},
    )
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


def test_english_student_sees_english_pages(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me = klass.students[0]
    me.language = "en"
    session.commit()
    page_login(me)
    page = client.get(f"/student/evaluations/{klass.evaluation.id}")
    assert '<html lang="en">' in page.text
    assert "Save draft" in page.text and "Submit" in page.text
