"""Factories for schools and users."""

from itertools import count
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from teameval.demo.world import WorldBuilder
from teameval.models import School, User

PASSWORD = "correct-horse-battery"
_seq = count(1)
# An argon2id hash with the smallest cost parameters: the app's own hasher verifies it by the
# same code path (the parameters travel in the hash), in microseconds instead of the half
# second a production-cost hash takes on a busy test machine, for each of the suite's hundreds
# of sign-ins. Passwords set through the app (tests/users, tests/auth) are hashed at full cost.
_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


def make_school(session: Session, **overrides: Any) -> School:
    """A school, committed."""
    values: dict[str, Any] = {"name": f"School {next(_seq)}", "language": "nl"} | overrides
    school = School(**values)
    session.add(school)
    session.commit()
    return school


def make_user(session: Session, school: School, role: str = "student", **overrides: Any) -> User:
    """A user of `school` whose password is PASSWORD, committed."""
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"{role}{n}@school{school.id}.example",
        "name": f"{role.title()} {n}",
        "password_hash": _HASH,
    } | overrides
    user = WorldBuilder(session, school.id).user(role, **values)
    session.commit()
    return user
