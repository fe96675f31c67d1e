"""Upgrading keeps every row: a migration that rebuilds a table must not cascade-delete.

SQLite rebuilds a table for some ALTERs (Alembic's batch mode: copy, drop, rename); with
foreign keys on, dropping the old `evaluation` table deleted every criterion, allocation, score,
summary and job of the school through ON DELETE CASCADE.
"""

from typing import Any

from sqlalchemy import MetaData, Table, func, select

from teameval.db import make_engine
from teameval.migrate import downgrade, upgrade
from teameval.models import utcnow
from tests.test_migrations import scratch_url  # noqa: F401 - the fixture

KEPT = ("evaluation", "criterion", "review_allocation", "review_score")


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            meta = MetaData()
            return {
                name: int(
                    conn.scalar(
                        select(func.count()).select_from(Table(name, meta, autoload_with=conn))
                    )
                    or 0
                )
                for name in KEPT
            }
    finally:
        engine.dispose()


def test_upgrading_from_0005_keeps_reviews(scratch_url: str) -> None:  # noqa: F811
    upgrade(scratch_url, "0005_evaluation_roster_names")
    engine = make_engine(scratch_url)
    try:
        with engine.begin() as conn:
            meta = MetaData()

            def add(table_name: str, **values: Any) -> int:
                table = Table(table_name, meta, autoload_with=conn)
                return int(conn.execute(table.insert().values(**values)).inserted_primary_key[0])

            now = utcnow()
            school = add("school", name="S", language="nl", created_at=now)
            teacher = add(
                "user_account",
                school_id=school,
                role="teacher",
                email="t@s",
                name="T",
                created_at=now,
                is_active=True,
            )
            student = add(
                "user_account",
                school_id=school,
                role="student",
                email="s@s",
                name="S",
                created_at=now,
                is_active=True,
            )
            course = add("course", school_id=school, name="C", teacher_id=teacher, created_at=now)
            team = add("team", school_id=school, course_id=course, name="T", created_at=now)
            evaluation = add(
                "evaluation",
                school_id=school,
                course_id=course,
                title="E",
                status="open",
                scale_min=1,
                scale_max=5,
                include_self=True,
                summary_release="auto",
                adjustment_method="catme",
                non_submitter_policy="flag",
                created_at=now,
            )
            criterion = add(
                "criterion",
                school_id=school,
                evaluation_id=evaluation,
                name="Inzet",
                description="",
                position=0,
            )
            allocation = add(
                "review_allocation",
                school_id=school,
                evaluation_id=evaluation,
                team_id=team,
                reviewer_id=student,
                reviewee_id=student,
                is_self=True,
                status="submitted",
            )
            add(
                "review_score",
                school_id=school,
                allocation_id=allocation,
                criterion_id=criterion,
                score=4,
                comment="Goed",
            )
    finally:
        engine.dispose()
    before = _counts(scratch_url)
    assert before == dict.fromkeys(KEPT, 1)
    upgrade(scratch_url)
    assert _counts(scratch_url) == before
    downgrade(scratch_url, "0005_evaluation_roster_names")
    assert _counts(scratch_url) == before
