"""Factories for courses, teams and enrolments."""

from collections.abc import Sequence
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from teameval.models import Course, Enrolment, School, Team, TeamMember, User

_seq = count(1)


def make_course(session: Session, school: School, **overrides: Any) -> Course:
    """A course of `school`, committed."""
    values: dict[str, Any] = {"school_id": school.id, "name": f"Course {next(_seq)}"} | overrides
    course = Course(**values)
    session.add(course)
    session.commit()
    return course


def enrol(session: Session, course: Course, students: Sequence[User]) -> None:
    """Put students on the course roster, committed."""
    for student in students:
        session.add(
            Enrolment(school_id=course.school_id, course_id=course.id, student_id=student.id)
        )
    session.commit()


def make_team(session: Session, course: Course, members: Sequence[User], **overrides: Any) -> Team:
    """A team of `course` with `members`, who are enrolled too; committed."""
    values: dict[str, Any] = {
        "school_id": course.school_id,
        "course_id": course.id,
        "name": f"Team {next(_seq)}",
    } | overrides
    team = Team(**values)
    session.add(team)
    session.flush()
    for member in members:
        session.add(
            TeamMember(
                school_id=course.school_id,
                team_id=team.id,
                course_id=course.id,
                student_id=member.id,
            )
        )
    session.commit()
    enrol(session, course, members)
    return team
