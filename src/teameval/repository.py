"""The scoped repository base: tenancy is written here once, and nowhere else.

Requests build a repository on the principal's school, `Repo(session, principal.school_id)`:
every query and update it makes is limited to that school's rows, and a row of another school
is simply not found.

System code acts without a principal (the worker running a job, the reconciler, /metrics).
It has two ways in, neither of them a hand-written school filter:
- `Repo(session, job.school_id)`: the scope of the one school a job belongs to, exactly as a
  request of that school would have it (a job reads its input so);
- `Repo.system(session)`: every school's rows, for the bookkeeping that spans them (claiming
  a job by its id, re-queueing expired leases, counting for /metrics). It cannot add rows, as
  a new row needs a school. No request path may build one.
"""

from collections.abc import Sequence
from typing import Any, Generic, Self, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Result,
    Select,
    Update,
    and_,
    bindparam,
    func,
    select,
    true,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from teameval.errors import NotFound
from teameval.models.base import Base, UTCDateTime

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
        self.all_schools = False

    @classmethod
    def system(cls, session: Session) -> Self:
        """The repository across every school, for system code only (see the module docstring).

        Its `school_id` is 0, which no school has: a filter written by hand finds nothing.
        """
        repo = cls(session, 0)
        repo.all_schools = True
        return repo

    def _in_school(self, *models: type[Base]) -> ColumnElement[bool]:
        """The scope condition on school-owned `models` (default: this repository's model).

        For the other tables a query joins or reads: their rows must be of the school too.
        """
        if self.all_schools:
            return true()
        owned = models or (self.model,)
        return and_(*(m.school_id == self.school_id for m in owned))  # type: ignore[attr-defined]

    def _select(self, *entities: Any) -> Select[Any]:
        """A SELECT of the model (or `entities` from it) limited to this school's rows."""
        stmt = select(*entities) if entities else select(self.model)
        return stmt.where(self._in_school())

    def _update(self) -> Update:
        """An UPDATE of the model limited to this school's rows (no ORM session sync)."""
        stmt = update(self.model).where(self._in_school())
        return stmt.execution_options(synchronize_session=False)

    def _run(self, stmt: Executable, **params: Any) -> Result[Any]:
        """Execute a statement built with `in_school`, bound to this repository's school."""
        if self.all_schools:
            raise RuntimeError("a statement built with in_school needs one school")
        return self.session.execute(stmt, {"school_id": self.school_id, **params})

    def _db_now(self, seconds: float = 0) -> ColumnElement[Any]:
        """The database's clock at this statement, plus `seconds`: one clock for every process.

        Leases are written and judged with it, so a process whose own clock runs ahead or behind
        can neither cut a live worker's lease short nor keep a dead one's alive. PostgreSQL:
        `statement_timestamp()`; SQLite: `strftime(..., 'now')` in the format SQLAlchemy stores
        timestamps in (microseconds), so stored and computed times compare as they should.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            interval = func.make_interval(0, 0, 0, 0, 0, 0, float(seconds))
            return type_coerce(func.statement_timestamp() + interval, UTCDateTime)
        moment = func.strftime("%Y-%m-%d %H:%M:%f", "now", f"{float(seconds):+f} seconds")
        return type_coerce(moment.concat("000"), UTCDateTime)

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
        if self.all_schools:
            raise RuntimeError("a system repository cannot add rows: a new row needs a school")
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
