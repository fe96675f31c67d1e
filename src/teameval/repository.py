"""The scoped repository base: tenancy is written here once, and nowhere else."""

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Result,
    Select,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Session

from teameval.errors import NotFound
from teameval.models.base import Base

M = TypeVar("M", bound=Base)

# The school of a statement built once (at import) and run for many schools: see `in_school`.
_SCHOOL: BindParameter[int] = bindparam("school_id")


def in_school(model: Any) -> ColumnElement[bool]:
    """The tenancy condition on `model` with the school left as a bound parameter.

    For statements built once at import: building a large statement per call costs more than
    running it, and a module-level one keeps SQLAlchemy's cache key. Run them with
    `ScopedRepository._run`, which binds the repository's school.
    """
    condition: ColumnElement[bool] = model.school_id == _SCHOOL
    return condition


class ScopedRepository(Generic[M]):
    """Queries on one school-owned model, always filtered on the principal's school."""

    model: type[M]

    def __init__(self, session: Session, school_id: int) -> None:
        self.session = session
        self.school_id = school_id

    def _select(self, *entities: Any) -> Select[Any]:
        """A SELECT of the model (or `entities` from it) limited to this school's rows."""
        stmt = select(*entities) if entities else select(self.model)
        return stmt.where(self.model.school_id == self.school_id)  # type: ignore[attr-defined]

    def _run(self, stmt: Executable, **params: Any) -> Result[Any]:
        """Execute a statement built with `in_school`, bound to this repository's school."""
        return self.session.execute(stmt, {"school_id": self.school_id, **params})

    def get(self, id_: int) -> M | None:
        """The row with this id in this school, or None."""
        return self.session.scalars(self._select().where(self.model.id == id_)).first()  # type: ignore[attr-defined]

    def get_or_404(self, id_: int) -> M:
        """The row with this id in this school; another school's row is simply not found."""
        row = self.get(id_)
        if row is None:
            raise NotFound()
        return row

    def add(self, row: M) -> M:
        """Stage a new row, stamped with this school."""
        row.school_id = self.school_id  # type: ignore[attr-defined]
        self.session.add(row)
        return row

    def page(self, stmt: Select[Any], limit: int, offset: int) -> tuple[Sequence[Any], int]:
        """One page of `stmt`'s rows and the total count of rows it selects."""
        total = self.session.scalar(
            select(func.count()).select_from(stmt.order_by(None).subquery())
        )
        rows = self.session.scalars(stmt.limit(limit).offset(offset)).all()
        return rows, int(total or 0)
