"""Sign-in pages, the session cookie, CSRF on forms, the language choice and error pages."""

import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import AuthSession, LoginFailure, User
from tests.factories.school import PASSWORD
from tests.web.conftest import LOGIN_TOKEN_RE, login_form

WEB = Path(__file__).parents[2] / "src" / "teameval" / "web"
# An attribute named on... inside a tag: an inline event handler.
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_login_page_is_dutch_by_default_and_english_by_choice(client: TestClient) -> None:
    dutch = client.get("/login")
    assert dutch.status_code == 200
    assert '<html lang="nl">' in dutch.text
    assert "Inloggen" in dutch.text and "Wachtwoord" in dutch.text

    # The browser's language does not matter: English is a choice (cookie or user setting).
    browser_english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="nl">' in browser_english.text
    client.cookies.set("teameval_lang", "en")
    english = client.get("/login")
    assert '<html lang="en">' in english.text
    assert "Password" in english.text


def test_login_sets_a_httponly_lax_cookie_and_goes_to_the_role_home(
    client: TestClient, student: User
) -> None:
    response = client.post(
        "/login",
        data=login_form(client, {"email": student.email, "password": PASSWORD}),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/student"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("teameval_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert client.get("/", follow_redirects=False).headers["location"] == "/student"


def test_wrong_password_keeps_the_email_and_says_what_is_wrong(
    client: TestClient, student: User
) -> None:
    response = client.post(
        "/login", data=login_form(client, {"email": student.email, "password": "wrong"})
    )
    assert response.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in response.text
    assert f'value="{student.email}"' in response.text
    assert "teameval_session" not in response.headers.get("set-cookie", "")


def test_next_never_leaves_the_site(client: TestClient, student: User) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data=login_form(client, {"email": student.email, "password": PASSWORD, "next": target}),
            follow_redirects=False,
        )
        assert response.headers["location"] == "/student", target


def test_logout_needs_the_csrf_token_and_revokes_the_session(
    client: TestClient, student: User, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(student)
    forged = client.post("/logout", data={}, follow_redirects=False)
    assert forged.status_code == 403
    assert "Deze pagina is verlopen" in forged.text
    cookie = client.cookies.get("teameval_session")

    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    # The old cookie no longer works, even when a browser would keep sending it.
    client.cookies.set("teameval_session", cookie or "")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_cookie_api_calls_need_the_csrf_header(
    client: TestClient, student: User, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(student)
    assert client.post("/api/v1/auth/logout").status_code == 403
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204


def test_language_choice_is_stored_on_the_user(
    client: TestClient, session: Session, student: User, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(student)
    response = client.post(
        "/settings/language",
        data={"language": "en", "back": "/student", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/student"
    session.refresh(student)
    assert student.language == "en"
    assert '<html lang="en">' in client.get("/does-not-exist", headers={"Accept": "text/html"}).text


def test_language_choice_without_csrf_is_refused_when_signed_in(
    client: TestClient, session: Session, student: User, page_login: Callable[[User], str]
) -> None:
    page_login(student)
    response = client.post("/settings/language", data={"language": "en"})
    assert response.status_code == 403
    session.refresh(student)
    assert student.language is None


def test_anonymous_language_choice_sets_a_cookie(client: TestClient) -> None:
    response = client.post("/settings/language", data={"language": "en", "back": "/login"})
    assert response.status_code == 200
    assert "Sign in" in response.text


def test_pages_get_html_errors_and_the_api_keeps_json(client: TestClient) -> None:
    page = client.get("/does-not-exist", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in page.text

    api = client.get("/api/v1/does-not-exist", headers={"Accept": "text/html"})
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def test_a_crash_shows_a_reference_and_no_internals(client: TestClient) -> None:
    from teameval.app import create_app

    app = create_app()

    @app.get("/student/crash")
    def crash() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/student/crash", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert "secret internal detail" not in response.text
    assert 'id="error-reference"' in response.text
    assert "Er ging iets mis" in response.text


def test_templates_have_no_inline_script_style_or_safe_filter() -> None:
    assert INLINE_HANDLER.search('<button type="button"\n onClick="go()">')
    assert not INLINE_HANDLER.search('<p class="one">Ons online formulier</p>')
    for template in (WEB / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<script " not in text.replace('<script src="', ""), (
            template
        )
        assert " style=" not in text and "<style" not in text, template
        assert "|safe" not in text and "| safe" not in text, template
        # No inline event handler (onclick=, onload=, ...): the CSP allows no inline script.
        handler = INLINE_HANDLER.search(text)
        assert handler is None, f"{template}: {handler and handler.group(0)}"
        for attr in ("onclick=", "onchange=", "onsubmit=", "onload="):
            assert attr not in text, (template, attr)


def test_an_id_beyond_the_database_range_is_a_404_page(
    client: TestClient, student: User, page_login: Callable[[User], str]
) -> None:
    page_login(student)
    response = client.get("/student/evaluations/99999999999999999999")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


def test_a_cross_site_sign_in_post_signs_nobody_in(
    client: TestClient, session: Session, student: User
) -> None:
    """Login CSRF: another site posting its own (valid) credentials must not sign us in."""
    credentials = {"email": student.email, "password": PASSWORD}
    with TestClient(client.app) as attacker:
        attackers_form = login_form(attacker, credentials)  # a token of the attacker's browser
    for forged in (credentials, attackers_form, credentials | {"login_token": "0" * 64}):
        answer = client.post("/login", data=forged, follow_redirects=False)
        assert answer.status_code == 403
        assert "teameval_session" not in answer.headers.get("set-cookie", "")
        assert "Het aanmeldformulier was verlopen of kwam niet van deze site." in answer.text
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuthSession)) == 0
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0  # never checked
    # The refusal page carries a form of this browser's own: signing in from it works.
    token = LOGIN_TOKEN_RE.search(answer.text)
    assert token is not None
    own_form = credentials | {"login_token": token.group(1)}
    retry = client.post("/login", data=own_form, follow_redirects=False)
    assert retry.status_code == 303
    assert "teameval_session" in retry.headers["set-cookie"]
