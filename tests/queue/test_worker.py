"""The summary worker's own process rules: signals reach the thread that handles them."""

import os
import signal
import threading
import time
from pathlib import Path

from teameval.queue.connection import get_redis
from teameval.queue.worker import MAIN_THREAD_SIGNALS, SummaryWorker
from teameval.summaries.jobs import LeaseKeeper


def _blocked_signals(thread: threading.Thread | int) -> set[int]:
    """The signals a thread blocks, read from the kernel (SigBlk in /proc)."""
    tid = thread if isinstance(thread, int) else thread.native_id
    status = Path(f"/proc/self/task/{tid}/status").read_text()
    mask = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigBlk:")), 16)
    return {n for n in range(1, 65) if mask & (1 << (n - 1))}


def test_the_command_listener_thread_leaves_stop_and_alarm_signals_to_the_main_thread() -> None:
    worker = SummaryWorker(["summaries"], connection=get_redis())
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
    with LeaseKeeper(row_id=0, attempt=1, lease_s=60):
        # While the C library creates a thread every signal is blocked in it; its own mask is in
        # place once it runs (it sleeps 20 s before its first renewal).
        time.sleep(0.5)
        started = {int(t) for t in set(os.listdir("/proc/self/task")) - before}
        assert len(started) == 1
        assert {int(s) for s in MAIN_THREAD_SIGNALS} <= _blocked_signals(started.pop())
