"""User queries, scoped to one school."""

from collections.abc import Iterable, Sequence

from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from teameval.models import School, User
from teameval.repository import ScopedRepository


class UserRepository(ScopedRepository[User]):
    """The users of one school."""

    model = User

    def __init__(self, session: Session, school_id: int) -> None:
        super().__init__(session, school_id)

    def by_email(self, email: str) -> User | None:
        """The user with this e-mail (case-insensitive) in this school."""
        return self.session.scalars(
            self._select().where(func.lower(User.email) == email.lower())
        ).first()

    def by_emails(self, emails: Iterable[str]) -> dict[str, User]:
        """Users of this school by lower-cased e-mail."""
        lowered = {e.lower() for e in emails}
        if not lowered:
            return {}
        rows = self.session.scalars(self._select().where(func.lower(User.email).in_(lowered)))
        return {u.email.lower(): u for u in rows}

    def by_ids(self, ids: Iterable[int]) -> dict[int, User]:
        """Users of this school by id; ids of other schools are simply absent."""
        wanted = set(ids)
        if not wanted:
            return {}
        return {u.id: u for u in self.session.scalars(self._select().where(User.id.in_(wanted)))}

    def list_stmt(self, role: str | None = None, query: str | None = None) -> Select[tuple[User]]:
        """Users in name order, optionally of one role or matching a name/e-mail fragment."""
        stmt = self._select()
        if role:
            stmt = stmt.where(User.role == role)
        if query:
            like = f"%{query.lower()}%"
            stmt = stmt.where(func.lower(User.name).like(like) | func.lower(User.email).like(like))
        return stmt.order_by(User.name, User.id)

    def first_of_role(self, role: str) -> int | None:
        """The id of the school's first active user with this role, if any."""
        stmt = (
            self._select(User.id)
            .where(User.role == role, User.is_active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def names(self, ids: Iterable[int]) -> Sequence[tuple[int, str]]:
        """(id, name) of the given users."""
        wanted = set(ids)
        if not wanted:
            return []
        stmt = self._select(User.id, User.name).where(User.id.in_(wanted))
        return [(r[0], r[1]) for r in self.session.execute(stmt)]

    def students_among(self, ids: Iterable[int]) -> set[int]:
        """Those of `ids` that are students of this school."""
        wanted = set(ids)
        if not wanted:
            return set()
        stmt = self._select(User.id).where(User.role == "student", User.id.in_(wanted))
        return set(self.session.scalars(stmt))

    def language_of(self, user_id: int) -> str | None:
        """The user's own language, else their school's; None when neither is set."""
        stmt = (
            self._select(User.language, School.language)
            .join(School, School.id == User.school_id)
            .where(User.id == user_id)
        )
        row = self.session.execute(stmt).first()
        if row is None:
            return None
        language: str | None = row[0] or row[1]
        return language
