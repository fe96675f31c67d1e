"""Applying Alembic migrations from code (the `migrate` command, `run`, and the tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

# The migrations ship inside the package, so an installed wheel migrates as a checkout does.
SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    """The Alembic configuration of the packaged migrations, optionally for another database.

    Made in code, not read from alembic.ini: an installed package has no such file. (The
    checkout's alembic.ini serves developers' `alembic revision` and points here as well.)
    """
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    """Bring the database up to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    """Take the database down to `revision`."""
    command.downgrade(alembic_config(database_url), revision)
