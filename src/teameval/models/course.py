"""Courses, who is enrolled in them, and their project teams."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped
from teameval.validation import LABEL_MAX, NAME_MAX, TEAM_NAME_MAX


class Course(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A course (class, subject, project) that a teacher runs evaluations in."""

    __tablename__ = "course"

    name: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    code: Mapped[str | None] = mapped_column(String(LABEL_MAX))
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )


class CourseTeacher(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A co-teacher of a course: acts on it as its teacher does (docs/ACCESS.md, "Course staff")."""

    __tablename__ = "course_teacher"
    __table_args__ = (UniqueConstraint("course_id", "teacher_id"),)

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True, nullable=False
    )
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Enrolment(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A student taking a course: their name is on the course roster."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("course_id", "student_id"),)

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True, nullable=False
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Team(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A project team within a course."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("course_id", "name"),)

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True, nullable=False
    )
    name: Mapped[str] = mapped_column(String(TEAM_NAME_MAX), nullable=False)


class TeamMember(IdMixin, SchoolScoped, Base):
    """A student in a team; a student is in at most one team per course."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("course_id", "student_id"),)

    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), index=True, nullable=False
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True, nullable=False
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
