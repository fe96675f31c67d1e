"""The scheduler's deadline pass: evaluations set to close at their deadline close themselves.

Runs in the scheduler process beside the worker pool (`teameval reconcile --loop`, which the
worker pool and `teameval run` start), as a thread next to the automatic reminders; a single
`teameval reconcile` runs one pass too. The rule is `service.close_due_evaluations`; closing
goes through `EvaluationService.close_evaluation`, so the summaries are queued as when a
teacher closes. Any number of processes may run it: each evaluation is closed once.
"""

import logging
import threading

from teameval.db import session_factory
from teameval.evaluations.service import close_due_evaluations

log = logging.getLogger("teameval.evaluations.deadlines")

# An evaluation closes at most this long after its deadline.
INTERVAL_S = 30.0


def close_due() -> list[int]:
    """One pass in a session of its own: the ids of the evaluations closed."""
    with session_factory()() as session:
        return close_due_evaluations(session)


def close_forever(stop: threading.Event, interval_s: float = INTERVAL_S) -> None:
    """Run `close_due` every `interval_s` until `stop` is set; errors are logged."""
    while not stop.is_set():
        try:
            close_due()
        except Exception:  # the database may be restarting: try again next round
            log.warning("deadline pass failed; retrying in %.0f s", interval_s, exc_info=True)
        stop.wait(interval_s)


def start_deadline_thread(
    interval_s: float = INTERVAL_S,
) -> tuple[threading.Thread, threading.Event]:
    """Run `close_forever` in a daemon thread of the scheduler; set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=close_forever, args=(stop, interval_s), name="deadlines", daemon=True
    )
    thread.start()
    return thread, stop
