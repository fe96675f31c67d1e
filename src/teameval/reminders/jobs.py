"""The automatic reminder, run periodically by the worker's scheduler (or `teameval remind`).

`send_due_reminders(settings)` is idempotent and cheap when nothing is due: call it as often as you
like (every minute is plenty), from any number of processes; each evaluation's automatic
reminder is claimed in the database and goes out once.
"""

import logging
import threading
from datetime import datetime, timedelta

from teameval.config import Settings
from teameval.db import session_factory
from teameval.models import utcnow
from teameval.reminders.mailer import MailerUnavailable
from teameval.reminders.repository import ReminderRepository
from teameval.reminders.service import deliver
from teameval.schools.repository import SchoolRepository

log = logging.getLogger("teameval.reminders.jobs")

INTERVAL_S = 60.0


def send_due_reminders(settings: Settings, now: datetime | None = None) -> list[int]:
    """Send the automatic reminder of every evaluation whose deadline is near; their ids."""
    if not settings.reminder_auto_enabled or not settings.smtp_host:
        return []
    now = now or utcnow()
    lead = timedelta(hours=settings.reminder_before_deadline_h)
    sent: list[int] = []
    with session_factory()() as session:
        for evaluation in ReminderRepository.due_across_schools(session, now, lead):
            language = SchoolRepository(session, evaluation.school_id).language()
            try:
                row = deliver(session, settings, evaluation, "auto", language)
            except MailerUnavailable as exc:
                # Nothing went out and the claim was given up: the next run tries again.
                log.warning("automatic reminders postponed, SMTP unavailable: %s", exc)
                break
            if row is not None:
                sent.append(evaluation.id)
                log.info("automatic reminder for evaluation %s: %s", evaluation.id, row.status)
    return sent


def remind_forever(
    settings: Settings, stop: threading.Event, interval_s: float = INTERVAL_S
) -> None:
    """Run `send_due_reminders` every `interval_s` until `stop` is set; errors are logged."""
    while not stop.is_set():
        try:
            send_due_reminders(settings)
        except Exception:  # the database may be restarting: try again next round
            log.warning("reminder pass failed; retrying in %.0f s", interval_s, exc_info=True)
        stop.wait(interval_s)


def start_reminder_thread(
    settings: Settings, interval_s: float = INTERVAL_S
) -> tuple[threading.Thread, threading.Event]:
    """Run `remind_forever` in a daemon thread (the worker's scheduler); set the event to stop."""
    stop = threading.Event()
    thread = threading.Thread(
        target=remind_forever, args=(settings, stop, interval_s), name="reminders", daemon=True
    )
    thread.start()
    return thread, stop
