"""The summary worker's own process rules: signals reach the thread that handles them, and a
worker stops in seconds."""

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from socket import gethostname

from rq import Worker

from teameval.queue.connection import get_redis
from teameval.queue.upkeep import ReconcilerLock, reconciler_status
from teameval.queue.worker import MAIN_THREAD_SIGNALS, QueueWorker
from teameval.summaries.jobs import LeaseKeeper
from tests.queue.processes import (
    ROOT,
    children_of,
    start_worker_pool,
    stop_process_group,
    teameval_cmd,
    wait_until,
    worker_env,
)

# Far above a normal stop (about a second; starting eight interpreters on a shared 2-core machine
# at load 25-30 took over 20 s once), below the 60 s the command listener could hold a stopping
# worker. Each worker had odds of roughly one in three of that hang, so the tests below stop
# eight and four of them: all twelve escaping it by chance is under 2 %.
STOP_BOUND_S = 45


def _blocked_signals(thread: threading.Thread | int) -> set[int]:
    """The signals a thread blocks, read from the kernel (SigBlk in /proc)."""
    tid = thread if isinstance(thread, int) else thread.native_id
    status = Path(f"/proc/self/task/{tid}/status").read_text()
    mask = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigBlk:")), 16)
    return {n for n in range(1, 65) if mask & (1 << (n - 1))}


def test_the_command_listener_thread_leaves_stop_and_alarm_signals_to_the_main_thread() -> None:
    worker = QueueWorker(["summaries"], connection=get_redis())
    worker.subscribe()
    try:
        listener = worker.pubsub_thread
        assert listener is not None and listener.is_alive()
        assert {int(s) for s in MAIN_THREAD_SIGNALS} <= _blocked_signals(listener)
        assert {
            signal.SIGTERM,
            signal.SIGINT,
            signal.SIGALRM,
            signal.SIGRTMIN,
        } <= MAIN_THREAD_SIGNALS
        # The main thread itself still takes them.
        assert not _blocked_signals(threading.main_thread()) & {int(s) for s in MAIN_THREAD_SIGNALS}
    finally:
        worker.unsubscribe()


def test_the_lease_keeper_thread_leaves_the_job_timeout_alarm_to_the_job() -> None:
    """RQ ends a job at its timeout with SIGALRM in the horse's main thread."""
    before = set(os.listdir("/proc/self/task"))
    main = _blocked_signals(threading.main_thread())
    with LeaseKeeper(row_id=0, attempt=1, lease_s=60):

        def started() -> set[int]:
            return {int(t) for t in set(os.listdir("/proc/self/task")) - before}

        assert wait_until(lambda: len(started()) == 1, 10)
        [keeper] = started()
        # While the C library creates a thread every signal is blocked in it; its own mask is in
        # place once it runs (it sleeps 20 s before its first renewal): the main thread's mask
        # with the worker's signals blocked as well, or this waits in vain.
        expected = main | {int(s) for s in MAIN_THREAD_SIGNALS}
        assert wait_until(lambda: _blocked_signals(keeper) == expected, 10), sorted(
            _blocked_signals(keeper)
        )


def test_a_burst_pool_on_an_empty_queue_ends_within_seconds() -> None:
    """Eight workers each stop without waiting on their command listener."""
    started = time.monotonic()
    proc = subprocess.Popen(
        teameval_cmd("worker", "--burst", "--count", "8", "--no-reconcile"),
        env=worker_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, err = proc.communicate(timeout=STOP_BOUND_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"an idle burst pool still ran after {STOP_BOUND_S} s") from None
    assert proc.returncode == 0, err[-4000:]
    assert time.monotonic() - started < STOP_BOUND_S


def test_a_waiting_pool_stops_within_seconds_of_sigterm(tmp_path: Path) -> None:
    """A warm shutdown of idle workers: each leaves its blocking wait and its listener at once."""
    pool = start_worker_pool(4, tmp_path / "workers.log", TEAMEVAL_LOG_JSON="false")
    try:
        assert wait_until(lambda: len(Worker.all(connection=get_redis())) == 4, 60), (
            tmp_path / "workers.log"
        ).read_text()[-4000:]
        started = time.monotonic()
        os.killpg(pool.pid, signal.SIGTERM)
        try:
            pool.wait(STOP_BOUND_S)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the pool still ran {STOP_BOUND_S} s after SIGTERM:\n"
                + (tmp_path / "workers.log").read_text()[-4000:]
            ) from None
        assert time.monotonic() - started < STOP_BOUND_S
    finally:
        stop_process_group(pool, timeout=5)


def _reconcilers(pool_pid: int) -> list[int]:
    """The pool's `teameval reconcile --loop` children, zombies included."""
    found = []
    for pid in children_of(pool_pid):
        with contextlib.suppress(OSError):
            if b"reconcile" in Path(f"/proc/{pid}/cmdline").read_bytes() or _zombie(pid):
                found.append(pid)
    return found


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def test_the_pool_restarts_its_reconciler_after_a_kill_and_runs_no_rq_scheduler(
    tmp_path: Path,
) -> None:
    """Issue 17, fault 11: a kill -9 of the reconciler left a zombie and no reconciler.

    Now the pool reaps it and starts another, which takes the reconciler lock once the dead
    one's lapses; the liveness readers see it. Fault 13a: no worker forks RQ's scheduler.
    """
    pool = start_worker_pool(2, tmp_path / "workers.log", TEAMEVAL_RECONCILE_INTERVAL_S="1")
    try:
        assert wait_until(lambda: len(_reconcilers(pool.pid)) == 1, 60)
        [first] = _reconcilers(pool.pid)
        assert wait_until(lambda: reconciler_status().holder == f"{gethostname()}/{first}", 60)
        time.sleep(2)  # time for a worker to have forked RQ's scheduler, if it did
        workers = [p for p in children_of(pool.pid) if p != first]
        assert len(workers) == 2 and all(children_of(w) == [] for w in workers)

        os.kill(first, signal.SIGKILL)
        assert wait_until(lambda: first not in _reconcilers(pool.pid), 10), "not reaped"
        assert wait_until(lambda: len(_reconcilers(pool.pid)) == 1, 10), "not restarted"
        [second] = _reconcilers(pool.pid)
        assert wait_until(lambda: reconciler_status().holder == f"{gethostname()}/{second}", 30)
        status = reconciler_status()
        assert status.alive and status.last_pass_age_s is not None
    finally:
        stop_process_group(pool)


def test_one_reconciler_holds_the_lock_and_another_takes_over_when_it_lapses() -> None:
    active, standby = ReconcilerLock(1.0), ReconcilerLock(1.0)
    standby.name = "standby"
    assert active.hold() and active.hold()  # taken, then renewed
    assert not standby.hold()
    active.release()
    assert standby.hold() and reconciler_status().holder == "standby"
    get_redis().flushdb()  # a wipe: the holder simply takes it again
    assert standby.hold() and not active.hold()
