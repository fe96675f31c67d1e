"""Page-test helpers: sign a TestClient in through the real /login form."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.models import User
from tests.factories.school import PASSWORD
from tests.reminders.conftest import mailbox  # noqa: F401 - the SMTP server, for invitations

CSRF_RE = re.compile(r'name="csrf-token" content="([0-9a-f]+)"')
LOGIN_TOKEN_RE = re.compile(r'name="login_token" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token a rendered page carries in its <meta>."""
    match = CSRF_RE.search(html)
    assert match, "page carries no CSRF token"
    return match.group(1)


def login_form(client: TestClient, fields: dict[str, str]) -> dict[str, str]:
    """`fields` plus the sign-in form's token, as a browser that opened /login first posts them.

    A browser signed in as someone else is shown no form (it goes to its start page), so it
    forgets that sign-in first, as signing out would.
    """
    client.cookies.delete(SESSION_COOKIE)
    match = LOGIN_TOKEN_RE.search(client.get("/login").text)
    assert match, "the sign-in page carries no login token"
    return fields | {"login_token": match.group(1)}


@pytest.fixture
def page_login(client: TestClient) -> Callable[[User], str]:
    """Sign `user` in through the form; the client keeps the cookie. Returns the CSRF token."""

    def _login(user: User) -> str:
        response = client.post(
            "/login",
            data=login_form(client, {"email": user.email, "password": PASSWORD}),
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        # Any page of the signed-in user carries the token; an error page is one too.
        page = client.get("/does-not-exist", headers={"Accept": "text/html"})
        return csrf_of(page.text)

    return _login
