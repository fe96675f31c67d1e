"""`teameval run`: the whole application in one command.

Starts the embedded Redis when no TEAMEVAL_REDIS_URL is set (the workers get its URL in their
environment), migrates the database, loads the demo school on request, then runs the worker
pool with its reconciler (a `teameval worker` subprocess, restarted if it dies) and the web
server (uvicorn, in front). Ctrl-C stops the web server, lets the workers finish their current
job, and stops the embedded Redis. Data lives in var_dir, so a second run continues where the
first stopped.
"""

import logging
import os
import signal
import subprocess
import sys
import threading

from teameval.config import Settings

log = logging.getLogger("teameval.run")

WARM_STOP_S = 20.0  # the workers finish their current job within this, else they are stopped hard


class WorkerProcess:
    """The `teameval worker` subprocess, in its own process group, restarted when it dies."""

    def __init__(self, count: int, redis_url: str) -> None:
        self.count = count
        self.redis_url = redis_url
        self.proc: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._watch = threading.Thread(target=self._watchdog, name="worker-watchdog", daemon=True)

    def start(self) -> None:
        """Start the pool and the watchdog that restarts it."""
        self._spawn()
        self._watch.start()

    def _spawn(self) -> None:
        cmd = [sys.executable, "-m", "teameval.cli", "worker", "--count", str(self.count)]
        # Its own session keeps the terminal's Ctrl-C away from it, so it gets exactly one,
        # orderly stop signal from us (a second one would stop running jobs hard).
        self.proc = subprocess.Popen(  # noqa: S603 - our own command, no user input
            cmd, env=dict(os.environ, TEAMEVAL_REDIS_URL=self.redis_url), start_new_session=True
        )
        log.info("started %d summary workers (pid %d)", self.count, self.proc.pid)

    def _watchdog(self) -> None:
        while not self._stopping.wait(2.0):
            if self.proc is not None and self.proc.poll() is not None:
                log.warning("worker pool exited with %s; restarting it", self.proc.returncode)
                self._spawn()

    def stop(self) -> None:
        """Warm stop (finish the current job), then hard after WARM_STOP_S."""
        self._stopping.set()
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(WARM_STOP_S)
        except subprocess.TimeoutExpired:
            log.warning("workers did not stop in %.0f s; stopping them hard", WARM_STOP_S)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _load_demo_if_empty() -> None:
    from teameval.db import session_factory
    from teameval.demo import database_is_empty, demo_logins, format_logins, load_demo

    with session_factory()() as session:
        if database_is_empty(session):
            logins = load_demo(session)
            print("demo school loaded; sign in with:")
        else:
            logins = demo_logins(session)
            print("using the existing data; demo logins (if the demo school is there):")
        print(format_logins(logins), flush=True)


def run_all(settings: Settings, host: str, port: int, worker_count: int, demo: bool) -> int:
    """Run Redis (embedded if needed), migrations, workers with reconciler, web server; block."""
    import uvicorn

    from teameval.migrate import upgrade
    from teameval.observability.logging import configure_logging
    from teameval.queue.connection import redis_url, stop_embedded_redis

    # The app's own log handler (not basicConfig besides it: every line would show twice).
    configure_logging(settings.log_level, settings.log_json)
    url = redis_url()  # the configured server's, or the embedded one's, started now
    if settings.redis_url is None:
        log.info("embedded Redis at %s", url)
    upgrade(settings.effective_database_url)
    if demo:
        _load_demo_if_empty()

    workers = WorkerProcess(worker_count, url)
    workers.start()
    print(f"teameval runs at http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    try:
        uvicorn.run(
            "teameval.app:create_app",
            factory=True,
            host=host,
            port=port,
            log_level="info",
            timeout_graceful_shutdown=settings.web_shutdown_timeout_s,
        )
    finally:
        workers.stop()
        stop_embedded_redis()  # after the workers: they are its last other clients
        log.info("stopped")
    return 0
