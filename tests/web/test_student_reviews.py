"""Student pages: the list of evaluations and the review forms (drafts, submit, mistakes)."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.models import School, User
from tests.factories.evaluation import make_class_with_team
from tests.factories.school import PASSWORD
from tests.web.conftest import login_form
from tests.web.review_forms import (
    HIDDEN_RE,
    RESUME_CSRF_RE,
    allocation_of,
    make_pair_review,
    post_after_expiry,
    review_form,
    stored_scores,
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
    url = f"/student/evaluations/{klass.evaluation.id}/reviews"
    draft = client.post(
        url,
        data={
            "csrf_token": csrf,
            "card": str(mate.id),
            f"score-{mate.id}-{first.id}": "4",
            f"comment-{mate.id}-{first.id}": "Helpt <b>veel</b>",
            "action": f"draft:{mate.id}",
        },
        follow_redirects=False,
    )
    assert draft.status_code == 303
    assert "msg=" not in draft.headers["location"]
    assert allocation_of(session, me, mate).status == "draft"
    page = client.get(draft.headers["location"])
    assert "Je concept is opgeslagen." in page.text
    # The comment comes back escaped, never as markup.
    assert "Helpt &lt;b&gt;veel&lt;/b&gt;" in page.text

    submitted = client.post(
        url,
        data={
            "csrf_token": csrf,
            "card": str(mate.id),
            f"score-{mate.id}-{first.id}": "4",
            f"score-{mate.id}-{second.id}": "5",
            "action": f"submit:{mate.id}",
        },
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    assert allocation_of(session, me, mate).status == "submitted"


def test_incomplete_submit_keeps_what_was_typed(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    csrf = page_login(me)
    first, second = klass.criteria
    response = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews",
        data={
            "csrf_token": csrf,
            "card": str(mate.id),
            f"score-{mate.id}-{first.id}": "3",
            f"comment-{mate.id}-{first.id}": "Mijn lange uitleg",
            "action": f"submit:{mate.id}",
        },
    )
    assert response.status_code == 422
    assert "Geef een score voor elk criterium" in response.text
    assert second.name in response.text
    assert "Mijn lange uitleg" in response.text
    assert f'name="score-{mate.id}-{first.id}" value="3" checked' in response.text
    assert allocation_of(session, me, mate).status == "draft"  # not submitted, yet kept


def test_review_post_without_csrf_is_refused(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    page_login(me)
    response = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews",
        data={"card": str(mate.id), f"score-{mate.id}-{klass.criteria[0].id}": "3"},
    )
    assert response.status_code == 403
    assert allocation_of(session, me, mate).status == "todo"


def test_a_student_cannot_open_an_evaluation_of_another_team(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    mine = make_class_with_team(session, school, team_size=2)
    other = make_class_with_team(session, school, team_size=2)
    csrf = page_login(mine.students[0])
    assert client.get(f"/student/evaluations/{other.evaluation.id}").status_code == 404
    response = client.post(
        f"/student/evaluations/{other.evaluation.id}/reviews",
        data={"csrf_token": csrf, "card": str(other.students[1].id), "action": "draft"},
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


def test_submitting_one_card_keeps_every_other_card(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=3)
    me, bram, chaima = klass.students
    first, second = klass.criteria
    csrf = page_login(me)
    url = f"/student/evaluations/{klass.evaluation.id}/reviews"
    cards = {
        bram.id: {
            f"score-{first.id}": "4",
            f"score-{second.id}": "5",
            f"comment-{first.id}": "Bram plant",
        },
        chaima.id: {f"score-{first.id}": "3", f"comment-{second.id}": "Chaima half af"},
        me.id: {f"comment-{first.id}": "Over mezelf"},
    }
    # Chaima's card is incomplete: refused, with what was typed; Bram's and mine are saved.
    refused = client.post(url, data=review_form(csrf, f"submit:{chaima.id}", cards))
    assert refused.status_code == 422
    assert "Geef een score voor elk criterium" in refused.text and second.name in refused.text
    assert "Chaima half af" in refused.text and "Bram plant" in refused.text
    assert stored_scores(session, me, bram)[first.id] == (4, "Bram plant")
    assert allocation_of(session, me, bram).status == "draft"
    assert stored_scores(session, me, me)[first.id] == (None, "Over mezelf")
    assert allocation_of(session, me, chaima).status == "draft"  # kept as a draft, not submitted

    # After a reload every card still shows what was typed.
    page = client.get(f"/student/evaluations/{klass.evaluation.id}").text
    assert "Bram plant" in page and "Chaima half af" in page and "Over mezelf" in page
    assert f'name="score-{bram.id}-{second.id}" value="5" checked' in page

    # Submitting Bram's card saves the others as drafts on the way.
    cards[chaima.id][f"comment-{second.id}"] = "Chaima verder"
    done = client.post(
        url, data=review_form(csrf, f"submit:{bram.id}", cards), follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"#review-{bram.id}")
    assert allocation_of(session, me, bram).status == "submitted"
    assert stored_scores(session, me, chaima)[second.id] == (None, "Chaima verder")


def test_a_submitted_card_is_left_alone_unless_it_is_submitted_again(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    first, second = klass.criteria
    csrf = page_login(me)
    url = f"/student/evaluations/{klass.evaluation.id}/reviews"
    mine = {f"score-{first.id}": "4", f"score-{second.id}": "4", f"comment-{first.id}": "Goed"}
    client.post(url, data=review_form(csrf, f"submit:{mate.id}", {mate.id: mine, me.id: {}}))
    submitted_at = allocation_of(session, me, mate).submitted_at
    assert submitted_at is not None

    # Saving my own card posts Bram's unchanged: it stays submitted, untouched.
    own = {f"score-{first.id}": "5"}
    saved = client.post(
        url,
        data=review_form(csrf, f"draft:{me.id}", {mate.id: mine, me.id: own}),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert allocation_of(session, me, mate).status == "submitted"
    assert allocation_of(session, me, mate).submitted_at == submitted_at

    # A changed submitted card that was not submitted again: refused, the change shown again.
    changed = dict(mine, **{f"comment-{first.id}": "Toch anders"})
    answer = client.post(
        url, data=review_form(csrf, f"draft:{me.id}", {mate.id: changed, me.id: own})
    )
    assert answer.status_code == 422
    assert "Toch anders" in answer.text
    assert stored_scores(session, me, mate)[first.id] == (4, "Goed")


def test_a_score_off_the_scale_names_the_criterion(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    first, _second = klass.criteria
    csrf = page_login(me)
    answer = client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews",
        data=review_form(csrf, f"draft:{mate.id}", {mate.id: {f"score-{first.id}": "9"}}),
    )
    assert answer.status_code == 422
    assert f"De score 9 bij “{first.name}” ligt niet tussen 1 en 5." in answer.text
    assert f"criterium {first.id}" not in answer.text


def test_an_expired_session_keeps_the_post_through_signing_in_again(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first, url = pair.me, pair.mate, pair.first, pair.url
    typed = {f"score-{first.id}": "4", f"comment-{first.id}": "Regel een\nregel twee"}
    csrf, expired = post_after_expiry(client, page_login, pair, typed)
    assert expired.status_code == 401
    assert "Je sessie is verlopen" in expired.text
    carried = HIDDEN_RE.findall(expired.text)
    assert (f"carry:comment-{mate.id}-{first.id}", "Regel een\nregel twee") in carried
    assert allocation_of(session, me, mate).status == "todo"

    # Signing in again answers a page that posts the form on, with the new sign-in's token.
    fields = dict(carried) | {"resume": url, "email": me.email, "password": PASSWORD}
    resumed = client.post("/login", data=login_form(client, fields))
    assert resumed.status_code == 200
    assert f'action="{url}" data-submit-on-load' in resumed.text
    replay = dict(HIDDEN_RE.findall(resumed.text))
    new_csrf = RESUME_CSRF_RE.findall(resumed.text)[-1]
    assert new_csrf != csrf
    back = client.post(url, data=replay | {"csrf_token": new_csrf}, follow_redirects=False)
    assert back.status_code == 303
    assert back.headers["location"].endswith(f"#review-{mate.id}")
    assert stored_scores(session, me, mate)[first.id] == (4, "Regel een\nregel twee")


def test_a_carried_post_is_not_posted_for_someone_else(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    pair = make_pair_review(session, school)
    mate, first, url = pair.mate, pair.first, pair.url
    typed = {f"comment-{first.id}": "Van mij"}
    csrf, expired = post_after_expiry(client, page_login, pair, typed)
    fields = dict(HIDDEN_RE.findall(expired.text)) | {"resume": url}
    # My teammate signs in on the same computer: she starts at her home page, nothing posted.
    other = client.post(
        "/login",
        data=login_form(client, fields | {"email": mate.email, "password": PASSWORD}),
        follow_redirects=False,
    )
    assert other.status_code == 303 and other.headers["location"] == "/student"
    # A post to a form not worth carrying goes to the sign-in page as it always did.
    client.cookies.delete(SESSION_COOKIE)
    signed_out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
