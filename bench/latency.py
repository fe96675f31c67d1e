"""Section 1: latency under load. Simulated students (a separate load-generator process) against
`teameval serve`, each endpoint compared with GET /healthz measured right before it."""

import json
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from bench.dataset import Klass
from bench.procs import ROOT
from teameval.db import session_factory
from teameval.models import SummaryGenerationJob

ENDPOINTS = ("status", "overview", "queue")
# A phase in which no request finished (the report shows n = 0 rather than losing the section).
EMPTY: dict[str, Any] = {
    "n": 0,
    "rps": 0.0,
    "p50_ms": float("nan"),
    "p95_ms": float("nan"),
    "p99_ms": float("nan"),
    "max_ms": None,
    "statuses": {},
    "errors": 0,
}


def student_users(klass: Klass, tokens: dict[int, str]) -> list[dict[str, Any]]:
    """Each student of the class with their token and their newest job (made by section 2)."""
    job = SummaryGenerationJob
    with session_factory()() as session:
        rows = session.execute(
            select(job.student_id, job.job_id)
            .where(job.evaluation_id == klass.evaluation_id)
            .order_by(job.created_at, job.id)
        ).all()
    latest = {student: job_id for student, job_id in rows}
    return [
        {
            "token": tokens[s],
            "evaluation_id": klass.evaluation_id,
            "student_id": s,
            "job_id": latest[s],
        }
        for s in klass.student_ids
        if s in latest
    ]


def run_load(plan: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
    """Run the load generator process on `plan`; its results."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.load"],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{result.stderr[-3000:]}")
    answer: list[dict[str, Any]] = json.loads(result.stdout)
    return answer


def _ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base > 0 and value == value else None  # NaN: no samples


def run_latency(
    base_url: str,
    users: list[dict[str, Any]],
    levels: Sequence[int],
    seconds: float,
    capacity_seconds: float,
) -> dict[str, Any]:
    """For each concurrency: healthz, then the student mix; then closed-loop capacity."""
    phases: list[dict[str, Any]] = []
    for c in levels:
        budget = int(c * seconds * 4 + 100)
        common = {"concurrency": c, "duration_s": seconds, "max_requests": budget}
        phases.append({"name": f"healthz-{c}", "scenario": "healthz", **common})
        phases.append({"name": f"student-{c}", "scenario": "student", **common})
    if capacity_seconds > 0:
        for scenario in ("healthz", "status", "overview"):
            phases.append(
                {
                    "name": f"capacity-{scenario}",
                    "scenario": scenario,
                    "concurrency": 20,
                    "duration_s": capacity_seconds,
                    "max_requests": 50_000,
                    "think_s": [0, 0],
                }
            )
    plan = {"base_url": base_url, "users": users, "phases": phases}
    total = sum(p["duration_s"] for p in phases)
    results = run_load(plan, timeout=total * 3 + 120)
    by_name = {r["name"]: r for r in results}

    rows = []
    for c in levels:
        health = by_name[f"healthz-{c}"]["endpoints"].get("healthz", EMPTY)
        student = by_name[f"student-{c}"]
        row: dict[str, Any] = {"concurrency": c, "healthz": health}
        for kind in ENDPOINTS:
            stats = student["endpoints"].get(kind)
            if stats is None:
                continue
            row[kind] = stats | {
                "p50_ratio": _ratio(stats["p50_ms"], health["p50_ms"]),
                "p95_ratio": _ratio(stats["p95_ms"], health["p95_ms"]),
                "p99_ratio": _ratio(stats["p99_ms"], health["p99_ms"]),
            }
        row["student_total_rps"] = round(sum(s["rps"] for s in student["endpoints"].values()), 2)
        rows.append(row)

    capacity = {}
    if capacity_seconds > 0:
        base = by_name["capacity-healthz"]["endpoints"].get("healthz", EMPTY)
        for scenario in ("healthz", "status", "overview"):
            stats = by_name[f"capacity-{scenario}"]["endpoints"].get(scenario, EMPTY)
            capacity[scenario] = stats | {"rps_ratio": _ratio(stats["rps"], base["rps"])}

    at_100 = next((r for r in rows if r["concurrency"] == 100), None)
    targets: dict[str, Any] = {}
    if at_100 is not None and "status" in at_100:
        targets["status_p99_ratio_at_100"] = {
            "value": at_100["status"]["p99_ratio"],
            "target": "<= 3",
            "met": (at_100["status"]["p99_ratio"] or 99) <= 3,
        }
    if at_100 is not None and "overview" in at_100:
        targets["overview_p99_ms_at_100"] = {
            "value": at_100["overview"]["p99_ms"],
            "target": "< 100",
            "met": at_100["overview"]["p99_ms"] < 100,
        }
    return {
        "levels": rows,
        "capacity_closed_loop_20": capacity,
        "think_s": [0.5, 1.5],
        "seconds_per_phase": seconds,
        "targets": targets,
        "phases": results,
    }
