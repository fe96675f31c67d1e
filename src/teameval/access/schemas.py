"""Sign-in code requests and answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from teameval.users.schemas import UserRead


class SignInSlip(BaseModel):
    """One person's code, shown once: printed on a slip or read by the API client."""

    user_id: int
    name: str
    email: str
    code: str
    expires_at: datetime


class IssuedCodes(BaseModel):
    """New codes: where to sign in with them, until when, and one slip per person."""

    sign_in_url: str
    expires_at: datetime
    slips: list[SignInSlip]
    # The course the codes are for (codes for one person: none).
    course_id: int | None = None
    course_name: str | None = None
    # Students of the course left out because they already chose a password.
    skipped_with_password: int = 0


class CourseCodesRequest(BaseModel):
    """Codes for a course: by default only for students who have no password yet."""

    include_with_password: bool = False


class InvitationReport(BaseModel):
    """What an invitation round did: e-mails the server took, and addresses it refused."""

    sent: int
    failed: list[str]
    skipped_with_password: int = 0


class CodeLoginRequest(BaseModel):
    """E-mail address and the code from a slip or an invitation (case and hyphens ignored)."""

    email: str = Field(min_length=3, max_length=254)
    code: str = Field(min_length=1, max_length=50)


class PasswordChoice(BaseModel):
    """The password a person chooses for themselves, typed twice (the service judges both)."""

    password: str = Field(max_length=1000)
    password_confirmation: str = Field(max_length=1000)


class CodeLoginResponse(BaseModel):
    """A token that may only choose a password (POST /api/v1/auth/password), and who it is."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the scheme name, not a secret
    user: UserRead
    must_set_password: bool = True
    expires_at: datetime


class UserCreated(UserRead):
    """A new user; created without a password, with the sign-in code to hand over (once)."""

    sign_in: IssuedCodes | None = None


class PersonAccess(BaseModel):
    """Whether one person of a course can sign in on their own yet."""

    id: int
    name: str
    email: str
    has_password: bool
    is_active: bool


class CourseAccess(BaseModel):
    """A course's students and their access, for the page that gives them codes."""

    course_id: int
    course_name: str
    mail_configured: bool
    code_ttl_days: int
    people: list[PersonAccess]
