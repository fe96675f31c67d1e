"""Factories for schools and users."""

from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from teameval.auth.security import hash_password
from teameval.models import School, User

PASSWORD = "correct-horse-battery"
_seq = count(1)
_HASH = hash_password(PASSWORD)  # hashing is slow on purpose: do it once


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
        "school_id": school.id,
        "role": role,
        "email": f"{role}{n}@school{school.id}.example",
        "name": f"{role.title()} {n}",
        "password_hash": _HASH,
    } | overrides
    user = User(**values)
    session.add(user)
    session.commit()
    return user
