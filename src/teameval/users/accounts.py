"""Making a user: the one place a `User` row is built (API, pages, imports, the CLI)."""

from teameval.auth.security import hash_password
from teameval.errors import Conflict
from teameval.models import User
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserCreate


def new_user(users: UserRepository, data: UserCreate) -> User:
    """Stage a user whose e-mail the caller found free (an import looks a whole file up at once).

    The e-mail is kept lower-cased (sign-in compares it so); a user without a password (an
    imported student) signs in once staff give them one.
    """
    return users.add(
        User(
            email=data.email.lower(),
            name=data.name,
            role=data.role,
            class_name=data.class_name,
            language=data.language,
            password_hash=hash_password(data.password) if data.password else None,
        )
    )


def add_user(users: UserRepository, data: UserCreate) -> User:
    """Stage a new user of the school; an e-mail already in the school is a 409."""
    if users.by_email(data.email) is not None:
        raise Conflict("email_taken", email=data.email)
    return new_user(users, data)
