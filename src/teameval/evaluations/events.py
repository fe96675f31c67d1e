"""What other packages do when an evaluation closes, without evaluations importing them.

Closing an evaluation queues the summaries of its students, but the summaries read the
evaluations (they sit above them), so the evaluations cannot import the summaries back. The
composition root (the app factory) registers the summaries' reaction here instead.

A hook runs inside the closing transaction: what it writes (the summary job rows) is committed
with the evaluation's new status or not at all, so no failure between two commits can leave an
evaluation closed without its jobs. What must wait for the commit (putting the jobs on Redis) it
returns as a callable, run after the commit.
"""

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal

log = logging.getLogger("teameval.evaluations.events")

AfterCommit = Callable[[], object]
ClosedHook = Callable[[Session, Principal, int], AfterCommit | None]
_on_closed: list[ClosedHook] = []


def on_closed(hook: ClosedHook) -> None:
    """Run `hook(session, principal, evaluation_id)` inside every close, before its commit."""
    # The app registers its hook with its settings bound (functools.partial), a new object per
    # create_app: the latest registration of a function replaces the earlier one, not adds to it.
    function = getattr(hook, "func", hook)
    _on_closed[:] = [h for h in _on_closed if getattr(h, "func", h) is not function]
    _on_closed.append(hook)


def closing(session: Session, principal: Principal, evaluation_id: int) -> list[AfterCommit]:
    """Let every hook write its part of the close (uncommitted); returns what to run after it.

    A hook that fails fails the close: the caller rolls everything back.
    """
    after = (hook(session, principal, evaluation_id) for hook in _on_closed)
    return [action for action in after if action is not None]


def committed(actions: list[AfterCommit], evaluation_id: int) -> None:
    """Run what the hooks left for after the commit; a failure is logged (the reconciler puts
    committed jobs on Redis anyway)."""
    for action in actions:
        try:
            action()
        except Exception:
            log.exception("after closing evaluation %s: %r failed", evaluation_id, action)
