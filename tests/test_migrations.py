"""Migrations: upgrade to head, downgrade to base, upgrade again, and the models match.

Runs on a scratch database of the configured test backend so the session's database is left
alone: a temporary SQLite file, or on PostgreSQL a database `<test db>_migrations` created on
the test server and dropped afterwards.
"""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from teameval.db import make_engine
from teameval.migrate import alembic_config, downgrade, upgrade
from teameval.models import Base


@pytest.fixture
def scratch_url() -> Iterator[str]:
    """The URL of an empty database on the same backend as the test database."""
    url = make_url(os.environ["TEAMEVAL_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="teameval-migrations-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'scratch.db'}"
        return
    name = f"{url.database}_migrations"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _schema_diffs(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_there_is_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"several migration heads, re-point one down_revision: {heads}"


def test_upgrade_downgrade_upgrade_and_models_match(scratch_url: str) -> None:
    model_tables = set(Base.metadata.tables)

    upgrade(scratch_url)
    assert model_tables <= _tables(scratch_url)
    assert _schema_diffs(scratch_url) == []

    downgrade(scratch_url)
    assert _tables(scratch_url) - {"alembic_version"} == set()

    upgrade(scratch_url)
    assert model_tables <= _tables(scratch_url)
    diffs = _schema_diffs(scratch_url)
    assert diffs == [], f"models and migrations differ: {diffs}"


def test_closed_evaluations_get_the_roster_they_have_when_it_is_frozen(scratch_url: str) -> None:
    """0005 freezes the roster of evaluations that closed before it (issue 15); open ones
    keep following the live roster."""
    from sqlalchemy import MetaData, Table

    from teameval.models import Course, Enrolment, School, User, utcnow

    upgrade(scratch_url, "0004_sign_in_code")
    engine = make_engine(scratch_url)
    try:
        with engine.begin() as conn:

            def add(table: Any, **values: object) -> int:
                return int(conn.execute(table.insert().values(**values)).inserted_primary_key[0])

            school = add(School.__table__, name="S", language="nl")
            teacher = add(
                User.__table__, school_id=school, role="teacher", email="t@s", name="Docent"
            )
            mila = add(
                User.__table__, school_id=school, role="student", email="m@s", name="Mila Laat"
            )
            course = add(Course.__table__, school_id=school, name="C", teacher_id=teacher)
            add(Enrolment.__table__, school_id=school, course_id=course, student_id=mila)
            # The evaluation table as it is at 0004 (the model has later columns).
            evaluation = Table("evaluation", MetaData(), autoload_with=conn)
            defaults = {
                "scale_min": 1,
                "scale_max": 5,
                "include_self": True,
                "summary_release": "auto",
                "adjustment_method": "catme",
                "non_submitter_policy": "flag",
                "created_at": utcnow(),
            }
            closed = add(
                evaluation,
                school_id=school,
                course_id=course,
                title="A",
                status="closed",
                **defaults,
            )
            still_open = add(
                evaluation,
                school_id=school,
                course_id=course,
                title="B",
                status="open",
                **defaults,
            )
        upgrade(scratch_url)
        with engine.connect() as conn:
            rosters = dict(conn.execute(text("SELECT id, roster_names FROM evaluation")).all())
    finally:
        engine.dispose()
    frozen = rosters[closed]
    assert (json.loads(frozen) if isinstance(frozen, str) else frozen) == ["Docent", "Mila Laat"]
    assert rosters[still_open] is None
