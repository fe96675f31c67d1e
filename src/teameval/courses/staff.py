"""Who acts for a course and its students: the course's teacher, and the school's admins.

Sign-in codes and invitations go through here, so a teacher gives access only to the students
of the courses they teach; anything else of the school is "not found" for them (404).
"""

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.repository import CourseRepository, EnrolmentRepository
from teameval.errors import NotFound
from teameval.models import Course, User
from teameval.users.repository import UserRepository


def course_in_charge(session: Session, principal: Principal, course_id: int) -> Course:
    """A course the principal runs: any of the school's for an admin, their own for a teacher."""
    course = CourseRepository(session, principal.school_id).get_or_404(course_id)
    if principal.role == "admin":
        return course
    if principal.role != "teacher" or course.teacher_id != principal.user_id:
        raise NotFound()
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
