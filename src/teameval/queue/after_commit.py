"""Redis writes that wait for the database's commit: revision counters and change messages.

A cache in Redis stays consistent with the rows when every write that changes what the cache
holds bumps a revision counter *after* its commit (summaries/status_cache.py, auth's cached
sign-ins): an entry carries the revision it was read under and counts only while that is still
the current one. Bumped before the commit, a reader could cache the old row under the new
revision. So a writer says what it changed (`bump_after_commit`), inside its transaction, and
the bumps run in one Redis pipeline once the session commits, or never when it rolls back.

A bump may also publish a message (the pages' live streams listen: summaries/live.py).
A failure (Redis away) is logged and swallowed: the commit stands, and the cache entries'
time-to-live bounds how long an entry missed by a lost bump can be served.
"""

import logging
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.orm import Session

from teameval.queue.connection import get_redis

log = logging.getLogger("teameval.queue.after_commit")

_PENDING = "teameval_after_commit"
# A revision counter outlives the entries it guards (they expire sooner), so an old entry can
# never meet a counter that started again from nothing.
REVISION_TTL_S = 7 * 24 * 3600


@dataclass
class _Pending:
    revisions: set[str] = field(default_factory=set)
    messages: dict[str, set[str]] = field(default_factory=dict)


def bump_after_commit(
    session: Session, revision_key: str, channel: str | None = None, message: str | None = None
) -> None:
    """After `session` commits: increment `revision_key` and publish `message` on `channel`."""
    pending: _Pending = session.info.setdefault(_PENDING, _Pending())
    pending.revisions.add(revision_key)
    if channel is not None and message is not None:
        pending.messages.setdefault(channel, set()).add(message)


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is None:
        return
    try:
        pipe = get_redis().pipeline(transaction=False)
        for key in sorted(pending.revisions):
            pipe.incr(key)
            pipe.expire(key, REVISION_TTL_S)
        for channel, messages in pending.messages.items():
            for message in sorted(messages):
                pipe.publish(channel, message)
        pipe.execute()
    except Exception:  # the commit stands; the entries' time-to-live bounds the damage
        log.warning(
            "could not bump %d revisions after a commit", len(pending.revisions), exc_info=True
        )


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def revision(value: bytes | str | None) -> int:
    """A revision counter as read from Redis (a missing counter is revision 0)."""
    return int(value) if value else 0
