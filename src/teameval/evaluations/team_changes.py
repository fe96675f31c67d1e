"""Changing teams while evaluations run: what it does to reviews, decided once.

- Moving a student to another team (`CourseService.move_student`) changes no evaluation that is
  already open or closed: its reviews were allocated when it opened, and everything written
  stays where it is (submitted reviews count, drafts can still be finished). The new team
  counts for evaluations opened afterwards. The page says so before the teacher moves anyone.
- A team can be deleted only when it is empty and no evaluation allocated reviews in it:
  deleting it would delete those reviews with it, so that is refused, never done silently.
- A student who joined a team after an evaluation opened takes no part in it until the teacher
  includes them (`include_late_members`): they then review their teammates and are reviewed
  by them; the reviews already written stay as they are.
- A student is removed from a course (`remove_student`: off the roster and out of their team)
  only while no open evaluation of the course counts them as reviewer or reviewee; otherwise
  that is refused (422) and the teacher closes the evaluation first. Reviews of closed
  evaluations, written and received, their results and summaries stay as they are.
"""

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.courses.repository import (
    EnrolmentRepository,
    TeamMemberRepository,
    TeamRepository,
)
from teameval.courses.staff import course_in_charge
from teameval.errors import Invalid, NotFound
from teameval.evaluations.enums import EvaluationStatus
from teameval.evaluations.repository import AllocationRepository
from teameval.evaluations.schemas import LateMembers, LateMembersAdded
from teameval.evaluations.service import evaluation_in_charge
from teameval.models import Evaluation, User
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserRef


class TeamChangeService:
    """Team changes that touch evaluations: deleting a team, including late team members."""

    def __init__(self, session: Session, principal: Principal) -> None:
        principal.require_staff()
        self.session = session
        self.principal = principal
        school_id = principal.school_id
        self.teams = TeamRepository(session, school_id)
        self.members = TeamMemberRepository(session, school_id)
        self.allocations = AllocationRepository(session, school_id)
        self.enrolments = EnrolmentRepository(session, school_id)
        self.users = UserRepository(session, school_id)

    def delete_team(self, course_id: int, team_id: int) -> None:
        """Delete an empty team in which no evaluation allocated reviews."""
        course_in_charge(self.session, self.principal, course_id)
        team = self.teams.in_course(course_id, team_id)
        if team is None:
            raise NotFound()
        if self.members.member_ids(team.id):
            raise Invalid("team_not_empty", name=team.name)
        if self.allocations.in_team(team.id):
            raise Invalid("team_has_reviews", name=team.name)
        self.teams.remove(team)
        self.session.commit()

    def remove_student(self, course_id: int, student_id: int) -> None:
        """Take a student off the course and out of their team, unless an open evaluation of
        the course counts them (then 422: close it first)."""
        course_in_charge(self.session, self.principal, course_id)
        if student_id not in self.enrolments.participants(course_id, [student_id]):
            raise NotFound()
        title = self.allocations.open_evaluation_of(course_id, student_id)
        if title is not None:
            student = self.users.get(student_id)
            name = student.name if student is not None else str(student_id)
            raise Invalid("student_in_open_evaluation", name=name, title=title)
        team_id = self.members.team_of_students(course_id, [student_id]).get(student_id)
        if team_id is not None:
            self.members.remove(team_id, [student_id])
        self.enrolments.unenrol(course_id, student_id)
        self.session.commit()

    def late_members(self, evaluation_id: int) -> LateMembers:
        """Team members who take no part in an open evaluation: added after it opened."""
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if evaluation.status != EvaluationStatus.OPEN:
            return LateMembers(students=[])
        _teams, late = self._late(evaluation)
        return LateMembers(students=[UserRef.model_validate(u) for u in late])

    def include_late_members(self, evaluation_id: int) -> LateMembersAdded:
        """Add the teams' new members to an open evaluation: they review their teammates and
        are reviewed by them. Reviews already written are kept as they are."""
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        if evaluation.status != EvaluationStatus.OPEN:
            raise Invalid("evaluation_not_open")
        teams, late = self._late(evaluation)
        late_ids = {u.id for u in late}
        with_late = {t: ids for t, ids in teams.items() if late_ids & set(ids)}
        made = self.allocations.allocate(
            evaluation.id,
            with_late,
            evaluation.include_self,
            existing=self.allocations.pairs(evaluation.id),
        )
        self.session.commit()
        return LateMembersAdded(
            added=[UserRef.model_validate(u) for u in late], reviews_allocated=made
        )

    def _late(self, evaluation: Evaluation) -> tuple[dict[int, list[int]], list[User]]:
        """The course's teams that take part (two or more members), and those of their
        members who have no reviews in the evaluation."""
        teams = self.teams.all_in_course(evaluation.course_id)
        members = self.members.members(t.id for t in teams)
        taking_part = self.allocations.participant_ids(evaluation.id)
        qualifying = {t: [u.id for u in users] for t, users in members.items() if len(users) >= 2}
        late = [
            u
            for t, users in members.items()
            if t in qualifying
            for u in users
            if u.id not in taking_part
        ]
        return qualifying, sorted(late, key=lambda u: (u.name, u.id))
