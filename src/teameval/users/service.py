"""A school's users: create, list, set passwords, import students; a user's own language."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.auth.repository import AuthRepository
from teameval.auth.security import hash_password
from teameval.auth.sign_in_cache import sign_ins_changed
from teameval.errors import Conflict, Forbidden, Invalid
from teameval.i18n.languages import Language
from teameval.models import User
from teameval.users.accounts import add_user
from teameval.users.repository import UserRepository
from teameval.users.schemas import ImportResult, UserCreate
from teameval.users.student_import import StudentImporter


class UserService:
    """Users of the principal's school: staff manage them, everyone their own language."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repo = UserRepository(session, principal.school_id)

    def create_user(self, data: UserCreate) -> User:
        """Create a user; teachers may create students only, admins anyone."""
        self._may_manage(data.role)
        user = add_user(self.repo, data)
        try:
            self.session.commit()
        except IntegrityError as exc:  # a concurrent create of the same e-mail
            self.session.rollback()
            raise Conflict("email_taken", email=data.email) from exc
        return user

    def get_user(self, user_id: int) -> User:
        """A user of the school whom the principal manages (teachers: students only)."""
        user = self.repo.get_or_404(user_id)
        self._may_manage(user.role)
        return user

    def set_password(self, user_id: int, password: str) -> User:
        """Give a user a new password and sign them out everywhere.

        A teacher sets one for students, an admin for anyone in the school. A sign-in code
        (teameval.access) is the better way: the person then chooses their own.
        """
        user = self.repo.get_or_404(user_id)
        self._may_manage(user.role)
        user.password_hash = hash_password(password)
        AuthRepository(self.session).revoke_sessions_of(user.id)
        self.session.commit()
        return user

    def set_active(self, user_id: int, active: bool) -> User:
        """Deactivate a user (signed out everywhere, cannot sign in) or let them sign in again.

        Either way every sign-in session of the user is revoked: a reactivated user signs in
        anew, and no token issued before the deactivation ever works again. Teachers manage
        students only; nobody deactivates themselves (a school could lose its last admin).
        """
        user = self.repo.get_or_404(user_id)
        self._may_manage(user.role, refusal="only_admin_manages_staff")
        if user.id == self.principal.user_id:
            raise Invalid("cannot_deactivate_self")
        user.is_active = active
        AuthRepository(self.session).revoke_sessions_of(user.id)
        self.session.commit()
        return user

    def list_users(
        self, limit: int, offset: int, role: str | None = None, query: str | None = None
    ) -> tuple[Sequence[User], int]:
        """A page of the school's users (staff)."""
        self.principal.require_staff()
        return self.repo.page(self.repo.list_stmt(role, query), limit, offset)

    def import_students(self, data: bytes) -> ImportResult:
        """Create or update students from `email,name[,class_name]`, all or nothing.

        A file with a bad line changes nothing and answers every bad line (422); importing the
        same file twice changes nothing the second time.
        """
        importer = StudentImporter(self.session, self.principal)
        plan = importer.plan(data)
        importer.apply(plan)
        try:
            self.session.commit()
        except IntegrityError as exc:  # a concurrent import of the same students
            self.session.rollback()
            raise Conflict("roster_import_conflict") from exc
        return ImportResult(created=plan.count("create"), updated=plan.count("update"), errors=[])

    def set_own_language(self, language: Language) -> None:
        """Show every page (and new summaries) in `language` for the principal from now on."""
        user = self.repo.get_or_404(self.principal.user_id)
        user.language = language
        sign_ins_changed(self.session, user.id)  # a cached sign-in carries the language
        self.session.commit()

    def _may_manage(self, role: str, refusal: str = "only_admin_creates_staff") -> None:
        """Staff manage students; only an admin manages teachers and admins (else `refusal`)."""
        self.principal.require_staff()
        if role != "student" and self.principal.role != "admin":
            raise Forbidden(refusal)
