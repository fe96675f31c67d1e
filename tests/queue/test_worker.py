"""The summary worker's own process rules: signals reach the thread that handles them."""

import signal
import threading
from pathlib import Path

from teameval.queue.connection import get_redis
from teameval.queue.worker import MAIN_THREAD_SIGNALS, SummaryWorker


def _blocked_signals(thread: threading.Thread) -> set[int]:
    """The signals a thread blocks, read from the kernel (SigBlk in /proc)."""
    status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
    mask = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigBlk:")), 16)
    return {n for n in range(1, 65) if mask & (1 << (n - 1))}


def test_the_command_listener_thread_leaves_stop_and_alarm_signals_to_the_main_thread() -> None:
    worker = SummaryWorker(["summaries"], connection=get_redis())
    worker.subscribe()
    try:
        listener = worker.pubsub_thread
        assert listener is not None and listener.is_alive()
        assert {int(s) for s in MAIN_THREAD_SIGNALS} <= _blocked_signals(listener)
        assert {signal.SIGTERM, signal.SIGINT, signal.SIGALRM} <= MAIN_THREAD_SIGNALS
        # The main thread itself still takes them.
        assert not _blocked_signals(threading.main_thread()) & {int(s) for s in MAIN_THREAD_SIGNALS}
    finally:
        worker.unsubscribe()
