"""Applying Alembic migrations from code (the `migrate` command, `run`, and the tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

# The source checkout's alembic.ini (teameval is installed from its checkout, editable).
_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str | None = None) -> Config:
    """The Alembic configuration of this checkout, optionally for another database."""
    config = Config(str(_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(_ROOT / "migrations"))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    """Bring the database up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    """Take the database down to `revision`."""
    command.downgrade(alembic_config(database_url), revision)
