"""One-time notices (web/flash.py): in a signed cookie after a post, shown once, never in a URL."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from teameval.web.flash import FLASH_COOKIE
from tests.factories.evaluation import make_class_with_team

SAVED = "Je concept is opgeslagen."


def _save_draft(client: TestClient, csrf: str, evaluation_id: int, mate: User) -> str:
    response = client.post(
        f"/student/evaluations/{evaluation_id}/reviews",
        data={"csrf_token": csrf, "card": str(mate.id), "action": f"draft:{mate.id}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert FLASH_COOKIE in response.headers["set-cookie"]
    location = str(response.headers["location"])
    assert "msg" not in location and "?" not in location
    return location


def test_a_notice_shows_once_and_reload_does_not_repeat_it(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    csrf = page_login(me)
    location = _save_draft(client, csrf, klass.evaluation.id, mate)

    first = client.get(location)
    assert SAVED in first.text
    # The page that showed it deletes the cookie (an expired Set-Cookie), and is never cached.
    assert f'{FLASH_COOKIE}=""' in first.headers["set-cookie"]
    assert first.headers["cache-control"] == "no-store"
    assert FLASH_COOKIE not in client.cookies

    again = client.get(location)  # Reload, or Back (no-store: the browser asks again)
    assert SAVED not in again.text


def test_a_notice_in_the_url_or_a_forged_cookie_shows_nothing(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, _mate = klass.students
    page_login(me)
    url = f"/student/evaluations/{klass.evaluation.id}"
    assert SAVED not in client.get(f"{url}?msg=saved").text  # the old links say nothing now
    client.cookies.set(FLASH_COOKIE, "saved.0123456789abcdef0123456789abcdef")
    assert SAVED not in client.get(url).text  # a signature we did not make
    client.cookies.set(FLASH_COOKIE, "anything.else")
    assert "anything" not in client.get(url).text


def test_the_notice_follows_the_language_of_the_page(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    me.language = "en"
    session.commit()
    csrf = page_login(me)
    location = _save_draft(client, csrf, klass.evaluation.id, mate)
    assert "Your draft has been saved." in client.get(location).text
