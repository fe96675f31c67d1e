"""The student's review form in tests: one pair of teammates, the form's fields, what was stored."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from teameval.auth.dependencies import SESSION_COOKIE
from teameval.models import Criterion, ReviewAllocation, ReviewScore, School, User
from tests.factories.evaluation import ClassWithTeam, make_class_with_team

HIDDEN_RE = re.compile(r'<textarea name="([^"]+)" hidden>([^<]*)</textarea>')
RESUME_CSRF_RE = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class PairReview:
    """A team of two in an open evaluation: `me` reviews `mate` on the `first` criterion."""

    klass: ClassWithTeam
    me: User
    mate: User
    first: Criterion

    @property
    def url(self) -> str:
        """Where the review form posts."""
        return f"/student/evaluations/{self.klass.evaluation.id}/reviews"


def make_pair_review(session: Session, school: School) -> PairReview:
    """A class with a team of two; the first student reviews the second."""
    klass = make_class_with_team(session, school, team_size=2)
    me, mate = klass.students
    return PairReview(klass, me, mate, klass.criteria[0])


def review_form(csrf: str, action: str, cards: dict[int, dict[str, str]]) -> dict[str, object]:
    """The one form of the review page: every card's fields (`score-<id>`, `comment-<id>`)."""
    data: dict[str, object] = {
        "csrf_token": csrf,
        "action": action,
        "card": [str(c) for c in cards],
    }
    for reviewee_id, fields in cards.items():
        for name, value in fields.items():
            kind, _, criterion_id = name.partition("-")
            data[f"{kind}-{reviewee_id}-{criterion_id}"] = value
    return data


def post_mates_draft(
    client: TestClient, pair: PairReview, csrf: str, typed: dict[str, str]
) -> Response:
    """Save `typed` (fields by criterion) as a draft of the mate's card with the token `csrf`."""
    form = review_form(csrf, f"draft:{pair.mate.id}", {pair.mate.id: typed})
    response: Response = client.post(pair.url, data=form)
    return response


def post_after_expiry(
    client: TestClient, page_login: Callable[[User], str], pair: PairReview, typed: dict[str, str]
) -> tuple[str, Response]:
    """`pair.me` signs in, the session cookie expires (the browser drops it), then the form
    posts `typed` as a draft of the mate's card: the token the form carried, and the answer."""
    csrf = page_login(pair.me)
    client.cookies.delete(SESSION_COOKIE)
    return csrf, post_mates_draft(client, pair, csrf, typed)


def allocation_of(session: Session, reviewer: User, reviewee: User) -> ReviewAllocation:
    """The reviewer's allocation for the reviewee, read fresh from the database."""
    session.expire_all()
    return (
        session.query(ReviewAllocation)
        .filter_by(reviewer_id=reviewer.id, reviewee_id=reviewee.id)
        .one()
    )


def stored_scores(
    session: Session, reviewer: User, reviewee: User
) -> dict[int, tuple[int | None, str]]:
    """(score, comment) stored per criterion for the reviewer's review of the reviewee."""
    found = allocation_of(session, reviewer, reviewee)
    rows = session.query(ReviewScore).filter_by(allocation_id=found.id).all()
    return {r.criterion_id: (r.score, r.comment) for r in rows}
