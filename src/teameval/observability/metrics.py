"""Prometheus metrics: what `/metrics` shows, and the counters the pipeline increments.

Three kinds, chosen for a system of several web processes and many workers on many machines:

1. **Request latency** (`teameval_http_request_duration_seconds`, per route template) lives in
   the memory of the web process that served the request: each web instance is scraped on its
   own (one uvicorn process per container or pod). For `teameval serve --workers N` on one
   machine, set `PROMETHEUS_MULTIPROC_DIR` to an empty directory and prometheus_client keeps
   the values in files that /metrics sums over the processes (docs/OPERATIONS.md).
2. **State read at scrape time** (jobs per status, queue depth, oldest queued job, workers,
   stored summaries and their LLM usage) comes from PostgreSQL and Redis by a custom
   collector, so every process answers the same, correct numbers. Alert on max(), not sum().
3. **Events from workers** (LLM calls, tokens, fallbacks, reconciler actions, finished jobs)
   happen in RQ's short-lived work-horse processes on any machine, whose memory dies with
   them; these counters are kept in one Redis hash (`HINCRBYFLOAT`, atomic) and read back at
   scrape time. Recording never raises: a metric must not fail a job.
"""

import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

log = logging.getLogger("teameval.observability.metrics")
# The `_created` series only double the output; nobody graphs them.
disable_created_metrics()  # type: ignore[no-untyped-call]

REGISTRY = CollectorRegistry()
SHARED_KEY = "teameval:metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LLM_BUCKETS = (0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 180.0)

HTTP_LATENCY = Histogram(
    "teameval_http_request_duration_seconds",
    "Time to answer an HTTP request, per route template (not per raw path).",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
# Refused before routing by the web process's admission control (teameval/admission.py): these
# 503s have no route, so the latency histogram counts them under route="unmatched".
HTTP_REFUSED = Counter(
    "teameval_http_requests_refused_total",
    "Requests answered 503 at once because the web process was at its capacity.",
    registry=REGISTRY,
)


@dataclass
class _Shared:
    """A metric whose values live in Redis, shared by every process on every machine."""

    name: str
    documentation: str
    labelnames: Sequence[str]
    buckets: Sequence[float] = field(default_factory=tuple)

    def _field(self, suffix: str, labels: dict[str, str]) -> str:
        return f"{self.name}{suffix}|{json.dumps(labels, sort_keys=True)}"

    def _labels(self, given: dict[str, object]) -> dict[str, str]:
        return {name: str(given.get(name, "")) for name in self.labelnames}


_SHARED: list[_Shared] = []


class SharedCounter(_Shared):
    """A monotonic counter in Redis."""

    def inc(self, amount: float = 1.0, **labels: object) -> None:
        """Add `amount`; a Redis failure is logged and ignored."""
        _write([(self._field("", self._labels(labels)), amount)])


class SharedHistogram(_Shared):
    """A histogram in Redis: per bucket the observations that fell in it, sum and count.

    An observation increments only its own bucket (`_in` fields); the cumulative `_bucket`
    series are summed when /metrics is read.
    """

    def observe(self, value: float, **labels: object) -> None:
        """Record one observation; a Redis failure is logged and ignored."""
        base = self._labels(labels)
        bound = next((b for b in self.buckets if value <= b), float("inf"))
        _write(
            [
                (self._field("_in", base | {"le": le_label(bound)}), 1.0),
                (self._field("_sum", base), value),
                (self._field("_count", base), 1.0),
            ]
        )


def le_label(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(float(bound))


S = TypeVar("S", bound=_Shared)


def _shared(metric: S) -> S:
    _SHARED.append(metric)
    return metric


# Increments held back by `batched_metrics` (per context: a thread of its own writes at once).
_pending: ContextVar[list[tuple[str, float]] | None] = ContextVar(
    "teameval_metrics_pending", default=None
)


@contextmanager
def batched_metrics() -> Iterator[None]:
    """Hold the shared-metric increments of a block and send them in one round trip at its end.

    A summary job records several (LLM call, duration, tokens, outcome); one pipeline instead of
    one per metric. The increments are sent whether the block ends normally or raises.
    """
    pending: list[tuple[str, float]] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        _send(pending)


def _write(increments: list[tuple[str, float]]) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.extend(increments)
        return
    _send(increments)


def _send(increments: list[tuple[str, float]]) -> None:
    if not increments:
        return
    totals: dict[str, float] = {}
    for key, amount in increments:
        totals[key] = totals.get(key, 0.0) + amount
    try:
        from teameval.queue.connection import get_redis

        with get_redis().pipeline(transaction=False) as pipe:
            for key, amount in totals.items():
                pipe.hincrbyfloat(SHARED_KEY, key, amount)
            pipe.execute()
    except Exception:  # metrics must never break the work they describe
        log.debug("could not record a metric", exc_info=True)


# The counters other modules increment (the pipeline, the reconciler, the LLM providers).
RECONCILER_ACTIONS = _shared(
    SharedCounter(
        "teameval_reconciler_actions",
        "Jobs the reconciler acted on, by action (requeued, lease_expired, failed, ...).",
        ["action"],
    )
)
JOBS_FINISHED = _shared(
    SharedCounter(
        "teameval_summary_jobs_finished", "Summary jobs that reached a final status.", ["status"]
    )
)
LLM_REQUESTS = _shared(
    SharedCounter(
        "teameval_llm_requests",
        "Calls to the LLM, by provider and outcome (ok, timeout, error, invalid).",
        ["provider", "outcome"],
    )
)
LLM_DURATION = _shared(
    SharedHistogram(
        "teameval_llm_request_duration_seconds",
        "Time one LLM call took, by provider.",
        ["provider"],
        LLM_BUCKETS,
    )
)
LLM_TOKENS = _shared(
    SharedCounter(
        "teameval_llm_tokens", "Tokens sent and received, by kind (prompt, completion).", ["kind"]
    )
)
SUMMARY_FALLBACKS = _shared(
    SharedCounter(
        "teameval_summary_fallbacks",
        "Summaries written without the LLM, by reason (unavailable, invalid_answer, ...).",
        ["reason"],
    )
)
RATE_LIMITED = _shared(
    SharedCounter("teameval_rate_limited", "Requests refused by a rate limit.", ["action"])
)


def record_llm_call(
    provider: str,
    outcome: str,
    duration_s: float,
    prompt_tokens: int | None = None,
    completion_tokens: int | None = None,
) -> None:
    """Count one LLM call: its outcome, how long it took and the tokens it used."""
    LLM_REQUESTS.inc(provider=provider, outcome=outcome)
    LLM_DURATION.observe(duration_s, provider=provider)
    if prompt_tokens:
        LLM_TOKENS.inc(prompt_tokens, kind="prompt")
    if completion_tokens:
        LLM_TOKENS.inc(completion_tokens, kind="completion")


def record_fallback(reason: str) -> None:
    """Count a summary written without the LLM."""
    SUMMARY_FALLBACKS.inc(reason=reason)


def record_reconciler_action(action: str, count: int = 1) -> None:
    """Count jobs the reconciler re-queued, failed or otherwise acted on."""
    if count:
        RECONCILER_ACTIONS.inc(count, action=action)


def record_job_finished(status: str) -> None:
    """Count a summary job reaching completed, failed or cancelled."""
    JOBS_FINISHED.inc(status=status)


Reader = Callable[[], list[Metric]]
# The readers of each source, read at scrape time. The observability layer knows no table and no
# queue: the packages that own them register their readers (summaries/metrics.py, registered by
# the app factory). The Redis-kept counters of the workers are this module's own.
_SOURCES: dict[str, list[Reader]] = {"database": [], "redis": []}


def register_metrics_source(source: str, reader: Reader) -> None:
    """Read `reader`'s metric families at every scrape, reported under `source` (once each)."""
    readers = _SOURCES.setdefault(source, [])
    if reader not in readers:
        readers.append(reader)


def _shared_counters() -> list[Metric]:
    """The counters and histograms workers keep in one Redis hash."""
    from teameval.queue.connection import get_redis

    return _read_shared(get_redis().hgetall(SHARED_KEY))


_SOURCES["redis"].append(_shared_counters)


class ClusterCollector(Collector):
    """Reads the whole installation's state from the database and Redis at scrape time."""

    def collect(self) -> Iterator[Metric]:
        """Every cluster-wide metric; a source that does not answer is reported, not fatal."""
        up = GaugeMetricFamily(
            "teameval_metrics_source_up", "Whether /metrics could read a source.", labels=["source"]
        )
        for source, readers in _SOURCES.items():
            if not readers:
                continue
            try:
                families = [family for reader in readers for family in reader()]
            except Exception:
                log.warning("metrics: could not read %s", source, exc_info=True)
                up.add_metric([source], 0)
                continue
            yield from families
            up.add_metric([source], 1)
        yield up


def _read_shared(raw: Mapping[bytes | str, bytes | str]) -> list[Metric]:
    """The Redis-kept counters and histograms as metric families."""
    values: dict[str, list[tuple[dict[str, str], float]]] = {}
    for raw_key, raw_value in raw.items():
        key = raw_key.decode() if isinstance(raw_key, bytes) else raw_key
        name, _, label_json = key.partition("|")
        values.setdefault(name, []).append((json.loads(label_json or "{}"), float(raw_value)))
    families: list[Metric] = []
    for metric in _SHARED:
        if isinstance(metric, SharedHistogram):
            families.append(_histogram_family(metric, values))
            continue
        family = CounterMetricFamily(metric.name, metric.documentation, labels=metric.labelnames)
        for labels, amount in values.get(metric.name, []):
            family.add_metric([labels.get(n, "") for n in metric.labelnames], amount)
        families.append(family)
    return families


def _histogram_family(
    metric: SharedHistogram, values: dict[str, list[tuple[dict[str, str], float]]]
) -> Metric:
    family = HistogramMetricFamily(metric.name, metric.documentation, labels=metric.labelnames)
    series: dict[tuple[str, ...], dict[str, float]] = {}
    for suffix in ("_in", "_sum", "_count"):
        for labels, value in values.get(metric.name + suffix, []):
            key = tuple(labels.get(n, "") for n in metric.labelnames)
            slot = labels["le"] if suffix == "_in" else suffix
            series.setdefault(key, {})[slot] = value
    for key, slots in series.items():
        buckets, below = [], 0.0
        for bound in (*metric.buckets, float("inf")):
            below += slots.get(le_label(bound), 0.0)
            buckets.append((le_label(bound), below))
        family.add_metric(list(key), buckets, slots.get("_sum", 0.0))
    return family


REGISTRY.register(ClusterCollector())


def render_metrics() -> tuple[bytes, str]:
    """The exposition text of every metric, and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        # Request latency, summed over the processes of this machine.
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(ClusterCollector())
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
