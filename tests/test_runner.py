"""`teameval run`: starts everything, Ctrl-C stops everything, a second run reuses the data."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from teameval.demo import DEMO_PASSWORDS
from teameval.demo.content import CLOSED_TITLE
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import free_port, wait_ready


def _start(var_dir: Path, port: int, **settings: str) -> subprocess.Popen[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TEAMEVAL_REDIS_URL", "TEAMEVAL_DATABASE_URL")
    }
    env.update(TEAMEVAL_VAR_DIR=str(var_dir), TEAMEVAL_LLM_PROVIDER="extractive")
    env.update(settings)
    # Its own process group, like a command in a terminal: Ctrl-C goes to the whole group.
    command = ["run", "--demo", "--port", str(port), "--worker-count", "1"]
    return subprocess.Popen(
        [sys.executable, "-m", "teameval.cli", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _ctrl_c(proc: subprocess.Popen[str], var_dir: Path) -> tuple[str, list[int]]:
    """SIGINT to the process group; the output and every pid that belonged to the run."""
    deadline = time.monotonic() + 30
    while len(pids := [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]) < 2:
        assert time.monotonic() < deadline, "the worker pool started no worker"
        time.sleep(0.2)
    registry = json.loads((var_dir / "redis.rdb.settings").read_text())
    pids.append(int(Path(registry["pidfile"]).read_text().strip()))  # the embedded redis-server
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    return out, pids


def _alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _schools(var_dir: Path) -> int:
    with sqlite3.connect(var_dir / "teameval.db") as db:
        count: int = db.execute("SELECT count(*) FROM school").fetchone()[0]
        return count


def test_ctrl_c_stops_everything_and_a_second_run_reuses_the_data(tmp_path: Path) -> None:
    port = free_port()
    first = _start(tmp_path, port)
    wait_ready(first, f"http://127.0.0.1:{port}/readyz")
    out, pids = _ctrl_c(first, tmp_path)

    assert first.returncode == 0, out
    assert "demo school loaded" in out and f"http://127.0.0.1:{port}/" in out
    assert len(pids) >= 3  # the worker pool, its worker, the embedded Redis
    assert [p for p in pids if _alive(p)] == [], out

    second = _start(tmp_path, port)
    wait_ready(second, f"http://127.0.0.1:{port}/readyz")
    out, pids = _ctrl_c(second, tmp_path)

    assert second.returncode == 0, out
    assert "using the existing data" in out
    assert _schools(tmp_path) == 1
    assert [p for p in pids if _alive(p)] == [], out


def test_a_demo_student_sees_their_summary_go_queued_processing_completed(tmp_path: Path) -> None:
    """`make run` as a student would meet it: the demo school, the embedded Redis, a worker and
    an Ollama (the fake, 1.5 s an answer, so the processing state can be seen)."""
    port = free_port()
    with FakeLLMServer(latency=1.5) as llm:
        proc = _start(
            tmp_path, port, TEAMEVAL_LLM_PROVIDER="ollama", TEAMEVAL_OLLAMA_BASE_URL=llm.url
        )
        try:
            wait_ready(proc, f"http://127.0.0.1:{port}/readyz")
            api = httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", timeout=10)
            login = api.post(
                "/auth/login",
                json={
                    "email": "daan.devries@demolyceum.example",
                    "password": DEMO_PASSWORDS["student"],
                },
            )
            assert login.status_code == 200, login.text
            api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            me = api.get("/auth/me").json()
            listed = api.get("/evaluations").json()["items"]
            closed = [e for e in listed if e["title"] == CLOSED_TITLE]
            assert len(closed) == 1, closed
            queued = api.post(
                f"/feedback-summaries/evaluation/{closed[0]['id']}/student/{me['id']}/queue"
            )
            assert queued.status_code == 202, queued.text

            seen = [queued.json()["status"]]
            deadline = time.monotonic() + 60
            while seen[-1] != "completed" and time.monotonic() < deadline:
                time.sleep(0.2)
                status = api.get(f"/feedback-summaries/jobs/{queued.json()['job_id']}/status")
                assert status.status_code == 200, status.text
                if status.json()["status"] != seen[-1]:
                    seen.append(status.json()["status"])
            assert seen == ["queued", "processing", "completed"]
            result = status.json()["result"]
            assert result["generation_method"] == "ai" and result["summary_text"]
            assert llm.stats["requests"] == 1
        finally:
            out, _pids = _ctrl_c(proc, tmp_path)
    assert proc.returncode == 0, out
