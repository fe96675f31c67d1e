"""A class against a dead LLM: how long until every summary job is final.

`python -m bench.dead_llm [--backend postgres|embedded] [--students 60] [--workers 3]`

The fake LLM server accepts every connection and never answers (`hang`); `teameval worker
--count N` runs with the installed defaults (read timeout, job timeout, retries, the circuit
breaker) unless `--env NAME=VALUE` says otherwise. The class is queued as "generate all" does
and the clock runs until every job row is completed, failed or cancelled. Before the circuit
breaker this took three read timeouts per job: about two hours for 60 students on 3 workers.
Bounded: it gives up after `--timeout` seconds (default 1,800) and stops what it started.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.env import close_backend, open_backend
from bench.pipeline import _start_pool, _stop_pool, queue_jobs, wait_completed
from bench.procs import Process, free_port, wait_until


def _hanging_llm(log_dir: Path, env: dict[str, str]) -> tuple[Process, str]:
    import httpx

    port = free_port()
    args = [sys.executable, "-m", "tests.fakes.llm_server", "--port", str(port), "--mode", "hang"]
    proc = Process("fake-llm-hang", args, env, log_dir)
    url = f"http://127.0.0.1:{port}"
    if not wait_until(lambda: httpx.get(f"{url}/api/version", timeout=2).status_code == 200, 30):
        proc.stop()
        raise RuntimeError(f"the fake LLM did not start:\n{proc.tail()}")
    return proc, url


def run(
    backend_name: str, students: int, workers: int, timeout: float, extra: dict[str, str]
) -> dict[str, Any]:
    """Queue `students` summaries against a hanging LLM; the time until all are final."""
    from tests.fakes.llm_control import RemoteFakeLLM

    from bench import dataset
    from teameval.db import session_factory
    from teameval.llm.breaker import read_state
    from teameval.migrate import upgrade
    from teameval.queue.connection import get_redis

    work_dir = Path(tempfile.mkdtemp(prefix="teameval-dead-llm-"))
    llm_proc, llm_url = _hanging_llm(work_dir / "logs", {})
    try:
        settings = {"TEAMEVAL_LLM_PROVIDER": "ollama", "TEAMEVAL_OLLAMA_BASE_URL": llm_url}
        backend = open_backend(backend_name, work_dir / backend_name, settings | extra)
        llm = RemoteFakeLLM(llm_url)
        llm.configure(hang_s=3600.0)
        try:
            upgrade()
            with session_factory()() as session:
                school_id, teacher_id = dataset.seed_school(session)
                klass = dataset.seed_class(session, school_id, teacher_id, students, label="dead")
            pool = _start_pool(backend, workers, reconcile=True)
            try:
                job_ids, started = queue_jobs(klass, klass.student_ids)
                outcome = wait_completed(job_ids, timeout)
                final_s = round(time.time() - started, 1)
            finally:
                _stop_pool(pool)
            breaker = read_state(get_redis())
            return {
                "backend": backend_name,
                "students": students,
                "workers": workers,
                "settings": extra,
                "all_final": outcome["complete"],
                "final_after_s": final_s,
                "methods": outcome["methods"],
                "llm_calls": len(llm.requests()),
                "breaker": {"open": breaker.open, "reason": breaker.reason},
            }
        finally:
            close_backend(backend)
    finally:
        llm_proc.stop()


def main(argv: list[str] | None = None) -> int:
    """Run once and print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("embedded", "postgres"), default="embedded")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the workers")
    ns = parser.parse_args(argv)
    extra = dict(item.split("=", 1) for item in ns.env)
    result = run(ns.backend, ns.students, ns.workers, ns.timeout, extra)
    print(json.dumps(result, indent=1))
    return 0 if result["all_final"] else 1


if __name__ == "__main__":
    sys.exit(main())
