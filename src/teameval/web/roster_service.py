"""Adding students to a course from the course page: one by hand, or many from a CSV file.

The CSV flow has a preview: the file is parsed and its bad lines shown before anything is
written; importing then creates or updates the students (as `POST /api/v1/users/import` does)
and enrols every student of the file in the course.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.service import CourseService
from teameval.errors import Invalid
from teameval.i18n import translate
from teameval.users.csv_import import decode_upload, parse_people_csv
from teameval.users.repository import UserRepository
from teameval.users.schemas import ImportResult, UserCreate
from teameval.users.service import UserService

CSV_COLUMNS = (["email", "name"], ["class_name"])


@dataclass(frozen=True)
class PreviewRow:
    """A good line of the file: what will be imported."""

    line: int
    email: str
    name: str
    class_name: str
    exists: bool


@dataclass(frozen=True)
class PreviewError:
    """A bad line of the file and what is wrong with it."""

    line: int
    message: str


@dataclass(frozen=True)
class ImportPreview:
    """What importing the file would do."""

    rows: list[PreviewRow]
    errors: list[PreviewError]


class RosterService:
    """Students of one course, added by hand or by CSV (staff only, checked by the caller)."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.users = UserRepository(session, principal.school_id)

    def add_student(self, course_id: int, data: UserCreate) -> None:
        """Enrol a student by e-mail: an existing student of the school, else a new one."""
        courses = CourseService(self.session, self.principal)
        courses.get_course(course_id)  # 404 before creating anybody for a course not ours
        existing = self.users.by_email(data.email)
        if existing is None:
            existing = UserService(self.session, self.principal).create_user(data)
        elif existing.role != "student":
            raise Invalid("csv_not_student", email=data.email)
        courses.enrol_students(course_id, [existing.id])

    def preview(self, data: bytes) -> ImportPreview:
        """Parse the file and report every bad line, without writing anything."""
        parsed = parse_people_csv(decode_upload(data), *CSV_COLUMNS)
        known = self.users.by_emails(r.cells["email"] for r in parsed.rows)
        lang = self.principal.language
        errors = [
            PreviewError(line, translate(code, lang, **params))
            for line, code, params in parsed.errors
        ]
        rows = []
        for row in parsed.rows:
            email = row.cells["email"]
            user = known.get(email)
            if user is not None and user.role != "student":
                message = translate("csv_not_student", lang, email=email)
                errors.append(PreviewError(row.line, message))
                continue
            rows.append(
                PreviewRow(
                    line=row.line,
                    email=email,
                    name=row.cells["name"],
                    class_name=row.cells.get("class_name", ""),
                    exists=user is not None,
                )
            )
        errors.sort(key=lambda e: e.line)
        return ImportPreview(rows=rows, errors=errors)

    def import_into_course(self, course_id: int, data: bytes) -> tuple[ImportResult, int]:
        """Create or update the file's students and enrol them; (import result, newly enrolled)."""
        courses = CourseService(self.session, self.principal)
        courses.get_course(course_id)
        result = UserService(self.session, self.principal).import_students(data)
        parsed = parse_people_csv(decode_upload(data), *CSV_COLUMNS)
        students = self.users.by_emails(r.cells["email"] for r in parsed.rows)
        ids = [u.id for u in students.values() if u.role == "student"]
        added = courses.enrol_students(course_id, ids).added if ids else []
        return result, len(added)
