"""`teameval run --demo`: one command serves the app with workers on the embedded defaults.

A demo student queues their summary and watches it go queued -> processing -> completed; Ctrl-C
stops every process it started; a second run finds the same data in var/.
"""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import ROOT, children_of, free_port, teameval_cmd, wait_until

SERVER_ONLY = ("TEAMEVAL_DATABASE_URL", "TEAMEVAL_REDIS_URL")


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children_of(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Run:
    """A `teameval run` process of this test, with its output in a log file."""

    def __init__(self, var_dir: Path, llm_url: str, log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in SERVER_ONLY}
        env |= {
            "TEAMEVAL_VAR_DIR": str(var_dir),
            "TEAMEVAL_LLM_PROVIDER": "ollama",
            "TEAMEVAL_OLLAMA_BASE_URL": llm_url,
            "TEAMEVAL_RECONCILE_INTERVAL_S": "1",
            "TEAMEVAL_LOG_JSON": "false",
        }
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                teameval_cmd("run", "--demo", "--port", str(self.port), "--worker-count", "1"),
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ready = wait_until(self._healthy, 90, interval=0.5)
        assert ready, self.log.read_text()[-4000:]

    def _healthy(self) -> bool:
        assert self.proc.poll() is None, self.log.read_text()[-4000:]
        try:
            return httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def login(self, email: str, password: str) -> dict[str, str]:
        """Bearer headers of a demo user."""
        r = httpx.post(
            f"{self.base}/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def ctrl_c(self) -> set[int]:
        """Press Ctrl-C; returns the processes it had started (all must be gone)."""
        started = _descendants(self.proc.pid)
        assert started, "no workers or embedded Redis were started"
        os.kill(self.proc.pid, signal.SIGINT)
        try:
            code = self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise AssertionError(self.log.read_text()[-4000:]) from None
        assert code == 0, self.log.read_text()[-4000:]
        return started


def _a_student_login(log: Path) -> tuple[str, str]:
    for line in log.read_text().splitlines():
        if line.startswith("leerling"):
            email, password = re.findall(r"\S+", line)[-2:]
            return email, password
    raise AssertionError("no student login printed:\n" + log.read_text()[-3000:])


def test_run_demo_queues_a_summary_and_stops_cleanly(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    with FakeLLMServer(latency=1.5) as llm:
        first = Run(var_dir, llm.url, tmp_path / "run1.log")
        try:
            email, password = _a_student_login(first.log)
            headers = first.login(email, password)
            mine = httpx.get(f"{first.base}/api/v1/evaluations", headers=headers).json()
            closed = next(e for e in mine["items"] if e["status"] == "closed")
            student_id = httpx.get(f"{first.base}/api/v1/auth/me", headers=headers).json()["id"]
            queued = httpx.post(
                f"{first.base}/api/v1/feedback-summaries/evaluation/{closed['id']}"
                f"/student/{student_id}/queue",
                headers=headers,
            )
            assert queued.status_code == 202, queued.text
            job_id = queued.json()["job_id"]
            seen = [queued.json()["status"]]
            deadline = time.monotonic() + 90
            while seen[-1] != "completed" and time.monotonic() < deadline:
                time.sleep(0.1)
                status = httpx.get(
                    f"{first.base}/api/v1/feedback-summaries/jobs/{job_id}/status",
                    headers=headers,
                ).json()["status"]
                if status != seen[-1]:
                    seen.append(status)
            assert seen == ["queued", "processing", "completed"], first.log.read_text()[-4000:]
        finally:
            started = first.ctrl_c()
        assert wait_until(lambda: not any(_alive(p) for p in started), 10), started

        second = Run(var_dir, llm.url, tmp_path / "run2.log")
        try:
            assert "using the existing data" in second.log.read_text()
            headers = second.login(email, password)
            again = httpx.get(
                f"{second.base}/api/v1/feedback-summaries/jobs/{job_id}/status", headers=headers
            )
            assert again.status_code == 200 and again.json()["status"] == "completed"
        finally:
            second.ctrl_c()
