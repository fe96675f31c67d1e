"""What /metrics reads of the summaries at scrape time, in every web process alike.

Jobs per status (database rows), the oldest queued job's age, the stored summaries by
generation method with their LLM tokens and generation times, the queue's depth and workers,
and the LLM's circuit breaker. The app factory registers these readers with the metrics collector
(observability/metrics.py), which knows no summary table. Counts across every school, never a
row of any of them.
"""

from dataclasses import dataclass

from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily, Metric

from teameval.db import session_factory
from teameval.llm.breaker import Reason, read_state
from teameval.models import utcnow
from teameval.observability.metrics import LLM_BUCKETS, le_label, register_metrics_source
from teameval.queue.connection import get_redis
from teameval.queue.queues import transport_stats
from teameval.queue.upkeep import reconciler_status
from teameval.summaries.enums import JobStatus
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.summary_repository import FeedbackSummaryRepository


def register_metrics(queue_name: str) -> None:
    """Add the summaries' readers to /metrics (called by the composition roots)."""
    register_metrics_source("database", database_metrics)
    register_metrics_source("redis", QueueMetrics(queue_name))
    register_metrics_source("redis", llm_metrics)


def database_metrics() -> list[Metric]:
    """Jobs per status, the oldest queued job, stored summaries and their LLM usage."""
    with session_factory()() as session:
        jobs_repo = SummaryJobRepository.system(session)
        summaries_repo = FeedbackSummaryRepository.system(session)
        counts = jobs_repo.counts()
        oldest = jobs_repo.oldest_queued_at()
        stats = summaries_repo.stats()
        durations = summaries_repo.ai_duration_histogram(LLM_BUCKETS)

    jobs = GaugeMetricFamily(
        "teameval_summary_jobs", "Summary jobs per status (database rows).", labels=["status"]
    )
    for status in JobStatus:
        jobs.add_metric([status.value], counts.get(status, 0))
    age = (utcnow() - oldest).total_seconds() if oldest else 0.0
    oldest_age = GaugeMetricFamily(
        "teameval_oldest_queued_job_age_seconds",
        "How long the longest-waiting queued summary job has waited (0: none waiting).",
        value=max(0.0, age),
    )
    summaries = GaugeMetricFamily(
        "teameval_summaries",
        "Stored summaries by generation method (ai, fallback, empty) and provider.",
        labels=["generation_method", "provider"],
    )
    tokens = GaugeMetricFamily(
        "teameval_summary_llm_tokens",
        "Tokens used by the stored summaries, by kind.",
        labels=["kind"],
    )
    for s in stats:
        summaries.add_metric([s.generation_method, s.provider], s.count)
    tokens.add_metric(["prompt"], sum(s.prompt_tokens for s in stats))
    tokens.add_metric(["completion"], sum(s.completion_tokens for s in stats))
    duration = GaugeHistogramMetricFamily(
        "teameval_summary_generation_seconds",
        "How long the stored AI summaries took to generate.",
        buckets=[
            (le_label(b), n)
            for b, n in zip(
                (*durations.bounds, float("inf")),
                (*durations.cumulative, durations.count),
                strict=True,
            )
        ],
        gsum_value=durations.sum_s,
    )
    return [jobs, oldest_age, summaries, tokens, duration]


@dataclass(frozen=True)
class QueueMetrics:
    """The reader of one queue's metrics (equal for equal names, so registered once)."""

    queue_name: str

    def __call__(self) -> list[Metric]:
        """The queue's depth, workers and reconciler."""
        return queue_metrics(self.queue_name)


def queue_metrics(queue_name: str) -> list[Metric]:
    """The summaries queue's depth (waiting, scheduled retries), its registered workers and the
    reconciler's liveness."""
    transport = transport_stats(queue_name)
    depth = GaugeMetricFamily(
        "teameval_queue_depth", "Jobs waiting on the Redis queue, by state.", labels=["state"]
    )
    depth.add_metric(["queued"], transport.waiting)
    depth.add_metric(["scheduled"], transport.scheduled)
    workers = GaugeMetricFamily("teameval_workers", "RQ workers registered on the summaries queue.")
    workers.add_metric([], transport.workers)
    reconciler = reconciler_status()
    alive = GaugeMetricFamily(
        "teameval_reconciler_alive", "1 while a reconciler holds its lock (repairs run), else 0."
    )
    alive.add_metric([], 1 if reconciler.alive else 0)
    metrics: list[Metric] = [depth, workers, alive]
    if reconciler.last_pass_age_s is not None:
        age = GaugeMetricFamily(
            "teameval_reconciler_last_pass_age_seconds", "Seconds since a reconcile pass ended."
        )
        age.add_metric([], reconciler.last_pass_age_s)
        metrics.append(age)
    return metrics


def llm_metrics() -> list[Metric]:
    """The LLM circuit breaker (llm/breaker.py): open or not, why, and the failures in a row."""
    state = read_state(get_redis())
    circuit = GaugeMetricFamily(
        "teameval_llm_circuit_open",
        "1 while the LLM circuit breaker is open (summaries fall back without the LLM), by why "
        "it opened; config: the server refuses the response format, a setting must change.",
        labels=["reason"],
    )
    for reason in Reason:
        circuit.add_metric([reason.value], 1.0 if state.open and state.reason == reason else 0.0)
    failures = GaugeMetricFamily(
        "teameval_llm_consecutive_failures",
        "LLM timeouts or refused connections in a row (the breaker opens at the threshold).",
        value=state.failures,
    )
    return [circuit, failures]
