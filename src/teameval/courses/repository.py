"""Course, team, membership and enrolment queries, scoped to one school."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from teameval.models import Course, CourseTeacher, Enrolment, Team, TeamMember, User
from teameval.repository import ScopedRepository, in_school
from teameval.users.repository import UserRepository


def _roster_names_statement() -> Select[str]:
    """The names on a course's roster, built once with bound parameters.

    Built per call, this union of three selects cost more to construct and to key for
    SQLAlchemy's statement cache than to run (0.6 ms against 0.03 ms in SQLite), and every
    student's overview page runs it. A module-level statement keeps its cache key memoised.
    """
    course: BindParameter[int] = bindparam("course_id")
    enrolled = select(Enrolment.student_id).where(
        Enrolment.course_id == course, in_school(Enrolment)
    )
    in_team = select(TeamMember.student_id).where(
        TeamMember.course_id == course, in_school(TeamMember)
    )
    teacher = select(Course.teacher_id).where(Course.id == course, in_school(Course))
    co_teachers = select(CourseTeacher.teacher_id).where(
        CourseTeacher.course_id == course, in_school(CourseTeacher)
    )
    ids = enrolled.union(in_team, teacher, co_teachers).subquery()
    return (
        select(User.name)
        .where(
            in_school(User),
            User.id.in_(select(ids.c[0])) | User.id.in_(bindparam("also", expanding=True)),
        )
        .order_by(User.id)
    )


_ROSTER_NAMES = _roster_names_statement()


class CourseRepository(ScopedRepository[Course]):
    """The courses of one school."""

    model = Course

    def list_stmt(self, teacher_id: int | None = None) -> Select[tuple[Course]]:
        """Courses in name order; with `teacher_id`, only those that teacher is on."""
        stmt = self._select()
        if teacher_id is not None:
            stmt = stmt.where(Course.id.in_(self.taught_by(teacher_id)))
        return stmt.order_by(Course.name, Course.id)

    def taught_by(self, teacher_id: int) -> Select[tuple[int]]:
        """The ids of the courses `teacher_id` teaches: as the course's teacher or a co-teacher.

        The one definition of "a teacher's courses": listings filter on it, and
        `courses/staff.py` checks a single course with it.
        """
        co_taught = select(CourseTeacher.course_id).where(
            CourseTeacher.teacher_id == teacher_id, self._in_school(CourseTeacher)
        )
        return self._select(Course.id).where(
            or_(Course.teacher_id == teacher_id, Course.id.in_(co_taught))
        )

    def is_taught_by(self, course_id: int, teacher_id: int) -> bool:
        """Whether `teacher_id` teaches this course."""
        stmt = self.taught_by(teacher_id).where(Course.id == course_id).limit(1)
        return self.session.scalars(stmt).first() is not None

    def in_taught(
        self, column: ColumnElement[int] | InstrumentedAttribute[int], teacher_id: int
    ) -> ColumnElement[bool]:
        """A condition: `column` (a course id) names a course `teacher_id` teaches."""
        return column.in_(self.taught_by(teacher_id))

    def roster_names(
        self, course_id: int, also: Sequence[int] = (), *, frozen: Sequence[str] | None = None
    ) -> list[str]:
        """Everyone on the course (enrolled students, team members, the teacher) and `also`.

        The names a text about the course must not give away (summaries, quotes). `frozen` is
        a closed evaluation's roster as it was at closing (`Evaluation.roster_names`): when
        given it stands for the course, so a later roster change rewrites nothing.
        """
        course = 0 if frozen is not None else course_id  # 0: no course, only `also`
        names = self._run(_ROSTER_NAMES, course_id=course, also=list(also)).scalars()
        live = [n for n in names if n]
        return live if frozen is None else [*frozen, *(n for n in live if n not in frozen)]


class CourseTeacherRepository(ScopedRepository[CourseTeacher]):
    """The co-teachers of courses."""

    model = CourseTeacher

    def of_course(self, course_id: int) -> Sequence[User]:
        """A course's co-teachers, by name."""
        stmt = (
            self._select(User)
            .select_from(CourseTeacher)
            .join(User, User.id == CourseTeacher.teacher_id)
            .where(CourseTeacher.course_id == course_id, self._in_school(User))
            .order_by(User.name, User.id)
        )
        return self.session.scalars(stmt).all()

    def one(self, course_id: int, teacher_id: int) -> CourseTeacher | None:
        """The co-teacher row of this teacher on this course."""
        stmt = self._select().where(
            CourseTeacher.course_id == course_id, CourseTeacher.teacher_id == teacher_id
        )
        return self.session.scalars(stmt).first()


class TeamRepository(ScopedRepository[Team]):
    """The teams of one school's courses."""

    model = Team

    def list_stmt(self, course_id: int) -> Select[Any]:
        """A course's teams in name order."""
        return self._select().where(Team.course_id == course_id).order_by(Team.name, Team.id)

    def all_in_course(self, course_id: int) -> Sequence[Team]:
        """Every team of a course, in name order."""
        return self.session.scalars(self.list_stmt(course_id)).all()

    def names(self, team_ids: Iterable[int]) -> dict[int, str]:
        """Team id -> name."""
        wanted = set(team_ids)
        if not wanted:
            return {}
        stmt = self._select(Team.id, Team.name).where(Team.id.in_(wanted))
        return {row[0]: row[1] for row in self.session.execute(stmt)}

    def in_course(self, course_id: int, team_id: int) -> Team | None:
        """The team with this id when it belongs to this course."""
        stmt = self._select().where(Team.course_id == course_id, Team.id == team_id)
        return self.session.scalars(stmt).first()

    def remove(self, team: Team) -> None:
        """Delete a team (its memberships go with it, by the foreign key)."""
        self.session.delete(team)

    def by_name(self, course_id: int, name: str) -> Team | None:
        """The course's team with this name."""
        stmt = self._select().where(Team.course_id == course_id, Team.name == name)
        return self.session.scalars(stmt).first()


class TeamMemberRepository(ScopedRepository[TeamMember]):
    """Who is in which team."""

    model = TeamMember

    def team_of_students(self, course_id: int, student_ids: Iterable[int]) -> dict[int, int]:
        """For each given student in a team of this course: student id -> team id."""
        wanted = set(student_ids)
        if not wanted:
            return {}
        stmt = self._select(TeamMember.student_id, TeamMember.team_id).where(
            TeamMember.course_id == course_id, TeamMember.student_id.in_(wanted)
        )
        return {row[0]: row[1] for row in self.session.execute(stmt)}

    def members(self, team_ids: Iterable[int]) -> dict[int, list[User]]:
        """The members of each team (by name), as users."""
        wanted = set(team_ids)
        result: dict[int, list[User]] = {t: [] for t in wanted}
        if not wanted:
            return result
        stmt = (
            self._select(TeamMember.team_id, User)
            .join(User, User.id == TeamMember.student_id)
            .where(TeamMember.team_id.in_(wanted))
            .order_by(User.name, User.id)
        )
        for team_id, user in self.session.execute(stmt):
            result[team_id].append(user)
        return result

    def member_ids(self, team_id: int) -> list[int]:
        """The student ids of one team."""
        stmt = self._select(TeamMember.student_id).where(TeamMember.team_id == team_id)
        return list(self.session.scalars(stmt))

    def remove(self, team_id: int, student_ids: Iterable[int]) -> None:
        """Take these students out of the team (they stay enrolled in the course)."""
        wanted = set(student_ids)
        if not wanted:
            return
        stmt = self._select().where(
            TeamMember.team_id == team_id, TeamMember.student_id.in_(wanted)
        )
        for row in self.session.scalars(stmt):
            self.session.delete(row)


class EnrolmentRepository(ScopedRepository[Enrolment]):
    """Who takes which course."""

    model = Enrolment

    def enrolled_ids(self, course_id: int, student_ids: Iterable[int] | None = None) -> set[int]:
        """The enrolled students of a course (limited to `student_ids` when given)."""
        stmt = self._select(Enrolment.student_id).where(Enrolment.course_id == course_id)
        if student_ids is not None:
            stmt = stmt.where(Enrolment.student_id.in_(set(student_ids)))
        return set(self.session.scalars(stmt))

    def participants(self, course_id: int, student_ids: Iterable[int]) -> set[int]:
        """Those of `student_ids` who are students on the course (in a team or on the roster)."""
        wanted = set(student_ids)
        if not wanted:
            return set()
        enrolled = self._select(Enrolment.student_id).where(
            Enrolment.course_id == course_id, Enrolment.student_id.in_(wanted)
        )
        in_team = (
            TeamMemberRepository(self.session, self.school_id)
            ._select(TeamMember.student_id)
            .where(TeamMember.course_id == course_id, TeamMember.student_id.in_(wanted))
        )
        found = set(self.session.scalars(enrolled.union(in_team)))
        students = UserRepository(self.session, self.school_id).students_among(found)
        return students

    def taught_by(self, student_id: int, teacher_id: int) -> bool:
        """Whether the student is enrolled in a course that `teacher_id` teaches."""
        courses = CourseRepository(self.session, self.school_id)
        stmt = (
            self._select(Enrolment.id)
            .where(
                Enrolment.student_id == student_id,
                courses.in_taught(Enrolment.course_id, teacher_id),
            )
            .limit(1)
        )
        return self.session.scalars(stmt).first() is not None

    def unenrol(self, course_id: int, student_id: int) -> None:
        """Take the student off the course's roster."""
        stmt = self._select().where(
            Enrolment.course_id == course_id, Enrolment.student_id == student_id
        )
        for row in self.session.scalars(stmt):
            self.session.delete(row)

    def roster(self, course_id: int) -> Sequence[User]:
        """The enrolled students of a course, by name."""
        stmt = (
            self._select(User)
            .select_from(Enrolment)
            .join(User, User.id == Enrolment.student_id)
            .where(Enrolment.course_id == course_id)
            .order_by(User.name, User.id)
        )
        return self.session.scalars(stmt).all()

    def enrol(self, course_id: int, student_ids: Iterable[int]) -> list[int]:
        """Enrol the students not yet enrolled; returns the ids newly enrolled."""
        wanted = list(dict.fromkeys(student_ids))
        already = self.enrolled_ids(course_id, wanted)
        added = [s for s in wanted if s not in already]
        for student_id in added:
            self.add(Enrolment(course_id=course_id, student_id=student_id))
        return added
