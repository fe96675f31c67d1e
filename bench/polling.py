"""Section: a whole school polling at once. Pollers of the job-status route at 16 to 1,000
concurrent users, closed-loop (no think time) and as the page polls (1 s growing to 5 s), each
level beside GET /healthz in the same conditions; a 10 s client timeout; workers running beside
the two web processes as deployed; and, while each phase runs, what bounds it (bench/bounds.py).
"""

import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bench.bounds import Observer, redis_server_pids, web_processes
from bench.env import PG_DATABASE, Backend
from bench.latency import EMPTY, run_load
from bench.load import API
from bench.pipeline import _start_pool, _stop_pool
from bench.procs import Process, WebServer, wait_until

MODES = ("closed", "page")
CLIENT_TIMEOUT_S = 10.0
# Thread dumps of the web processes in the middle of the closed-loop status phases from here up.
DUMP_FROM = 100
RATIO_TARGET = 2.0
SETTLE_S = 30.0  # status p99 / healthz p99 at 100 closed-loop pollers


def _phase(mode: str, scenario: str, concurrency: int, seconds: float) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "name": f"{mode}-{scenario}-{concurrency}",
        "scenario": scenario,
        "concurrency": concurrency,
        "duration_s": seconds,
        "warmup_s": min(2.0, seconds / 4),
        "max_requests": 1_000_000,
        "timeout_s": CLIENT_TIMEOUT_S,
        "per_user_connection": True,
    }
    if mode == "closed":
        plan["think_s"] = [0, 0]
    else:
        plan["think"] = "page"
    return plan


def _settle(server: WebServer, user: dict[str, Any]) -> dict[str, Any]:
    """Wait until /healthz and a status poll answer within a second again; how long that took.
    A server that does not within SETTLE_S is restarted (and the report says so), since a
    clogged server would spoil every phase after it."""
    began = time.monotonic()

    status = f"{server.url}{API}/jobs/{user['job_id']}/status"
    bearer = {"Authorization": f"Bearer {user['token']}"}

    def quick() -> bool:
        health = httpx.get(f"{server.url}/healthz", timeout=1).status_code
        return health == 200 and httpx.get(status, headers=bearer, timeout=1).status_code == 200

    settled = wait_until(quick, SETTLE_S, 0.2)
    out: dict[str, Any] = {"settle_s": round(time.monotonic() - began, 1), "settled": settled}
    if not settled:
        out["restart"] = server.restart()
    return out


def observer(backend: Backend, server: WebServer, pool: Process) -> Observer:
    """An observer of the web processes, the workers, Redis and our PostgreSQL sessions."""
    redis_url = backend.settings.redis_url or ""
    groups = {"redis": lambda: redis_server_pids(redis_url)}
    if backend.name == "postgres":
        groups["postgres (our database)"] = _pg_backend_pids
    trees = {"web": server.pid, "workers": pool.pid}
    return Observer(trees, groups, PG_DATABASE if backend.name == "postgres" else None)


def _pg_backend_pids() -> list[int]:
    import psycopg

    from bench.env import PG_ADMIN_URL

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (PG_DATABASE,)
        ).fetchall()
    return [int(r[0]) for r in rows]


def _run_phase(
    plan: dict[str, Any], base_url: str, observer: Observer, dump_pids: list[int] | None
) -> dict[str, Any]:
    timer = None
    if dump_pids:
        # The middle of the measured part: the load generator takes about a second to start.
        at = 1.0 + plan["warmup_s"] + (plan["duration_s"] - plan["warmup_s"]) / 2
        timer = threading.Timer(at, observer.dump_threads, (dump_pids,))
        timer.start()
    with observer:
        [result] = run_load(
            {"base_url": base_url, "users": plan.pop("users"), "phases": [plan], "pause_s": 0},
            timeout=plan["duration_s"] + CLIENT_TIMEOUT_S * 3 + 120,
        )
    if timer is not None:
        timer.join()
    result["observed"] = observer.result()
    return result


def run_polling(
    backend: Backend,
    server: WebServer,
    users: list[dict[str, Any]],
    levels: Sequence[int],
    seconds: dict[str, float],
    workers: int = 2,
) -> dict[str, Any]:
    """Every level in both modes: healthz, then status, each its own load process."""
    pool = _start_pool(backend, workers, reconcile=True)
    rows: list[dict[str, Any]] = []
    try:
        for mode in MODES:
            for c in levels:
                row: dict[str, Any] = {"mode": mode, "concurrency": c}
                for scenario in ("healthz", "status"):
                    plan = _phase(mode, scenario, c, seconds[mode]) | {"users": users}
                    dump = mode == "closed" and scenario == "status" and c >= DUMP_FROM
                    dump_pids = web_processes(server.pid) if dump else None
                    watch = observer(backend, server, pool)
                    result = _run_phase(plan, server.url, watch, dump_pids)
                    row[scenario] = result["endpoints"].get(scenario, EMPTY) | {
                        "load_generator": result["load_generator"],
                        "observed": result["observed"],
                        "measured_s": result["measured_s"],
                        "after": _settle(server, users[0]),
                    }
                    print(f"    {mode} {scenario} {c}: {_brief(row[scenario])}", flush=True)
                row["p99_ratio"] = _ratio(row["status"]["p99_ms"], row["healthz"]["p99_ms"])
                row["p50_ratio"] = _ratio(row["status"]["p50_ms"], row["healthz"]["p50_ms"])
                rows.append(row)
    finally:
        _stop_pool(backend, pool)
    return {
        "levels": rows,
        "web_processes": len(web_processes(server.pid)),
        "workers": workers,
        "client_timeout_s": CLIENT_TIMEOUT_S,
        "seconds_per_phase": seconds,
        "targets": targets(rows),
    }


def _brief(stats: dict[str, Any]) -> str:
    return (
        f"n={stats['n']} p50={stats['p50_ms']} p99={stats['p99_ms']} ms, "
        f"timeouts={stats.get('timeouts', 0)} 503={stats.get('refused_503', 0)} "
        f"5xx={stats.get('server_errors', 0)} conn={stats.get('connection_errors', 0)}"
    )


def _ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base > 0 and value == value else None  # NaN: no samples


def targets(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Issue 16's targets for polling: the ratio at 100 closed-loop pollers; no timeouts and no
    5xx but deliberate 503s at 200 (both modes)."""
    out: dict[str, Any] = {}
    at_100 = next((r for r in rows if r["mode"] == "closed" and r["concurrency"] == 100), None)
    if at_100 is not None:
        ratio = at_100["p99_ratio"]
        out["status_p99_ratio_closed_100"] = {
            "value": ratio,
            "target": f"<= {RATIO_TARGET:g}",
            "met": ratio is not None and ratio <= RATIO_TARGET,
        }
    at_200 = [r for r in rows if r["concurrency"] == 200]
    if at_200:
        failures = {"timeouts": 0, "server_errors": 0, "connection_errors": 0}
        for r in at_200:
            for key in failures:
                failures[key] += r["status"].get(key, 0) + r["healthz"].get(key, 0)
        out["failures_at_200"] = {
            "value": failures,
            "target": "0 timeouts, 0 5xx but 503",
            "met": not any(failures.values()),
        }
    return out
