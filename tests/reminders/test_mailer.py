"""The SMTP mailer against a real server on loopback."""

import pytest

from teameval.config import get_settings
from teameval.reminders.mailer import MailerUnavailable, OutgoingMail, SmtpMailer
from tests.reminders.conftest import Mailbox, free_port, use_settings


def test_sends_utf8_mail_marked_automatic(mailbox: Mailbox) -> None:
    report = SmtpMailer(get_settings()).send_all(
        [OutgoingMail("anna@s.example", "Herinnering: één\r\nBcc: x@evil.example", "Hoi Anna 👋")]
    )
    assert report.sent == ["anna@s.example"] and report.failed == []
    (message,) = mailbox.messages
    assert message["From"] == "teameval@school.example"
    assert message["Subject"] == "Herinnering: één Bcc: x@evil.example"  # no header injection
    assert message["Bcc"] is None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content().strip() == "Hoi Anna 👋"


def test_a_refused_address_does_not_stop_the_rest(mailbox: Mailbox) -> None:
    mailbox.refuse.add("gone@s.example")
    mails = [OutgoingMail(a, "s", "b") for a in ("a@s.example", "gone@s.example", "c@s.example")]
    report = SmtpMailer(get_settings()).send_all(mails)
    assert report.sent == ["a@s.example", "c@s.example"]
    assert report.failed == ["gone@s.example"]
    assert len(mailbox.messages) == 2


def test_unreachable_server_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    use_settings(monkeypatch, smtp_host="127.0.0.1", smtp_port=str(free_port()), smtp_timeout_s="2")
    try:
        with pytest.raises(MailerUnavailable):
            SmtpMailer(get_settings()).send_all([OutgoingMail("a@s.example", "s", "b")])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
