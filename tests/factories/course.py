"""Factories for courses, teams and enrolments."""

from collections.abc import Sequence
from itertools import count
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.demo.world import WorldBuilder
from teameval.models import Course, School, Team, User

_seq = count(1)


def make_course(session: Session, school: School, **overrides: Any) -> Course:
    """A course of `school`, committed; taught by the school's first teacher (if it has one
    yet) unless `teacher_id` is given: only a course's teachers act on it (docs/ACCESS.md)."""
    first_teacher = session.scalars(
        select(User.id)
        .where(User.school_id == school.id, User.role == "teacher")
        .order_by(User.id)
        .limit(1)
    ).first()
    values: dict[str, Any] = {"name": f"Course {next(_seq)}", "teacher_id": first_teacher}
    values |= overrides
    course = WorldBuilder(session, school.id).course(**values)
    session.commit()
    return course


def enrol(session: Session, course: Course, students: Sequence[User]) -> None:
    """Put students on the course roster, committed."""
    world = WorldBuilder(session, course.school_id)
    for student in students:
        world.enrol(course, student)
    session.commit()


def make_team(session: Session, course: Course, members: Sequence[User], **overrides: Any) -> Team:
    """A team of `course` with `members`, who are enrolled too; committed."""
    values: dict[str, Any] = {"name": f"Team {next(_seq)}"} | overrides
    team = WorldBuilder(session, course.school_id).team(course, members=members, **values)
    session.commit()
    return team
