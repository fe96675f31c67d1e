"""The people half of every CSV import, for the school's users page and API and for course rosters.

Decided before anything is written, applied all or nothing: a file with any bad line changes
nothing (the stricter of the two behaviours the imports had; docs/ROSTER_IMPORT.md). Students are
created (without a password) or updated: a new name, a new class; an empty class keeps the
class. An e-mail of a teacher or admin is a bad line, never turned into a student.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.errors import Conflict, InvalidLines
from teameval.i18n import translate
from teameval.models import User
from teameval.users.accounts import new_user
from teameval.users.csv_import import decode_upload, parse_people_csv
from teameval.users.repository import UserRepository
from teameval.users.schemas import ImportLineError, UserCreate

UserAction = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class StudentLine:
    """A good line of the file: the student it names and what importing does to them."""

    line: int
    email: str
    name: str
    class_name: str | None
    cells: dict[str, str]  # every column, for the importer's own (a course's `team`)
    action: UserAction
    user: User | None  # the existing student, None when created


@dataclass
class StudentPlan:
    """What importing a file would do: a line per good line, and the bad lines."""

    lines: list[StudentLine] = field(default_factory=list)
    errors: list[ImportLineError] = field(default_factory=list)
    encoding: str = "UTF-8"  # how the file was read, for the preview

    def count(self, action: UserAction) -> int:
        """How many lines create, update or leave a student unchanged."""
        return sum(1 for x in self.lines if x.action == action)


class StudentImporter:
    """Plans and applies the students of a CSV file in the principal's school."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.session = session
        self.language = principal.language
        self.users = UserRepository(session, principal.school_id)

    def plan(self, data: bytes, extra_columns: Sequence[str] = ()) -> StudentPlan:
        """Parse `email,name[,class_name,extra...]` and decide each line; writes nothing."""
        columns = ["class_name", *extra_columns]
        upload = decode_upload(data)
        parsed = parse_people_csv(upload.text, ["email", "name"], columns)
        plan = StudentPlan(encoding=upload.encoding)
        errors = [(line, translate(code, self.language, **p)) for line, code, p in parsed.errors]
        existing = self.users.by_emails(r.cells["email"] for r in parsed.rows)
        for row in parsed.rows:
            email, name = row.cells["email"], row.cells["name"]
            class_name = row.cells.get("class_name") or None
            user = existing.get(email)
            if user is not None and user.role != "student":
                errors.append((row.line, translate("csv_not_student", self.language, email=email)))
                continue
            action: UserAction = "create"
            if user is not None:
                changed = user.name != name or (
                    class_name is not None and user.class_name != class_name
                )
                action = "update" if changed else "unchanged"
            plan.lines.append(
                StudentLine(row.line, email, name, class_name, row.cells, action, user)
            )
        plan.errors = [ImportLineError(line=n, message=m) for n, m in sorted(errors)]
        return plan

    def apply(self, plan: StudentPlan) -> dict[str, User]:
        """Write the plan's students (flushed, not committed): every student of the file by e-mail.

        A plan with a bad line is refused whole (422 with every bad line), so nothing is half done.
        """
        if plan.errors:
            raise InvalidLines(
                "roster_import_has_errors",
                [e.model_dump() for e in plan.errors],
                count=len({e.line for e in plan.errors}),
            )
        users: dict[str, User] = {}
        for line in plan.lines:
            if line.user is None:
                data = UserCreate(email=line.email, name=line.name, class_name=line.class_name)
                users[line.email] = new_user(self.users, data)
                continue
            if line.action == "update":
                line.user.name = line.name
                line.user.class_name = line.class_name or line.user.class_name
            users[line.email] = line.user
        try:
            self.session.flush()  # ids for the new students
        except IntegrityError as exc:  # the same students imported at the same moment elsewhere
            self.session.rollback()
            raise Conflict("roster_import_conflict") from exc
        return users
