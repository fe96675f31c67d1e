"""Checked sign-ins kept briefly in Redis, so a status poll needs no database to know who asks.

Only the cheap read paths use it (the job status poll and the live summary stream,
`auth.dependencies.cached_principal`); every other request checks its token against the
database as before. An entry holds the principal a token's sign-in session resolved to, under
the user's revision: signing out, a password change, (de)activation and every other revocation
go through `AuthRepository.revoke_sessions_of` or `AuthService.logout`, which bump it after
their commit (queue/after_commit.py), and so does a change of the user's language. An entry
read under an older revision is not used. Entries live at most `TTL_S` and never past their
sign-in session's expiry; that also bounds a change no bump reports (a school's language).
"""

import json
import logging
from dataclasses import asdict
from datetime import datetime

from redis import RedisError
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.models import utcnow
from teameval.queue.after_commit import bump_after_commit, revision
from teameval.queue.connection import get_redis

log = logging.getLogger("teameval.auth.sign_in_cache")

TTL_S = 60
_PREFIX = "teameval:signin"


def _entry_key(session_id: int) -> str:
    return f"{_PREFIX}:{session_id}"


def user_revision_key(user_id: int) -> str:
    """The revision of everything cached about a user's sign-ins."""
    return f"{_PREFIX}-rev:{user_id}"


def sign_ins_changed(session: Session, user_id: int) -> None:
    """After the commit: the user's cached sign-ins no longer count."""
    bump_after_commit(session, user_revision_key(user_id))


def lookup(user_id: int, session_id: int) -> tuple[Principal | None, int | None]:
    """The cached principal of this sign-in session (None: not cached, or no longer valid) and
    the user's revision to store a fresh entry under (None: Redis did not answer)."""
    try:
        raw, rev = get_redis().mget(_entry_key(session_id), user_revision_key(user_id))
    except RedisError:
        log.warning("sign-in cache unavailable; checking the token in the database")
        return None, None
    current = revision(rev)
    if not raw:
        return None, current
    entry = json.loads(raw)
    if (
        entry["rev"] != current
        or entry["principal"]["user_id"] != user_id
        or datetime.fromisoformat(entry["expires_at"]) <= utcnow()
    ):
        return None, current
    return Principal(**entry["principal"]), current


def store(principal: Principal, expires_at: datetime, rev: int) -> None:
    """Keep a principal just read from the database, under the revision read before it."""
    ttl = min(TTL_S, int((expires_at - utcnow()).total_seconds()))
    if ttl <= 0:
        return
    entry = {"principal": asdict(principal), "expires_at": expires_at.isoformat(), "rev": rev}
    try:
        get_redis().set(_entry_key(principal.session_id), json.dumps(entry), ex=ttl)
    except RedisError:
        log.warning("could not cache a sign-in", exc_info=True)
