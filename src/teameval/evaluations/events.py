"""What other packages do when an evaluation closes, without evaluations importing them.

Closing an evaluation queues the summaries of its students, but the summaries read the
evaluations (they sit above them), so the evaluations cannot import the summaries back. The
composition root (the app factory) registers the summaries' reaction here instead.
"""

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal

log = logging.getLogger("teameval.evaluations.events")

ClosedHook = Callable[[Session, Principal, int], object]
_on_closed: list[ClosedHook] = []


def on_closed(hook: ClosedHook) -> None:
    """Run `hook(session, principal, evaluation_id)` after every committed close (once each)."""
    # The app registers its hook with its settings bound (functools.partial), a new object per
    # create_app: the latest registration of a function replaces the earlier one, not adds to it.
    function = getattr(hook, "func", hook)
    _on_closed[:] = [h for h in _on_closed if getattr(h, "func", h) is not function]
    _on_closed.append(hook)


def closed(session: Session, principal: Principal, evaluation_id: int) -> None:
    """Tell every registered hook that the evaluation was closed (and committed).

    A failing hook leaves the evaluation closed all the same ("generate all" can redo its work).
    """
    for hook in _on_closed:
        try:
            hook(session, principal, evaluation_id)
        except Exception:
            session.rollback()
            log.exception("after closing evaluation %s: %r failed", evaluation_id, hook)
