"""A form of an earlier sign-in (signed in again in another tab) keeps what was typed and asks
to send it again; the language switch of "Je sessie is verlopen" keeps the carried post."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.school import PASSWORD
from tests.web.conftest import login_form
from tests.web.review_forms import (
    HIDDEN_RE,
    RESUME_CSRF_RE,
    allocation_of,
    make_pair_review,
    post_after_expiry,
    post_mates_draft,
    review_form,
    stored_scores,
)


def test_a_form_of_an_earlier_sign_in_keeps_the_input_and_asks_to_send_it_again(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first, url = pair.me, pair.mate, pair.first, pair.url
    old_csrf = page_login(me)  # the first tab's form carries this sign-in's token
    new_csrf = page_login(me)  # signed in again in another tab: the cookie is the new sign-in
    assert new_csrf != old_csrf
    typed = {f"score-{first.id}": "4", f"comment-{first.id}": "Wat ik net typte"}
    stale = post_mates_draft(client, pair, old_csrf, typed)

    assert stale.status_code == 409
    assert "Je bent intussen opnieuw ingelogd" in stale.text
    assert "data-submit-on-load" not in stale.text  # the person sends it, not the page
    replay = dict(HIDDEN_RE.findall(stale.text))
    assert replay[f"comment-{mate.id}-{first.id}"] == "Wat ik net typte"
    assert RESUME_CSRF_RE.findall(stale.text)[-1] == new_csrf
    assert allocation_of(session, me, mate).status == "todo"  # nothing saved behind her back

    sent = client.post(url, data=replay | {"csrf_token": new_csrf}, follow_redirects=False)
    assert sent.status_code == 303
    assert stored_scores(session, me, mate)[first.id] == (4, "Wat ik net typte")


def test_a_token_never_given_to_this_person_stays_a_plain_refusal(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first, url = pair.me, pair.mate, pair.first, pair.url
    mates_csrf = page_login(mate)
    page_login(me)
    typed = {f"comment-{first.id}": "Niet van mij"}
    for token in ("0" * 64, mates_csrf):  # forged, or another person's form on this computer
        refused = client.post(url, data=review_form(token, f"draft:{me.id}", {me.id: typed}))
        assert refused.status_code == 403
        assert "Niet van mij" not in refused.text


def test_the_language_switch_of_the_expired_page_keeps_the_post(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    pair = make_pair_review(session, school)
    me, mate, first, url = pair.me, pair.mate, pair.first, pair.url
    typed = {f"comment-{first.id}": "Mijn tekst"}
    _csrf, expired = post_after_expiry(client, page_login, pair, typed)
    assert expired.status_code == 401
    carried = dict(HIDDEN_RE.findall(expired.text))

    switched = client.post(
        "/settings/language", data=carried | {"resume": url, "language": "en", "back": "/login"}
    )
    assert switched.status_code == 401
    assert "Your session has expired" in switched.text
    assert dict(HIDDEN_RE.findall(switched.text)) == carried

    fields = carried | {"resume": url, "email": me.email, "password": PASSWORD}
    resumed = client.post("/login", data=login_form(client, fields))
    assert resumed.status_code == 200 and "You are signed in again" in resumed.text
    replay = dict(HIDDEN_RE.findall(resumed.text))
    assert replay[f"comment-{mate.id}-{first.id}"] == "Mijn tekst"
