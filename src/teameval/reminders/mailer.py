"""Sending e-mail over SMTP: one connection per batch, a refused address does not stop the rest."""

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from teameval.config import Settings

log = logging.getLogger("teameval.reminders.mailer")


class MailerUnavailable(Exception):
    """The SMTP server could not be reached or refused the session: nothing was sent."""


@dataclass(frozen=True)
class OutgoingMail:
    """One plain-text e-mail to one person."""

    to: str
    subject: str
    body: str


@dataclass
class MailReport:
    """Which addresses the server accepted and which it refused."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _one_line(text: str) -> str:
    """Header text without line breaks (a title must not inject headers)."""
    return " ".join(text.split())


class SmtpMailer:
    """An SMTP client configured by the `smtp_*` settings."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("smtp_host is not set")
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.sender = settings.smtp_from
        self.starttls = settings.smtp_starttls
        self.username = settings.smtp_username
        self.password = settings.smtp_password.get_secret_value()
        self.timeout = settings.smtp_timeout_s

    def message(self, mail: OutgoingMail) -> EmailMessage:
        """The full e-mail: UTF-8 text, marked as automatic so out-of-office replies stay away."""
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = mail.to
        msg["Subject"] = _one_line(mail.subject)
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834
        msg.set_content(mail.body)
        return msg

    def send_all(self, mails: list[OutgoingMail]) -> MailReport:
        """Send every mail over one connection; raises MailerUnavailable when none could go."""
        report = MailReport()
        if not mails:
            return report
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                for mail in mails:
                    try:
                        smtp.send_message(self.message(mail))
                        report.sent.append(mail.to)
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                        log.warning("mail to %s refused: %s", mail.to, exc)
                        report.failed.append(mail.to)
        except (OSError, smtplib.SMTPException) as exc:
            if not report.sent:
                raise MailerUnavailable(str(exc)) from exc
            # The connection broke half-way: what was not sent yet counts as failed.
            log.warning("SMTP connection lost after %d mails: %s", len(report.sent), exc)
            done = set(report.sent) | set(report.failed)
            report.failed.extend(m.to for m in mails if m.to not in done)
        return report
