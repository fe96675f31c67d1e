"""A course whose students need sign-in codes, and the principal a user acts as."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.models import Course, School, User
from tests.factories.course import enrol, make_course
from tests.factories.school import make_user


@dataclass
class AccessClass:
    """A course taught by `teacher`: two students without a password (Anna, Bram), one with."""

    teacher: User
    course: Course
    fresh: list[User]
    with_password: User


def make_access_class(session: Session, school: School) -> AccessClass:
    """A teacher's course "Biologie 4H" with Anna and Bram (no password) and Cas (one)."""
    teacher = make_user(session, school, "teacher")
    course = make_course(session, school, name="Biologie 4H", teacher_id=teacher.id)
    fresh = [make_user(session, school, name=name, password_hash=None) for name in ("Anna", "Bram")]
    with_password = make_user(session, school, name="Cas")
    enrol(session, course, [*fresh, with_password])
    return AccessClass(teacher=teacher, course=course, fresh=fresh, with_password=with_password)


def as_principal(user: User, session_id: int = 0) -> Principal:
    """The principal `user` acts as (services take one; no sign-in needed to call them)."""
    return Principal(
        user_id=user.id,
        school_id=user.school_id,
        role=user.role,  # type: ignore[arg-type]
        language="nl",
        session_id=session_id,
    )
