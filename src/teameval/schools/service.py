"""Creating schools and their first users (operator tasks, outside any school's scope)."""

from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.errors import Conflict, Invalid, NotFound
from teameval.i18n.languages import supported
from teameval.models import School, User
from teameval.users.accounts import add_user
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserCreate
from teameval.validation import NAME_MAX, text_problem

# A refused field of the command's input, said the way the command always said it.
_FIELD_CODES = {"password": "weak_password", "role": "invalid_role"}


class SchoolAdminService:
    """Operator actions: a new school, a user in a given school."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create_school(self, name: str, language: str = "nl") -> School:
        """A new, empty school."""
        chosen = supported(language)
        if chosen is None:
            raise Invalid("invalid_language")
        school = School(name=_checked_name(name), language=chosen)
        self.session.add(school)
        self.session.commit()
        return school

    def create_user(self, school_id: int, role: str, email: str, name: str, password: str) -> User:
        """A user of `school_id` with a password, checked as the API checks a new user."""
        if self.session.get(School, school_id) is None:
            raise NotFound()
        data = _user_create(role=role, email=email.strip(), name=name, password=password)
        user = add_user(UserRepository(self.session, school_id), data)
        try:
            self.session.commit()
        except IntegrityError as exc:  # created at the same moment elsewhere
            self.session.rollback()
            raise Conflict("email_taken", email=data.email) from exc
        return user


def _user_create(**fields: Any) -> UserCreate:
    """The command's input as the API's schema, its first problem as the command's error."""
    try:
        return UserCreate.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        code = str(first.get("type", ""))
        if code.startswith("text_"):  # teameval.validation's own codes
            raise Invalid(code, **(first.get("ctx") or {})) from exc
        field = str(first["loc"][0]) if first.get("loc") else ""
        details = f"{field}: {first.get('msg', '')}"
        raise Invalid(_FIELD_CODES.get(field, "validation_error"), details=details) from exc


def _checked_name(value: str) -> str:
    """A school's name as the API would accept a name (teameval.validation)."""
    name = value.strip()
    problem = text_problem(name, NAME_MAX)
    if problem is not None:
        code, limit = problem
        raise Invalid(code, max=limit)
    return name
