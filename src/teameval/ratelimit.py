"""Per-user rate limits on work that costs LLM time or password hashing, kept in Redis.

A sliding-window log per (action, user): a Redis sorted set of the request times in the last
window, trimmed and checked atomically by one Lua script with Redis' own clock, so web
processes on several machines share one count and no clock skew between them matters. A
refused request is not counted (clicking again does not push the wait further out).

Limited: queueing, regenerating and batch-queueing summaries, the synchronous summary, and
signing in. Never limited: status polling and page views (they cost a database read).
When Redis does not answer, requests are let through: the queue needs Redis anyway, and a
rate limiter must not become the outage.
"""

import logging
from dataclasses import dataclass
from typing import Any

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.errors import TooManyRequests

log = logging.getLogger("teameval.ratelimit")


@dataclass(frozen=True)
class Limit:
    """At most `count` requests in any `window_s` seconds."""

    count: int
    window_s: float  # whole seconds in LIMITS; tests use a fraction, so they need not wait


@dataclass(frozen=True)
class ActionLimits:
    """The limit of an action for students, for staff, and for a plain key (no principal)."""

    student: Limit | None
    staff: Limit | None
    key: Limit | None = None


# Teachers act for a whole class (generate all, then re-run a few), students for themselves.
LIMITS: dict[str, ActionLimits] = {
    "queue": ActionLimits(student=Limit(10, 60), staff=Limit(120, 60)),
    "regenerate": ActionLimits(student=Limit(3, 600), staff=Limit(60, 600)),
    "batch": ActionLimits(student=None, staff=Limit(20, 600)),
    "sync_summary": ActionLimits(student=Limit(10, 60), staff=Limit(60, 60)),
    # Per e-mail address, every attempt (failures are also throttled in AuthService, in the
    # database): this bounds the argon2 work one account can cost.
    "login": ActionLimits(student=None, staff=None, key=Limit(20, 60)),
    # Per client address, generous: a whole school signs in from behind one NAT address.
    "login_client": ActionLimits(student=None, staff=None, key=Limit(600, 60)),
}

_SCRIPT = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local window_ms = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - window_ms)
if redis.call('ZCARD', KEYS[1]) < limit then
  local seq = redis.call('INCR', KEYS[1] .. ':seq')
  redis.call('PEXPIRE', KEYS[1] .. ':seq', window_ms)
  redis.call('ZADD', KEYS[1], now_ms, now_ms .. '-' .. seq)
  redis.call('PEXPIRE', KEYS[1], window_ms)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window_ms - now_ms)
"""
_script: Any = None


def _check(key: str, limit: Limit) -> int:
    """0 when the request may go ahead (and is counted), else milliseconds until it may."""
    global _script
    from teameval.queue.connection import get_redis

    if _script is None:
        _script = get_redis().register_script(_SCRIPT)
    return int(
        _script(keys=[key], args=[int(limit.window_s * 1000), limit.count], client=get_redis())
    )


def limit(settings: Settings, principal_or_key: Principal | str, action: str) -> None:
    """Count one `action` by this user (or key); TooManyRequests with Retry-After when over."""
    if not settings.rate_limits_enabled:
        return
    _count(principal_or_key, action)


def _count(principal_or_key: Principal | str, action: str) -> None:
    limits = LIMITS[action]
    if isinstance(principal_or_key, Principal):
        chosen = limits.staff if principal_or_key.is_staff else limits.student
        who = f"user:{principal_or_key.user_id}"
    else:
        chosen, who = limits.key, principal_or_key
    if chosen is None:
        return
    try:
        wait_ms = _check(f"teameval:ratelimit:{action}:{who}", chosen)
    except Exception:  # Redis down: let the request through (see the module docstring)
        log.warning("rate limit check failed; allowing the request", exc_info=True)
        return
    if wait_ms:
        from teameval.observability.metrics import RATE_LIMITED

        RATE_LIMITED.inc(action=action)
        raise TooManyRequests(retry_after=max(1, -(-wait_ms // 1000)))


def limit_login(settings: Settings, email: str, client: str | None) -> None:
    """The sign-in limits: per e-mail address and, generously, per client address."""
    if not settings.rate_limits_enabled:
        return
    _count(f"email:{email.strip().lower()}", "login")
    if client:
        _count(f"client:{client}", "login_client")
