"""Importing a course's students and teams from one CSV file `email,name,class_name,team`.

The one roster import, for `POST /api/v1/courses/{id}/import` and the course page alike; the
students themselves are `users.student_import`'s (as `POST /api/v1/users/import` imports them).
A preview (`dry_run`) says per line what would happen and lists the errors per line. Applying
is all or nothing: a file with errors changes nothing, and a good file is applied in one
transaction. Importing the same file again changes nothing. The import only adds and updates:
students missing from the file stay on the course, and an empty `team` cell leaves a student's
team as it is. A student listed under another team of the course moves to that team.
"""

from typing import Literal

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.repository import (
    CourseRepository,
    EnrolmentRepository,
    TeamMemberRepository,
    TeamRepository,
)
from teameval.courses.staff import course_in_charge
from teameval.errors import Conflict
from teameval.i18n import count_phrase
from teameval.models import Team, TeamMember, User
from teameval.users.schemas import ImportLineError
from teameval.users.student_import import StudentImporter, StudentLine, StudentPlan, UserAction

TeamAction = Literal["none", "join", "move", "unchanged"]


class RosterLine(BaseModel):
    """What importing one good line does (or would do)."""

    line: int
    email: str
    name: str
    class_name: str | None
    team: str | None
    user: UserAction
    enrol: bool
    team_action: TeamAction


class RosterImportResult(BaseModel):
    """The preview, or what was applied."""

    course_id: int
    dry_run: bool
    applied: bool
    created: int
    updated: int
    enrolled: int
    teams_created: list[str]
    joined_team: int
    moved: int
    unchanged: int
    errors: list[ImportLineError]
    lines: list[RosterLine]
    encoding: str  # how the file was read: UTF-8, UTF-16, Windows-1252 or Mac Roman
    # What was done, in the importer's language ("12 leerlingen toegevoegd, 3 teams
    # aangemaakt"); None on a preview.
    message: str | None = None


class RosterImportService:
    """Students and teams of one course from a CSV file (staff of the course's school)."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.language = principal.language
        self.students = StudentImporter(session, principal)  # refuses anyone but staff
        school_id = principal.school_id
        self.courses = CourseRepository(session, school_id)
        self.teams = TeamRepository(session, school_id)
        self.members = TeamMemberRepository(session, school_id)
        self.enrolments = EnrolmentRepository(session, school_id)

    def import_roster(self, course_id: int, data: bytes, dry_run: bool) -> RosterImportResult:
        """Preview (`dry_run`) or apply the file; applying a file with errors is refused."""
        course = course_in_charge(self.session, self.principal, course_id)
        plan = self.students.plan(data, extra_columns=["team"])
        ids = [x.user.id for x in plan.lines if x.user is not None]
        enrolled = self.enrolments.enrolled_ids(course.id, ids)
        team_of = self.members.team_of_students(course.id, ids)
        team_names = sorted({x.cells["team"] for x in plan.lines if x.cells.get("team")})
        teams = {name: self.teams.by_name(course.id, name) for name in team_names}
        lines = [_plan(x, enrolled, team_of, teams) for x in plan.lines]
        result = RosterImportResult(
            course_id=course.id,
            dry_run=dry_run,
            applied=False,
            created=plan.count("create"),
            updated=plan.count("update"),
            enrolled=sum(1 for x in lines if x.enrol),
            teams_created=[name for name, team in teams.items() if team is None],
            joined_team=sum(1 for x in lines if x.team_action == "join"),
            moved=sum(1 for x in lines if x.team_action == "move"),
            unchanged=sum(
                1
                for x in lines
                if x.user == "unchanged" and not x.enrol and x.team_action in ("none", "unchanged")
            ),
            errors=plan.errors,
            lines=lines,
            encoding=plan.encoding,
        )
        if dry_run:
            return result
        self._apply(course.id, plan, lines, teams)
        return result.model_copy(update={"applied": True, "message": self._outcome(result)})

    def _outcome(self, result: RosterImportResult) -> str:
        """The sentence that says what applying the file did."""
        existing = [x for x in result.lines if x.user != "create"]
        parts = [
            ("roster_result_students_added", result.created),
            ("roster_result_students_updated", result.updated),
            ("roster_result_enrolled", sum(1 for x in existing if x.enrol)),
            ("roster_result_teams_created", len(result.teams_created)),
            (
                "roster_result_team_changes",
                sum(1 for x in existing if x.team_action in ("join", "move")),
            ),
        ]
        if not any(n for _, n in parts):
            parts = [("roster_result_unchanged", result.unchanged)]
        return count_phrase(parts, self.language)

    def _apply(
        self,
        course_id: int,
        plan: StudentPlan,
        lines: list[RosterLine],
        teams: dict[str, Team | None],
    ) -> None:
        """Write the planned changes in one transaction (a plan with errors is refused whole)."""
        users: dict[str, User] = self.students.apply(plan)
        created_teams = {
            name: self.teams.add(Team(course_id=course_id, name=name))
            for name, team in teams.items()
            if team is None
        }
        all_teams = {name: team for name, team in teams.items() if team is not None}
        all_teams.update(created_teams)
        self.session.flush()  # ids for the new teams
        self.enrolments.enrol(course_id, [users[x.email].id for x in lines if x.enrol])
        moving = [x for x in lines if x.team_action == "move"]
        for line in moving:
            student_id = users[line.email].id
            current = self.members.team_of_students(course_id, [student_id]).get(student_id)
            if current is not None:
                self.members.remove(current, [student_id])
        # The old memberships must be gone before the new ones: one team per course per student.
        self.session.flush()
        for line in lines:
            if line.team_action in ("join", "move") and line.team is not None:
                self.members.add(
                    TeamMember(
                        team_id=all_teams[line.team].id,
                        course_id=course_id,
                        student_id=users[line.email].id,
                    )
                )
        try:
            self.session.commit()
        except IntegrityError as exc:  # a concurrent import or team edit of the same students
            self.session.rollback()
            raise Conflict("roster_import_conflict") from exc


def _plan(
    student: StudentLine,
    enrolled: set[int],
    team_of: dict[int, int],
    teams: dict[str, Team | None],
) -> RosterLine:
    """What importing a good line changes on the course, decided before anything is written."""
    user = student.user
    team_name = student.cells.get("team") or None
    team_action: TeamAction = "none"
    if team_name is not None:
        team = teams.get(team_name)
        current = team_of.get(user.id) if user is not None else None
        if current is None:
            team_action = "join"
        elif team is not None and current == team.id:
            team_action = "unchanged"
        else:
            team_action = "move"
    return RosterLine(
        line=student.line,
        email=student.email,
        name=student.name,
        class_name=student.class_name,
        team=team_name,
        user=student.action,
        enrol=user is None or user.id not in enrolled,
        team_action=team_action,
    )
