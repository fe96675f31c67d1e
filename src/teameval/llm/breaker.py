"""A circuit breaker on the LLM, shared by every worker process (and web process) through Redis.

Without it, an LLM that accepts connections and never answers held every worker for three read
timeouts per job: a class of 60 on three workers took about two hours to end in fallback
summaries, "processing" all along. With it:

- **closed** (the normal state): calls go through; `llm_breaker_failures` timeouts or refused
  connections in a row, from any process, open it. An answer of any kind (even an unusable one
  or a 5xx) shows that the server is alive and resets the count.
- **open**: no call goes out; the job stores the fallback summary at once, marked so a later
  request regenerates it (`GeneratedSummary.retry_later`). After `llm_breaker_cooldown_s` one
  process (a Redis lock) lets its call through as the **probe**; everyone else keeps falling
  back meanwhile. The probe's success closes the breaker, its failure opens it for another
  cooldown.
- A refused response format (`LLMConfigError`) opens it at once with the reason `config` and a
  long cooldown: every job would fail the same way until an operator changes a setting. It is
  logged once, counted, and shown on the queue page.

The state is one Redis hash keyed by nothing but the LLM's settings (`fingerprint`): a worker
started with other settings ignores (and replaces) the state left by the old ones. Times come
from Redis' clock, never a process's. Redis trouble never blocks the LLM: the breaker then
stays out of the way (closed).
"""

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from redis import Redis

from teameval.llm.errors import LLMConfigError, LLMTimeout, LLMUnreachable

log = logging.getLogger("teameval.llm.breaker")

KEY = "teameval:llm:breaker"
PROBE_KEY = "teameval:llm:breaker:probe"

# Count one failure; open on the threshold (or at once for a configuration error). Returns 1
# when this failure opened a closed breaker (to log and count it once), else 0.
_FAIL = """
local fp = redis.call('HGET', KEYS[1], 'fingerprint')
if fp ~= ARGV[6] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[6])
end
local n = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'last_error', ARGV[5])
if ARGV[4] == 'config' or n >= tonumber(ARGV[2]) then
  local was = redis.call('HGET', KEYS[1], 'state')
  redis.call('HSET', KEYS[1], 'state', 'open', 'reason', ARGV[4],
             'retry_at', tonumber(ARGV[1]) + tonumber(ARGV[3]))
  redis.call('DEL', KEYS[2])
  if was ~= 'open' then
    redis.call('HSET', KEYS[1], 'opened_at', ARGV[1])
    return 1
  end
end
return 0
"""


class Decision(StrEnum):
    """What a caller may do now."""

    CALL = "call"  # closed: ask the LLM
    PROBE = "probe"  # open, cooldown over, and this caller won the probe: ask the LLM
    SKIP = "skip"  # open: do not ask; fall back at once


class Reason(StrEnum):
    """Why the breaker opened."""

    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    CONFIG = "config"


@dataclass(frozen=True)
class BreakerState:
    """The breaker as the queue page and /metrics show it."""

    open: bool = False
    reason: str | None = None
    failures: int = 0
    opened_at: float | None = None  # Unix time (Redis' clock)
    retry_at: float | None = None
    last_error: str = ""


@dataclass(frozen=True)
class BreakerSettings:
    """The breaker's thresholds (from Settings, handed in by the caller)."""

    failures: int = 3
    cooldown_s: float = 60.0
    config_cooldown_s: float = 600.0
    probe_ttl_s: float = 300.0  # a probe whose process died frees the lock after this


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _float(raw: dict[str, str], name: str) -> float | None:
    try:
        return float(raw[name]) if name in raw else None
    except ValueError:
        return None


def reason_of(exc: BaseException) -> Reason | None:
    """The failures the breaker counts: timeouts, refused connections, a refused format."""
    if isinstance(exc, LLMConfigError):
        return Reason.CONFIG
    if isinstance(exc, LLMTimeout):
        return Reason.TIMEOUT
    if isinstance(exc, LLMUnreachable):
        return Reason.UNREACHABLE
    return None


class CircuitBreaker:
    """The shared breaker of one LLM configuration (`fingerprint`)."""

    def __init__(self, redis: Redis, fingerprint: str, settings: BreakerSettings) -> None:
        self.redis = redis
        self.fingerprint = fingerprint
        self.settings = settings

    def _now(self) -> float:
        seconds, micros = self.redis.time()
        return float(seconds) + micros / 1_000_000

    def _raw(self) -> dict[str, str]:
        raw = self.redis.hgetall(KEY)
        return {_text(k): _text(v) for k, v in raw.items()}

    def decide(self) -> Decision:
        """Whether to ask the LLM now (see the module docstring)."""
        try:
            raw = self._raw()
            if raw.get("fingerprint") != self.fingerprint or raw.get("state") != "open":
                return Decision.CALL
            if self._now() < (_float(raw, "retry_at") or 0.0):
                return Decision.SKIP
            won = self.redis.set(PROBE_KEY, "1", nx=True, ex=max(1, int(self.settings.probe_ttl_s)))
            return Decision.PROBE if won else Decision.SKIP
        except Exception:
            log.warning("the LLM circuit breaker could not read Redis", exc_info=True)
            return Decision.CALL

    def succeeded(self) -> None:
        """The LLM answered: close the breaker (a no-op when it is closed and clean)."""
        try:
            raw = self._raw()
            if not raw or raw.get("fingerprint") != self.fingerprint:
                return
            self.redis.delete(KEY, PROBE_KEY)
            if raw.get("state") == "open":
                log.warning("the LLM answers again: AI summaries resume")
        except Exception:
            log.warning("the LLM circuit breaker could not write Redis", exc_info=True)

    def failed(self, exc: BaseException) -> bool:
        """Count a failed call; True when this failure opened the breaker."""
        reason = reason_of(exc)
        if reason is None:  # the server answered: it is alive, whatever it said
            self.succeeded()
            return False
        cooldown = (
            self.settings.config_cooldown_s if reason is Reason.CONFIG else self.settings.cooldown_s
        )
        try:
            opened = self.redis.eval(
                _FAIL,
                2,
                KEY,
                PROBE_KEY,
                str(self._now()),
                str(self.settings.failures),
                str(cooldown),
                reason.value,
                str(exc)[:300],
                self.fingerprint,
            )
        except Exception:
            log.warning("the LLM circuit breaker could not write Redis", exc_info=True)
            return False
        if opened:
            level = logging.ERROR if reason is Reason.CONFIG else logging.WARNING
            log.log(
                level,
                "LLM circuit breaker open (%s): summaries fall back without the LLM for %.0f s, "
                "then one call probes it. Last error: %s",
                reason.value,
                cooldown,
                exc,
            )
        return bool(opened)


def read_state(redis: Redis) -> BreakerState:
    """The breaker's state as stored (whatever configuration wrote it)."""
    raw = {_text(k): _text(v) for k, v in redis.hgetall(KEY).items()}
    return BreakerState(
        open=raw.get("state") == "open",
        reason=raw.get("reason"),
        failures=int(raw.get("failures") or 0),
        opened_at=_float(raw, "opened_at"),
        retry_at=_float(raw, "retry_at"),
        last_error=raw.get("last_error", ""),
    )
