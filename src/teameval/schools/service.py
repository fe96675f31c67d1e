"""Creating schools and their first users (operator tasks, outside any school's scope)."""

from sqlalchemy.orm import Session

from teameval.auth.principal import ROLES
from teameval.auth.security import hash_password
from teameval.errors import Conflict, Invalid, NotFound
from teameval.models import School, User
from teameval.users.repository import UserRepository
from teameval.validation import NAME_MAX, text_problem

MIN_PASSWORD_LENGTH = 10


class SchoolAdminService:
    """Operator actions: a new school, a user in a given school."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create_school(self, name: str, language: str = "nl") -> School:
        """A new, empty school."""
        if language not in ("nl", "en"):
            raise Invalid("invalid_language")
        school = School(name=_checked_name(name), language=language)
        self.session.add(school)
        self.session.commit()
        return school

    def create_user(self, school_id: int, role: str, email: str, name: str, password: str) -> User:
        """A user of `school_id` with a password."""
        if self.session.get(School, school_id) is None:
            raise NotFound()
        if role not in ROLES:
            raise Invalid("invalid_role")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise Invalid("weak_password")
        repo = UserRepository(self.session, school_id)
        if repo.by_email(email) is not None:
            raise Conflict("email_taken", email=email)
        user = repo.add(
            User(
                email=email.strip().lower(),
                name=_checked_name(name),
                role=role,
                password_hash=hash_password(password),
            )
        )
        self.session.commit()
        return user


def _checked_name(value: str) -> str:
    """A school's or person's name as the API would accept it (teameval.validation)."""
    name = value.strip()
    problem = text_problem(name, NAME_MAX)
    if problem is not None:
        code, limit = problem
        raise Invalid(code, max=limit)
    return name
