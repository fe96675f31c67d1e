"""Course staff: who acts for a course and its students (docs/ACCESS.md, "Course staff").

The school's admins act on every course. A teacher acts on the courses they teach: as the
course's teacher (`Course.teacher_id`) or as a co-teacher that course's staff added
(`CourseTeacher`). Any other course of the school, with its teams, evaluations, results and
summaries, does not exist for that teacher: "not found" (404), as another school's would.

Every service that reaches a course or an evaluation through an id calls `require_on_course`
once it has found the row, and every listing filters with `teacher_scope`: the rule is here, once.
Students are not judged here: their own rules (a reviewer, their own summary) apply elsewhere.
"""

from sqlalchemy.orm import Session

from teameval.auth.principal import STAFF_ROLES, Principal
from teameval.courses.repository import (
    CourseRepository,
    CourseTeacherRepository,
    EnrolmentRepository,
)
from teameval.courses.schemas import CourseStaffRead
from teameval.errors import Invalid, NotFound
from teameval.models import Course, CourseTeacher, User
from teameval.pagination import MAX_LIMIT
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserRef
from teameval.users.service import UserService


def teacher_scope(principal: Principal) -> int | None:
    """The teacher whose courses bound what `principal` sees; None for the whole school."""
    return principal.user_id if principal.role == "teacher" else None


def require_on_course(session: Session, principal: Principal, course_id: int) -> None:
    """Raise NotFound when `principal` is a teacher who does not teach this course."""
    teacher_id = teacher_scope(principal)
    if teacher_id is None:
        return
    if not CourseRepository(session, principal.school_id).is_taught_by(course_id, teacher_id):
        raise NotFound()


def course_in_charge(session: Session, principal: Principal, course_id: int) -> Course:
    """A course the principal runs: any of the school's for an admin, one they teach for a
    teacher; anything else (and any course for a student) is not found."""
    if not principal.is_staff:
        raise NotFound()
    course = CourseRepository(session, principal.school_id).get_or_404(course_id)
    require_on_course(session, principal, course.id)
    return course


def person_in_charge(session: Session, principal: Principal, user_id: int) -> User:
    """A user the principal looks after: anyone of the school for an admin, for a teacher a
    student of a course they teach."""
    user = UserRepository(session, principal.school_id).get_or_404(user_id)
    if principal.role == "admin":
        return user
    enrolments = EnrolmentRepository(session, principal.school_id)
    if (
        principal.role != "teacher"
        or user.role != "student"
        or not enrolments.taught_by(user.id, principal.user_id)
    ):
        raise NotFound()
    return user


class PeopleInCharge:
    """A user's password and access, changed by staff who look after them (`person_in_charge`):
    a teacher only for the students of their courses, an admin for anyone of the school."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.session = session
        self.principal = principal
        self.users = UserService(session, principal)

    def set_password(self, user_id: int, password: str) -> User:
        """Give the user a new password (their sign-ins end)."""
        self._check(user_id)
        return self.users.set_password(user_id, password)

    def set_active(self, user_id: int, active: bool) -> User:
        """Deactivate or reactivate the user (their sign-ins end either way)."""
        self._check(user_id)
        return self.users.set_active(user_id, active)

    def _check(self, user_id: int) -> None:
        """A student must be one the principal looks after (else 404); for a colleague the
        user service answers that only an admin manages staff (403)."""
        user = UserRepository(self.session, self.principal.school_id).get_or_404(user_id)
        if user.role == "student":
            person_in_charge(self.session, self.principal, user_id)


class CourseStaffService:
    """The teachers of a course: its teacher and the co-teachers they add."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.session = session
        self.principal = principal
        self.co_teachers = CourseTeacherRepository(session, principal.school_id)
        self.users = UserRepository(session, principal.school_id)

    def staff_of(self, course_id: int) -> CourseStaffRead:
        """The teacher and co-teachers of a course the principal runs."""
        return self._read(course_in_charge(self.session, self.principal, course_id))

    def candidates(self, course_id: int) -> list[UserRef]:
        """The school's teachers who could be added to the course (not on it yet), by name."""
        course = course_in_charge(self.session, self.principal, course_id)
        on = {course.teacher_id, *(u.id for u in self.co_teachers.of_course(course.id))}
        teachers, _total = self.users.page(self.users.list_stmt(role="teacher"), MAX_LIMIT, 0)
        return [UserRef.model_validate(u) for u in teachers if u.id not in on and u.is_active]

    def add_co_teacher(self, course_id: int, teacher_id: int) -> CourseStaffRead:
        """Let another teacher (or admin) of the school act on the course; adding twice is fine."""
        course = course_in_charge(self.session, self.principal, course_id)
        teacher = self.users.get(teacher_id)
        if teacher is None or teacher.role not in STAFF_ROLES:
            raise Invalid("not_a_teacher", user_id=teacher_id)
        if teacher.id != course.teacher_id and self.co_teachers.one(course.id, teacher.id) is None:
            self.co_teachers.add(CourseTeacher(course_id=course.id, teacher_id=teacher.id))
            self.session.commit()
        return self._read(course)

    def remove_co_teacher(self, course_id: int, teacher_id: int) -> CourseStaffRead:
        """Take a co-teacher off the course (the course's own teacher is not a co-teacher)."""
        course = course_in_charge(self.session, self.principal, course_id)
        row = self.co_teachers.one(course.id, teacher_id)
        if row is None:
            raise NotFound()
        self.session.delete(row)
        self.session.commit()
        return self._read(course)

    def _read(self, course: Course) -> CourseStaffRead:
        co_teachers = self.co_teachers.of_course(course.id)
        teacher = self.users.get(course.teacher_id) if course.teacher_id is not None else None
        return CourseStaffRead(
            teacher=UserRef.model_validate(teacher) if teacher is not None else None,
            co_teachers=[UserRef.model_validate(u) for u in co_teachers],
        )
