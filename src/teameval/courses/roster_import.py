"""Importing a course's students and teams from one CSV file `email,name,class_name,team`.

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
from teameval.errors import Conflict, Forbidden, Invalid
from teameval.i18n import translate
from teameval.models import Team, TeamMember, User
from teameval.users.csv_import import CsvRow, decode_upload, parse_people_csv
from teameval.users.repository import UserRepository
from teameval.users.schemas import ImportLineError

UserAction = Literal["create", "update", "unchanged"]
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


class RosterImportService:
    """Students and teams of one course from a CSV file (staff of the course's school)."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        school_id = principal.school_id
        self.courses = CourseRepository(session, school_id)
        self.teams = TeamRepository(session, school_id)
        self.members = TeamMemberRepository(session, school_id)
        self.enrolments = EnrolmentRepository(session, school_id)
        self.users = UserRepository(session, school_id)

    def import_roster(self, course_id: int, data: bytes, dry_run: bool) -> RosterImportResult:
        """Preview (`dry_run`) or apply the file; applying a file with errors is refused."""
        if not self.principal.is_staff:
            raise Forbidden()
        course = self.courses.get_or_404(course_id)
        text = decode_upload(data)
        parsed = parse_people_csv(text, ["email", "name"], ["class_name", "team"])
        lang = self.principal.language
        errors = [(line, translate(code, lang, **params)) for line, code, params in parsed.errors]
        existing = self.users.by_emails(r.cells["email"] for r in parsed.rows)
        good: list[CsvRow] = []
        for row in parsed.rows:
            user = existing.get(row.cells["email"])
            if user is not None and user.role != "student":
                errors.append((row.line, translate("csv_not_student", lang, email=user.email)))
            else:
                good.append(row)
        ids = [u.id for u in existing.values()]
        enrolled = self.enrolments.enrolled_ids(course.id, ids)
        team_of = self.members.team_of_students(course.id, ids)
        team_names = sorted({r.cells["team"] for r in good if r.cells.get("team")})
        teams = {name: self.teams.by_name(course.id, name) for name in team_names}
        lines = [self._plan(row, existing, enrolled, team_of, teams) for row in good]
        result = RosterImportResult(
            course_id=course.id,
            dry_run=dry_run,
            applied=False,
            created=sum(1 for x in lines if x.user == "create"),
            updated=sum(1 for x in lines if x.user == "update"),
            enrolled=sum(1 for x in lines if x.enrol),
            teams_created=[name for name, team in teams.items() if team is None],
            joined_team=sum(1 for x in lines if x.team_action == "join"),
            moved=sum(1 for x in lines if x.team_action == "move"),
            unchanged=sum(
                1
                for x in lines
                if x.user == "unchanged" and not x.enrol and x.team_action in ("none", "unchanged")
            ),
            errors=[ImportLineError(line=n, message=m) for n, m in sorted(errors)],
            lines=lines,
        )
        if dry_run:
            return result
        if errors:
            raise Invalid("roster_import_has_errors", count=len({n for n, _ in errors}))
        self._apply(course.id, lines, existing, teams)
        return result.model_copy(update={"applied": True})

    def _plan(
        self,
        row: CsvRow,
        existing: dict[str, User],
        enrolled: set[int],
        team_of: dict[int, int],
        teams: dict[str, Team | None],
    ) -> RosterLine:
        """What importing `row` changes, decided before anything is written."""
        email, name = row.cells["email"], row.cells["name"]
        class_name = row.cells.get("class_name") or None
        team_name = row.cells.get("team") or None
        user = existing.get(email)
        action: UserAction = "create"
        if user is not None:
            changed = user.name != name or (
                class_name is not None and user.class_name != class_name
            )
            action = "update" if changed else "unchanged"
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
            line=row.line,
            email=email,
            name=name,
            class_name=class_name,
            team=team_name,
            user=action,
            enrol=user is None or user.id not in enrolled,
            team_action=team_action,
        )

    def _apply(
        self,
        course_id: int,
        lines: list[RosterLine],
        existing: dict[str, User],
        teams: dict[str, Team | None],
    ) -> None:
        """Write the planned changes in one transaction."""
        users = dict(existing)
        for line in lines:
            if line.user == "create":
                users[line.email] = self.users.add(
                    User(
                        email=line.email, name=line.name, role="student", class_name=line.class_name
                    )
                )
            elif line.user == "update":
                user = users[line.email]
                user.name = line.name
                user.class_name = line.class_name or user.class_name
        created_teams = {
            name: self.teams.add(Team(course_id=course_id, name=name))
            for name, team in teams.items()
            if team is None
        }
        all_teams = {name: team for name, team in teams.items() if team is not None}
        all_teams.update(created_teams)
        self.session.flush()  # ids for the new users and teams
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
