"""User requests and answers, the sign-in answers included (they embed `UserRead`)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from teameval.auth.principal import Role
from teameval.i18n.languages import Language
from teameval.validation import Name, OptionalLabel


class UserBase(BaseModel):
    """Fields a user is created with and read back with."""

    email: EmailStr
    name: Name
    role: Role = "student"
    class_name: OptionalLabel = None
    language: Language | None = None


# Long enough to resist guessing; staff choose it, so no composition rules on top.
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1000


class UserCreate(UserBase):
    """A new user; a student may be created without a password (staff set one later)."""

    password: str | None = Field(
        default=None, min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH
    )


class PasswordSet(BaseModel):
    """A new password, set for a user by staff (imported students have none until then)."""

    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class UserRead(UserBase):
    """A user as shown to staff and to themselves."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    school_id: int
    # What is stored is shown as stored: a read never refuses a row (teameval.validation).
    email: str
    name: str
    class_name: str | None = None
    is_active: bool
    created_at: datetime


class UserRef(BaseModel):
    """A user named in another resource (a reviewee, a team member)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class ImportLineError(BaseModel):
    """What is wrong with one line of an imported CSV."""

    line: int
    message: str


class LanguageChoice(BaseModel):
    """The interface language a user chooses for themselves."""

    language: Language


class ImportResult(BaseModel):
    """What a CSV import did (applied all or nothing: `errors` is empty when it was applied)."""

    created: int
    updated: int
    errors: list[ImportLineError]


class LoginResponse(BaseModel):
    """A bearer token and who it signs in."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    user: UserRead


class MeResponse(UserRead):
    """The signed-in user, with their effective language and school."""

    school_name: str
    effective_language: str
    # True after signing in with a one-time code: choose a password (POST /auth/password) first.
    must_set_password: bool = False
