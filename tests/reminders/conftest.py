"""A real SMTP server (aiosmtpd) on loopback, and settings pointing at it."""

from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.queue.processes import free_port
from tests.settings_env import use_settings


class Mailbox:
    """What the SMTP server received; addresses in `refuse` are rejected at RCPT."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to `address`."""
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 that keeps what it receives; the settings point at it."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    use_settings(
        monkeypatch,
        smtp_host="127.0.0.1",
        smtp_port=str(port),
        smtp_from="teameval@school.example",
        public_base_url="https://teameval.school.example",
    )
    try:
        yield box
    finally:
        controller.stop()
        monkeypatch.undo()
