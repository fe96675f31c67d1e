"""Sign-in requests and answers."""

from typing import Literal

from pydantic import BaseModel, Field

from teameval.users.schemas import UserRead


class LoginRequest(BaseModel):
    """E-mail and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


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
