"""Courses, their teams and their rosters: rules and transactions."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import STAFF_ROLES, Principal
from teameval.courses.repository import (
    CourseRepository,
    CourseTeacherRepository,
    EnrolmentRepository,
    TeamMemberRepository,
    TeamRepository,
)
from teameval.courses.schemas import (
    CourseCreate,
    CourseDetail,
    CourseRead,
    EnrolResult,
    TeamBase,
    TeamMoveResult,
    TeamRead,
)
from teameval.courses.staff import course_in_charge, teacher_scope
from teameval.errors import Conflict, Invalid, NotFound
from teameval.models import Course, CourseTeacher, Team, TeamMember
from teameval.users.accounts import add_user
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserCreate, UserRef


class CourseService:
    """Courses of the principal's school, managed by its staff."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.session = session
        self.principal = principal
        school_id = principal.school_id
        self.courses = CourseRepository(session, school_id)
        self.teams = TeamRepository(session, school_id)
        self.members = TeamMemberRepository(session, school_id)
        self.enrolments = EnrolmentRepository(session, school_id)
        self.users = UserRepository(session, school_id)
        self.co_teachers = CourseTeacherRepository(session, school_id)

    def _course(self, course_id: int) -> Course:
        """A course the principal runs (courses/staff.py), else 404."""
        return course_in_charge(self.session, self.principal, course_id)

    def create_course(self, data: CourseCreate) -> Course:
        """Create a course, run by `teacher_id` or else by the teacher creating it."""
        teacher_id = data.teacher_id
        if teacher_id is not None:
            teacher = self.users.get(teacher_id)
            if teacher is None or teacher.role not in STAFF_ROLES:
                raise Invalid("not_a_teacher", user_id=teacher_id)
        elif self.principal.role == "teacher":
            teacher_id = self.principal.user_id
        course = self.courses.add(Course(name=data.name, code=data.code, teacher_id=teacher_id))
        if self.principal.role == "teacher" and teacher_id != self.principal.user_id:
            # A teacher who makes a course for a colleague keeps acting on it, as a co-teacher.
            self.session.flush()
            self.co_teachers.add(
                CourseTeacher(course_id=course.id, teacher_id=self.principal.user_id)
            )
        self.session.commit()
        return course

    def list_courses(self, limit: int, offset: int) -> tuple[Sequence[Course], int]:
        """A page of the courses the principal runs: an admin's school's, a teacher's own."""
        stmt = self.courses.list_stmt(teacher_scope(self.principal))
        return self.courses.page(stmt, limit, offset)

    def get_course(self, course_id: int) -> CourseDetail:
        """A course with its teams and roster."""
        course = self._course(course_id)
        teams = self.teams.all_in_course(course_id)
        return CourseDetail(
            **CourseRead.model_validate(course).model_dump(),
            teams=self._team_reads(teams),
            students=[UserRef.model_validate(u) for u in self.enrolments.roster(course_id)],
            co_teachers=[UserRef.model_validate(u) for u in self.co_teachers.of_course(course_id)],
        )

    def list_teams(self, course_id: int, limit: int, offset: int) -> tuple[list[TeamRead], int]:
        """A page of a course's teams, with their members."""
        self._course(course_id)
        teams, total = self.teams.page(self.teams.list_stmt(course_id), limit, offset)
        return self._team_reads(teams), total

    def create_team(self, course_id: int, data: TeamBase) -> TeamRead:
        """Form a team; its members are enrolled in the course."""
        self._course(course_id)
        name = data.name
        member_ids = list(dict.fromkeys(data.member_ids))
        if self.teams.by_name(course_id, name) is not None:
            raise Conflict("team_name_taken", name=name)
        self._check_members(course_id, member_ids, team_id=None)
        team = self.teams.add(Team(course_id=course_id, name=name))
        self.session.flush()
        self._add_members(course_id, team.id, member_ids)
        self._commit(name)
        return self._team_reads([team])[0]

    def update_team(self, course_id: int, team_id: int, data: TeamBase) -> TeamRead:
        """Rename a team and set its complete member list.

        Members taken out stay enrolled in the course. Allocations of evaluations already
        opened do not change: a team change applies to evaluations opened afterwards.
        """
        self._course(course_id)
        team = self.teams.in_course(course_id, team_id)
        if team is None:  # unknown, another school's, or another course's team
            raise NotFound()
        name = data.name
        other = self.teams.by_name(course_id, name)
        if other is not None and other.id != team.id:
            raise Conflict("team_name_taken", name=name)
        member_ids = list(dict.fromkeys(data.member_ids))
        self._check_members(course_id, member_ids, team_id=team.id)
        current = set(self.members.member_ids(team.id))
        self.members.remove(team.id, current - set(member_ids))
        self._add_members(course_id, team.id, [m for m in member_ids if m not in current])
        team.name = name
        self._commit(name)
        return self._team_reads([team])[0]

    def move_student(self, course_id: int, student_id: int, team_id: int | None) -> TeamMoveResult:
        """Put a student of the course in another team, or in none (`team_id` None).

        Evaluations already open or closed keep their reviews as allocated at opening; the new
        team counts for evaluations opened afterwards (evaluations/team_changes.py).
        """
        self._course(course_id)
        if student_id not in self.enrolments.participants(course_id, [student_id]):
            raise Invalid("student_not_on_course", user_id=student_id)
        target = None
        if team_id is not None:
            target = self.teams.in_course(course_id, team_id)
            if target is None:
                raise Invalid("unknown_team", team_id=team_id)
        current = self.members.team_of_students(course_id, [student_id]).get(student_id)
        if current != team_id:
            if current is not None:
                self.members.remove(current, [student_id])
                self.session.flush()
            if target is not None:
                self._add_members(course_id, target.id, [student_id])
            self._commit(target.name if target is not None else None)
        return TeamMoveResult(student_id=student_id, previous_team_id=current, team_id=team_id)

    def enrol_students(self, course_id: int, student_ids: list[int]) -> EnrolResult:
        """Put students on the course roster without a team; enrolling twice changes nothing."""
        self._course(course_id)
        wanted = list(dict.fromkeys(student_ids))
        self._check_students(wanted)
        added = self.enrolments.enrol(course_id, wanted)
        self._commit(None)
        roster = self.enrolments.roster(course_id)
        return EnrolResult(added=added, students=[UserRef.model_validate(u) for u in roster])

    def add_student(self, course_id: int, data: UserCreate) -> EnrolResult:
        """Enrol a student by e-mail: an existing student of the school, else a new one.

        One transaction: a refused enrolment creates nobody.
        """
        self._course(course_id)  # 404 before creating anybody for a course not ours
        student = self.users.by_email(data.email)
        if student is None:
            student = add_user(self.users, data.model_copy(update={"role": "student"}))
            try:
                self.session.flush()  # the new student's id
            except IntegrityError as exc:  # created at the same moment elsewhere
                self.session.rollback()
                raise Conflict("email_taken", email=data.email) from exc
        elif student.role != "student":
            raise Invalid("csv_not_student", email=data.email)
        added = self.enrolments.enrol(course_id, [student.id])
        self._commit(None)
        roster = self.enrolments.roster(course_id)
        return EnrolResult(added=added, students=[UserRef.model_validate(u) for u in roster])

    def _check_students(self, ids: list[int]) -> None:
        """Every id names a student of this school; the first that does not is reported."""
        found = self.users.by_ids(ids)
        for user_id in ids:
            user = found.get(user_id)
            if user is None or user.role != "student":
                raise Invalid("not_a_student", user_id=user_id)

    def _check_members(self, course_id: int, ids: list[int], team_id: int | None) -> None:
        """Members are students of this school and in no other team of this course."""
        self._check_students(ids)
        teams = self.members.team_of_students(course_id, ids)
        for user_id in ids:
            if user_id in teams and teams[user_id] != team_id:
                raise Invalid("student_in_other_team", user_id=user_id)

    def _add_members(self, course_id: int, team_id: int, student_ids: list[int]) -> None:
        for student_id in student_ids:
            self.members.add(
                TeamMember(course_id=course_id, team_id=team_id, student_id=student_id)
            )
        self.enrolments.enrol(course_id, student_ids)

    def _commit(self, team_name: str | None) -> None:
        """Commit; a concurrent change that broke a uniqueness rule becomes a 409."""
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            if team_name is not None:
                raise Conflict("team_changed_concurrently", name=team_name) from exc
            raise Conflict("enrolment_changed_concurrently") from exc

    def _team_reads(self, teams: Sequence[Team]) -> list[TeamRead]:
        members = self.members.members(t.id for t in teams)
        return [
            TeamRead(
                id=t.id,
                course_id=t.course_id,
                name=t.name,
                members=[UserRef.model_validate(u) for u in members[t.id]],
            )
            for t in teams
        ]
