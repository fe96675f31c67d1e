"""The school itself: the tenant row, seen from inside the school (its own row only)."""

from typing import Any

from sqlalchemy import Select, select

from teameval.models import School
from teameval.repository import ScopedRepository


class SchoolRepository(ScopedRepository[School]):
    """One school's own row; the tenant has no `school_id`, its id is the scope."""

    model = School

    def _select(self, *entities: Any) -> Select[Any]:
        stmt = select(*entities) if entities else select(School)
        return stmt.where(School.id == self.school_id)

    def add(self, row: School) -> School:
        """Schools are created by the operator (`SchoolAdminService`), never inside one."""
        raise TypeError("a school is not added from inside a school")

    def language(self) -> str:
        """The school's default language for people who chose none (Dutch if it is gone)."""
        found = self.session.scalars(self._select(School.language)).first()
        return found or "nl"
