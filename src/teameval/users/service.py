"""Managing a school's users: create, list, import students from CSV."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.auth.repository import AuthRepository
from teameval.auth.security import hash_password
from teameval.errors import Conflict, Forbidden
from teameval.i18n import translate
from teameval.models import User
from teameval.users.csv_import import decode_upload, parse_people_csv
from teameval.users.repository import UserRepository
from teameval.users.schemas import ImportLineError, ImportResult, UserCreate


class UserService:
    """Users of the principal's school."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.repo = UserRepository(session, principal.school_id)

    def create_user(self, data: UserCreate) -> User:
        """Create a user; teachers may create students only, admins anyone."""
        if data.role != "student" and self.principal.role != "admin":
            raise Forbidden("only_admin_creates_staff")
        if self.repo.by_email(data.email) is not None:
            raise Conflict("email_taken", email=data.email)
        user = self.repo.add(
            User(
                email=data.email.lower(),
                name=data.name,
                role=data.role,
                class_name=data.class_name,
                language=data.language,
                password_hash=hash_password(data.password) if data.password else None,
            )
        )
        try:
            self.session.commit()
        except IntegrityError as exc:  # a concurrent create of the same e-mail
            self.session.rollback()
            raise Conflict("email_taken", email=data.email) from exc
        return user

    def set_password(self, user_id: int, password: str) -> User:
        """Give a user a new password and sign them out everywhere.

        Imported students have no password: a teacher sets one (and hands it over) for
        students, an admin for anyone in the school.
        """
        user = self.repo.get_or_404(user_id)
        if user.role != "student" and self.principal.role != "admin":
            raise Forbidden("only_admin_creates_staff")
        user.password_hash = hash_password(password)
        AuthRepository(self.session).revoke_sessions_of(user.id)
        self.session.commit()
        return user

    def list_users(
        self, limit: int, offset: int, role: str | None = None, query: str | None = None
    ) -> tuple[Sequence[User], int]:
        """A page of the school's users."""
        return self.repo.page(self.repo.list_stmt(role, query), limit, offset)

    def import_students(self, data: bytes) -> ImportResult:
        """Create or update students from `email,name[,class_name]`; bad lines are reported.

        The good lines are applied even when others are bad, so a teacher fixes only the
        reported lines and imports again; importing the same file twice changes nothing.
        """
        parsed = parse_people_csv(decode_upload(data), ["email", "name"], ["class_name"])
        lang = self.principal.language
        errors = [
            ImportLineError(line=line, message=translate(code, lang, **params))
            for line, code, params in parsed.errors
        ]
        existing = self.repo.by_emails(r.cells["email"] for r in parsed.rows)
        created = updated = 0
        for row in parsed.rows:
            email, name = row.cells["email"], row.cells["name"]
            class_name = row.cells.get("class_name") or None
            user = existing.get(email)
            if user is None:
                self.repo.add(User(email=email, name=name, role="student", class_name=class_name))
                created += 1
            elif user.role != "student":
                errors.append(
                    ImportLineError(
                        line=row.line, message=translate("csv_not_student", lang, email=email)
                    )
                )
            elif user.name != name or (class_name and user.class_name != class_name):
                user.name = name
                user.class_name = class_name or user.class_name
                updated += 1
        self.session.commit()
        errors.sort(key=lambda e: e.line)
        return ImportResult(created=created, updated=updated, errors=errors)
