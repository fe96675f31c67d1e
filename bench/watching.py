"""Section: a class's summaries made while a school's pages wait on theirs. A class's batch (one
job per student, the LLM answering at once, two workers) runs with nobody watching, with every
page holding a server-sent-events stream, and with every page polling as its script does. The
pages are the class's and those of the rest of the school, whose jobs wait in the queue
meanwhile (queued rows the workers do not get); each page stops at its job's final state.
Reported: how long the batch took from its first start to its last completion, the
connections held, events per second, and how long after a job's completion its page knew."""

import json
import subprocess
import sys
import time
from typing import Any

import httpx
from sqlalchemy import select

from bench.dataset import Klass
from bench.env import Backend
from bench.growth import clear_queued
from bench.load import PAGE_MAX_S, percentile
from bench.pipeline import _start_pool, _stop_pool, queue_jobs, wait_completed
from bench.procs import ROOT, Process
from teameval.db import session_factory
from teameval.models import SummaryGenerationJob

# The pages' stream of their summary's changes (issue 16 item 2).
SSE_PATH = "/api/v1/feedback-summaries/evaluation/{evaluation_id}/student/{student_id}/events"
CONDITIONS = ("nobody", "sse", "poll")
SAME_SPEED = 1.1  # "as fast as with nobody watching": within 10 % (the machine is shared)


def sse_available(base_url: str, user: dict[str, Any]) -> tuple[bool, str]:
    """Whether this server has the stream at all (the code before issue 16 has not)."""
    headers = {"Cookie": f"teameval_session={user['token']}", "Accept": "text/event-stream"}
    url = base_url + SSE_PATH.format(**user)
    try:
        with httpx.stream("GET", url, headers=headers, timeout=5) as response:
            kind = response.headers.get("content-type", "")
            ok = response.status_code == 200 and kind.startswith("text/event-stream")
            return ok, f"{response.status_code} {kind}"
    except httpx.HTTPError as exc:
        return False, f"{type(exc).__name__}: {exc}"


class WatchProcess:
    """`python -m bench.watch` with its pages; started, ready, stopped."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.watch"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(plan) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            self.proc.kill()
            raise RuntimeError(f"the watchers did not start: {line}{self.proc.stderr.read()}")  # type: ignore[union-attr]
        self.ready: dict[str, Any] = json.loads(line[6:])

    def stop(self) -> dict[str, Any]:
        """Tell the pages to stop; what they saw."""
        out, err = self.proc.communicate("stop\n", timeout=120)
        if self.proc.returncode != 0:
            raise RuntimeError(f"the watchers failed:\n{err[-3000:]}")
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result


def _completed_at(job_ids: list[str]) -> dict[str, float]:
    job = SummaryGenerationJob
    with session_factory()() as session:
        rows = session.execute(
            select(job.job_id, job.completed_at).where(job.job_id.in_(job_ids))
        ).all()
    return {r.job_id: r.completed_at.timestamp() for r in rows if r.completed_at}


def _delays(seen: dict[str, float], completed: dict[str, float]) -> dict[str, Any]:
    """How long after each completion its page knew."""
    values = sorted(seen[j] - completed[j] for j in seen if j in completed)
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(values[-1] * 1000, 1),
    }


def _one(
    backend: Backend,
    base_url: str,
    klass: Klass,
    tokens: dict[int, str],
    condition: str,
    work: int,
    workers: int,
    observe: Any,
) -> dict[str, Any]:
    students = klass.student_ids
    # The class's batch first in the queue, the rest of the school's jobs behind it: the
    # workers reach those only once the batch is done.
    job_ids, _queued_at = queue_jobs(backend, klass, students[:work])
    waiting, _queued_at = queue_jobs(backend, klass, students[work:])
    watcher: WatchProcess | None = None
    out: dict[str, Any] = {"condition": condition, "jobs": len(job_ids), "waiting": len(waiting)}
    try:
        if condition != "nobody":
            pages = [
                {
                    "token": tokens[s],
                    "job_id": j,
                    "evaluation_id": klass.evaluation_id,
                    "student_id": s,
                }
                for s, j in zip(students, job_ids + waiting, strict=True)
            ]
            watcher = WatchProcess(
                {"base_url": base_url, "mode": condition, "sse_path": SSE_PATH, "pages": pages}
            )
            out["ready"] = watcher.ready
        pool: Process = _start_pool(backend, workers)
        try:
            with observe(pool) as observer:
                done = wait_completed(job_ids, 60 + len(job_ids) * 0.5)
                if watcher is not None:  # the last pages learn of the last jobs (a polling
                    time.sleep(PAGE_MAX_S + 1 if condition == "poll" else 2)  # page: <= 5 s)
        finally:
            _stop_pool(backend, pool)
        out["observed"] = observer.result()
    finally:
        seen = watcher.stop() if watcher is not None else None
        clear_queued(backend, [klass.evaluation_id])
    started, last = done["first_started_at"], done["last_completed_at"]
    out |= {
        "complete": done["complete"],
        "methods": done["methods"],
        "seconds": round(last - started, 2) if started and last else None,
    }
    if seen is not None:
        completed = _completed_at(job_ids)
        out["delay_after_completion"] = _delays(seen.pop("seen_at"), completed)
        out["pages"] = seen
    return out


def run_watching(
    backend: Backend,
    base_url: str,
    klass: Klass,
    tokens: dict[int, str],
    observe: Any,
    probe: dict[str, Any],
    work: int,
    workers: int = 2,
) -> dict[str, Any]:
    """The batch with nobody, SSE pages and polling pages watching. `probe` is a user with a
    job of another class, to ask whether the server has the stream."""
    available, answer = sse_available(base_url, probe)
    runs = []
    for condition in CONDITIONS:
        if condition == "sse" and not available:
            runs.append({"condition": "sse", "unavailable": answer})
            continue
        runs.append(_one(backend, base_url, klass, tokens, condition, work, workers, observe))
        print(f"    watching {condition}: {runs[-1].get('seconds')} s", flush=True)
    by = {r["condition"]: r for r in runs}
    base = by["nobody"].get("seconds")
    for r in runs:
        if base and r.get("seconds"):
            r["x_nobody"] = round(r["seconds"] / base, 2)
    return {
        "pages": len(klass.student_ids),
        "batch": work,
        "workers": workers,
        "sse_path": SSE_PATH,
        "sse_probe": answer,
        "runs": runs,
        "targets": {"sse_pages": _target(by.get("sse", {}), len(klass.student_ids), work)},
    }


def _target(sse: dict[str, Any], pages: int, work: int) -> dict[str, Any]:
    """1,000 pages through SSE, all held, the class's pages told, the batch as fast as
    unwatched."""
    if "unavailable" in sse or not sse:
        return {"value": "no SSE endpoint", "target": f"{pages} pages", "met": False}
    seen = sse.get("pages", {})
    held = seen.get("peak_held", 0)
    ratio = sse.get("x_nobody")
    met = (
        held >= pages
        and sse.get("delay_after_completion", {}).get("n", 0) >= work
        and ratio is not None
        and ratio <= SAME_SPEED
    )
    return {
        "value": f"{held} held, {sse.get('delay_after_completion', {}).get('n', 0)} told, {ratio}x",
        "target": f"{pages} held, {work} told, <= {SAME_SPEED}x",
        "met": met,
    }
