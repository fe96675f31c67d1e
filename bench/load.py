"""The load generator: simulated students as asyncio tasks in their own process.

`python -m bench.load` reads a JSON plan on stdin and prints the results as JSON on stdout. It
runs in a separate process from the server (and from the benchmark driver), so the server's
event loop and threads never share an interpreter with the load.

A plan: `{base_url, users: [{token, evaluation_id, student_id, job_id}], phases: [{name,
scenario, concurrency, duration_s, max_requests, think_s: [low, high], warmup_s}]}`.
Scenarios:
- `healthz`: every simulated user calls GET /healthz (the baseline: uvicorn, FastAPI, our
  middleware and the thread pool, without a database);
- `student`: a student after the evaluation closed: mostly polls their job's status (as the
  page's script does), sometimes opens their overview page, and now and then asks for their
  summary again (POST queue; at most once per 7 s per student so the real rate limit of 10 a
  minute is never hit);
- `status`, `overview`: one of the student's requests alone (for capacity runs).
Each user waits a random think time between requests; think_s [0, 0] is a closed loop that
measures capacity; `think: "page"` waits as the summary section's script does between polls
(1 s, growing by 1.5x to 5 s). Every phase is bounded by duration_s and max_requests; a request
gives up after timeout_s (default 30 s) and counts as a client timeout. `per_user_connection`
gives every user a client of their own (a browser tab's keep-alive connection) instead of one
shared pool, whose bookkeeping grows with its connections.
"""

import asyncio
import json
import random
import resource
import ssl
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import httpx

API = "/api/v1/feedback-summaries"
QUEUE_MIN_INTERVAL_S = 7.0
# The student scenario: weights of status polls, overview page views and queue requests.
STUDENT_MIX = (("status", 6), ("overview", 2), ("queue", 1))
# The summary section's script (web/static/js/summary.js): first poll after 1 s, then 1.5x
# longer each time up to 5 s.
PAGE_FIRST_S, PAGE_GROWTH, PAGE_MAX_S = 1.0, 1.5, 5.0
TIMEOUT = -1  # the status recorded for a request the client gave up on (timeout_s)


def page_delays(first: float = PAGE_FIRST_S) -> "Iterator[float]":
    """The waits between a page's polls, as its script schedules them."""
    delay = first
    while True:
        yield delay
        delay = min(PAGE_MAX_S, delay * PAGE_GROWTH)


def raise_open_files_limit() -> int:
    """Raise this process's open-files limit to its hard limit (1,000 users hold 1,000 sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def cpu_seconds() -> float:
    """CPU time this process used so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100) of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summarise(latencies: list[float], statuses: dict[int, int], elapsed: float) -> dict[str, Any]:
    """Count, throughput and latency percentiles (milliseconds) of one endpoint in one phase."""
    values = sorted(latencies)
    return {
        "n": len(values),
        "rps": round(len(values) / elapsed, 2) if elapsed > 0 else 0.0,
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p95_ms": round(percentile(values, 95) * 1000, 2),
        "p99_ms": round(percentile(values, 99) * 1000, 2),
        "max_ms": round(values[-1] * 1000, 2) if values else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": sum(v for k, v in statuses.items() if k >= 400 or k <= 0),
        "timeouts": statuses.get(TIMEOUT, 0),
        "refused_503": statuses.get(503, 0),
        "server_errors": sum(v for k, v in statuses.items() if k >= 500 and k != 503),
        "connection_errors": statuses.get(0, 0),
    }


class Phase:
    """One phase: `concurrency` users for at most duration_s seconds and max_requests requests."""

    def __init__(self, plan: dict[str, Any], users: list[dict[str, Any]], base_url: str) -> None:
        self.plan = plan
        self.users = users
        self.base_url = base_url
        self.scenario = str(plan["scenario"])
        self.concurrency = int(plan["concurrency"])
        self.duration = float(plan["duration_s"])
        self.warmup = float(plan.get("warmup_s", min(1.0, self.duration / 4)))
        self.page = plan.get("think") == "page"
        self.think = (0.0, PAGE_FIRST_S) if self.page else tuple(plan.get("think_s", (0.5, 1.5)))
        self.timeout = float(plan.get("timeout_s", 30.0))
        self.per_user = bool(plan.get("per_user_connection", False))
        self.budget = int(plan.get("max_requests", 100_000))
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.sent = 0
        self.lags: list[float] = []

    def _request(self, kind: str, user: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
        bearer = {"Authorization": f"Bearer {user['token']}"}
        if kind == "healthz":
            return "GET", "/healthz", {}
        if kind == "status":
            return "GET", f"{API}/jobs/{user['job_id']}/status", bearer
        if kind == "overview":
            cookie = {"Cookie": f"teameval_session={user['token']}"}
            return "GET", f"/student/evaluations/{user['evaluation_id']}/overzicht", cookie
        path = f"{API}/evaluation/{user['evaluation_id']}/student/{user['student_id']}/queue"
        return "POST", path, bearer

    def _choose(self, rng: random.Random, last_queue: float, now: float) -> str:
        if self.scenario != "student":
            return self.scenario
        kinds, weights = zip(*STUDENT_MIX, strict=True)
        kind = rng.choices(kinds, weights)[0]
        if kind == "queue" and now - last_queue < QUEUE_MIN_INTERVAL_S:
            return "status"
        return kind

    async def _user(self, client: httpx.AsyncClient, index: int, start: float) -> None:
        user = self.users[index % len(self.users)]
        rng = random.Random(index)
        last_queue = -QUEUE_MIN_INTERVAL_S
        delays = page_delays()
        # Users start spread over one think time, as real students do not click in lockstep.
        await asyncio.sleep(rng.uniform(0, self.think[1]))
        while True:
            now = time.perf_counter()
            if now - start >= self.duration or self.sent >= self.budget:
                return
            kind = self._choose(rng, last_queue, now)
            if kind == "queue":
                last_queue = now
            method, path, headers = self._request(kind, user)
            self.sent += 1
            began = time.perf_counter()
            try:
                response = await client.request(method, path, headers=headers)
                status = response.status_code
            except httpx.TimeoutException:
                status = TIMEOUT
            except httpx.HTTPError:
                status = 0
            ended = time.perf_counter()
            # Counted when it ends after the warm-up: a server so slow that every answer takes
            # longer than the phase still shows up, with those long times.
            if ended - start >= self.warmup:
                self.latencies[kind].append(ended - began)
                self.statuses[kind][status] += 1
            if self.page:
                await asyncio.sleep(next(delays))
            elif self.think[1] > 0:
                await asyncio.sleep(rng.uniform(*self.think))

    async def _watch_loop(self, stop: asyncio.Event) -> None:
        """How late this event loop wakes up: a busy load generator would show here."""
        while not stop.is_set():
            began = time.perf_counter()
            await asyncio.sleep(0.05)
            self.lags.append(time.perf_counter() - began - 0.05)

    async def run(self) -> dict[str, Any]:
        """Run the users, then summarise per endpoint."""
        clients = self._clients()
        cpu_before = cpu_seconds()
        stop = asyncio.Event()
        watcher = asyncio.create_task(self._watch_loop(stop))
        try:
            start = time.perf_counter()
            await asyncio.gather(
                *(self._user(clients[i % len(clients)], i, start) for i in range(self.concurrency))
            )
            wall = time.perf_counter() - start
            elapsed = wall - self.warmup
        finally:
            stop.set()
            await watcher
            await asyncio.gather(*(c.aclose() for c in clients))
        lags = sorted(self.lags)
        return {
            "name": self.plan["name"],
            "scenario": self.scenario,
            "concurrency": self.concurrency,
            "duration_s": round(wall, 2),
            "measured_s": round(elapsed, 2),
            "think_s": "page" if self.page else list(self.think),
            "load_generator": {
                "cpu_pct": round(100 * (cpu_seconds() - cpu_before) / wall, 1),
                "loop_lag_p99_ms": round(percentile(lags, 99) * 1000, 1),
            },
            "endpoints": {
                kind: summarise(values, self.statuses[kind], elapsed)
                for kind, values in sorted(self.latencies.items())
            },
        }

    def _clients(self) -> list[httpx.AsyncClient]:
        # One TLS context for all: each client would build its own, though we speak plain HTTP.
        tls = ssl.create_default_context()
        if self.per_user:
            limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
            count = self.concurrency
        else:
            limits = httpx.Limits(
                max_connections=self.concurrency, max_keepalive_connections=self.concurrency
            )
            count = 1
        return [
            httpx.AsyncClient(
                base_url=self.base_url, limits=limits, timeout=self.timeout, verify=tls
            )
            for _ in range(count)
        ]


async def run_plan(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every phase of the plan, one after the other."""
    results = []
    for phase_plan in plan["phases"]:
        phase = Phase(phase_plan, plan["users"], plan["base_url"])
        results.append(await phase.run())
        await asyncio.sleep(float(plan.get("pause_s", 0.5)))
    return results


def main() -> None:
    """Read the plan from stdin, run it, print the results."""
    plan = json.load(sys.stdin)
    raise_open_files_limit()
    if not str(plan["base_url"]).startswith(("http://127.", "http://localhost")):
        raise SystemExit("the load generator only targets loopback")
    try:
        import uvloop

        results = uvloop.run(run_plan(plan))
    except ImportError:  # plain asyncio works too, only slower
        results = asyncio.run(run_plan(plan))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
