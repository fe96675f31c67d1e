"""The signed-in principal: who acts, for which school, in which role."""

from dataclasses import dataclass
from typing import Literal

from teameval.errors import Forbidden

Role = Literal["admin", "teacher", "student"]
ROLES: tuple[Role, ...] = ("admin", "teacher", "student")
STAFF_ROLES: tuple[Role, ...] = ("admin", "teacher")


@dataclass(frozen=True, slots=True)
class Principal:
    """The user a request acts as; services take it to scope and authorise every operation."""

    user_id: int
    school_id: int
    role: Role
    language: str
    session_id: int
    # Signed in with a one-time code: may only choose a password (and sign out) until they do.
    must_set_password: bool = False

    @property
    def is_staff(self) -> bool:
        """Teachers and admins manage courses, evaluations and summaries."""
        return self.role in STAFF_ROLES

    def require_staff(self) -> None:
        """Refuse (403) anyone but a teacher or admin: the check every staff-only use case makes."""
        if not self.is_staff:
            raise Forbidden()

    @property
    def is_student(self) -> bool:
        """Students see only their own reviews, results and summaries."""
        return self.role == "student"
