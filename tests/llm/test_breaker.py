"""The LLM circuit breaker on a real Redis: counting, opening, one probe, closing."""

import time

from redis import Redis

from teameval.llm.breaker import (
    BreakerSettings,
    CircuitBreaker,
    Decision,
    read_state,
)
from teameval.llm.errors import (
    InvalidAnswer,
    LLMConfigError,
    LLMTimeout,
    LLMUnreachable,
    TransientLLMError,
)
from teameval.queue.connection import get_redis

FAST = BreakerSettings(failures=3, cooldown_s=0.3, config_cooldown_s=600, probe_ttl_s=60)


def _breaker(fingerprint: str = "ollama http://llm llama3.1:8b") -> CircuitBreaker:
    return CircuitBreaker(get_redis(), fingerprint, FAST)


def test_consecutive_timeouts_open_it_and_then_every_caller_skips() -> None:
    breaker = _breaker()
    assert breaker.decide() is Decision.CALL
    opened = [breaker.failed(LLMTimeout("timed out")) for _ in range(3)]
    assert opened == [False, False, True]  # the third opens it, and only that one says so
    assert breaker.decide() is Decision.SKIP
    assert _breaker().decide() is Decision.SKIP  # another process sees the same state
    state = read_state(get_redis())
    assert state.open and state.reason == "timeout" and state.failures == 3
    assert "timed out" in state.last_error


def test_an_answer_of_any_kind_resets_the_count() -> None:
    breaker = _breaker()
    for answered in (InvalidAnswer("length"), TransientLLMError("ollama answered 503: busy")):
        breaker.failed(LLMUnreachable("refused"))
        breaker.failed(LLMUnreachable("refused"))
        breaker.failed(answered)  # the server answered: alive
        assert breaker.decide() is Decision.CALL
    assert read_state(get_redis()).failures == 0


def test_after_the_cooldown_one_caller_probes_and_its_success_closes_it() -> None:
    breaker = _breaker()
    for _ in range(3):
        breaker.failed(LLMTimeout("timed out"))
    time.sleep(0.4)  # past the cooldown (Redis' clock)
    assert breaker.decide() is Decision.PROBE
    assert _breaker().decide() is Decision.SKIP  # one probe at a time
    breaker.succeeded()
    assert breaker.decide() is Decision.CALL and not read_state(get_redis()).open


def test_a_failed_probe_opens_it_for_another_cooldown() -> None:
    breaker = _breaker()
    for _ in range(3):
        breaker.failed(LLMTimeout("timed out"))
    time.sleep(0.4)
    assert breaker.decide() is Decision.PROBE
    assert breaker.failed(LLMTimeout("timed out")) is False  # still open: not a new opening
    assert breaker.decide() is Decision.SKIP


def test_a_refused_format_opens_it_at_once_for_the_long_cooldown() -> None:
    breaker = _breaker()
    assert breaker.failed(LLMConfigError("openai answered 500: response_format")) is True
    time.sleep(0.4)  # the short cooldown would be over; the configuration one is not
    assert breaker.decide() is Decision.SKIP
    assert read_state(get_redis()).reason == "config"


def test_other_settings_ignore_and_replace_the_old_state() -> None:
    for _ in range(3):
        _breaker("ollama http://old llama3.1:8b").failed(LLMTimeout("timed out"))
    fresh = _breaker("ollama http://new llama3.1:8b")
    assert fresh.decide() is Decision.CALL
    assert fresh.failed(LLMTimeout("timed out")) is False
    assert read_state(get_redis()).failures == 1


def test_without_redis_it_stays_out_of_the_way() -> None:
    nowhere = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    breaker = CircuitBreaker(nowhere, "ollama x y", FAST)
    assert breaker.failed(LLMTimeout("timed out")) is False
    assert breaker.decide() is Decision.CALL
