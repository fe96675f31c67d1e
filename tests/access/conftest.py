"""Sign-in code tests: the settings in use, and the SMTP server for invitations."""

import pytest

from teameval.config import Settings, get_settings
from tests.reminders.conftest import Mailbox, mailbox  # noqa: F401 - the SMTP server fixture

__all__ = ["Mailbox"]


@pytest.fixture
def settings() -> Settings:
    """The settings of the test run."""
    return get_settings()
