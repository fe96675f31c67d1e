"""RQ workers for the queue and, supervised beside them, a reconciler.

Transport only: the job code and the reconciler's rules are handed in by the composition root
(`teameval worker` in cli.py passes the summaries' own), so this module imports no domain.

RQ forks a work-horse per job. The horse must not use the database or Redis connections of the
process it was forked from (two processes on one socket corrupt both), so `QueueWorker`
forgets them in the horse before the job runs; each horse opens its own database connection and
uses the Redis connection RQ opened for it.

What every horse would otherwise repeat is done once in the worker, before the first fork: the
`warm_up` handed in (the summaries compile the job's SQL statements, initialise the database
dialect and run the text tools on made-up feedback), after which the worker closes its
connections. A horse keeps that engine and drops only its pool.
"""

import codecs
import importlib.metadata
import logging
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from rq import Worker
from rq.job import Job
from rq.queue import Queue
from rq.serializers import JSONSerializer
from rq.worker_pool import WorkerPool
from rq.worker_registration import register

from teameval.config import get_settings
from teameval.db import forget_pool_after_fork, get_engine, reset_engine
from teameval.observability.logging import configure_logging, log_context
from teameval.queue.connection import get_redis, redis_url, reset_redis, use_redis

log = logging.getLogger("teameval.queue.worker")


def forget_inherited_connections() -> None:
    """Drop the database engine and Redis client a forked process inherited from its parent."""
    reset_engine()
    reset_redis()


def prepare_for_horses(warm_up: Callable[[], None] | None) -> None:
    """Warm what every forked horse would otherwise warm for itself, then close connections.

    Runs in the worker's main thread before any other thread exists, so no lock is held when a
    horse is forked; the connections it used are closed, so none is inherited.
    """
    from teameval.llm.http import shared_client

    shared_client()  # made, never used here: it holds no connection a horse could inherit
    # What a horse's first Redis connection and first HTTP answer would load for themselves:
    # redis-py looks its version up in the package metadata for every new connection (fast
    # once importlib has read the site-packages directory), and httpx's cookie handling builds
    # a urllib request, whose URL patterns compile on first use, and imports the idna codec.
    importlib.metadata.version("redis")
    urllib.request.Request("http://127.0.0.1/")
    codecs.lookup("idna")
    try:
        if warm_up is not None:
            warm_up()
    except Exception:  # e.g. the database is restarting: horses then compile for themselves
        log.warning("could not warm up the job's statements", exc_info=True)
    finally:
        get_engine().dispose()


# An idle worker renews its Redis key every WORKER_TTL_S - 15 s (RQ's default: every 405 s), so
# after a Redis wipe the queue page counts it again within 20 s.
WORKER_TTL_S = 35
# Signals RQ handles in the main thread: stop (warm, then cold, and the horse's SIGRTMIN) and the
# alarm that wakes a worker to send a heartbeat or ends a horse's job at its timeout.
MAIN_THREAD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGRTMIN}


@contextmanager
def threads_leave_signals_to_main() -> Iterator[None]:
    """Threads started inside never take MAIN_THREAD_SIGNALS (a thread inherits the mask of
    the thread that starts it), so the kernel delivers them where RQ's handlers can act."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, MAIN_THREAD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class QueueWorker(Worker):
    """An RQ worker whose processes never share connections across a fork."""

    # What the worker runs once before it forks horses (set by `run_workers`).
    warm_up: ClassVar[Callable[[], None] | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """RQ's worker with a short registration TTL."""
        kwargs.setdefault("worker_ttl", WORKER_TTL_S)
        super().__init__(*args, **kwargs)

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        """RQ's heartbeat, and the worker's registration again: after a Redis restart or wipe
        RQ's heartbeat re-creates the worker's key but not its place in the queue's worker
        set, so the worker would stay uncounted (RQ registers only at birth)."""
        super().heartbeat(timeout, pipeline)
        register(self, pipeline)

    def subscribe(self) -> None:
        """RQ's command channel, listened to by a thread that never takes the worker's signals.

        A signal sent to the process goes to any thread that does not block it. When RQ's
        listener thread took the SIGTERM of a stop, Python ran the stop handler only after the
        main thread's blocking wait for a job ended, up to 20 s later (seen in `make bench`);
        when it takes the SIGALRM that wakes the main thread during a job, that wake-up, and so
        the heartbeat, is lost. The thread inherits the signal mask of the thread that starts it.
        """
        with threads_leave_signals_to_main():
            super().subscribe()  # type: ignore[no-untyped-call]

    def unsubscribe(self) -> None:
        """Stop the command listener's loop first, then let RQ unsubscribe and wait for it.

        RQ sends UNSUBSCRIBE and only then stops the listener. When the server's confirmation
        reaches the listener in between, the loop goes round once more, finds no subscription
        and waits up to RQ's 60 s poll time for a new one; since redis-py 8.2 `stop()` waits
        for the thread to end, so a worker took 60 s to stop in about half of the runs. With
        the loop stopped first, that confirmation wakes the listener for its last time.
        """
        if self.pubsub_thread is not None:
            self.pubsub_thread.stop(timeout=0)  # clears the loop's flag; RQ's stop() waits
        super().unsubscribe()  # type: ignore[no-untyped-call]

    def work(self, *args: Any, **kwargs: Any) -> bool:
        """Run the work loop in a process that opens its own connections, without RQ's scheduler.

        RQ forks its scheduler from a worker; killed with -9, that worker left the scheduler
        holding the worker's blocking-dequeue socket, so Redis handed the next job to a dead
        reader (issue 17, fault 13a). The reconciler serves the schedule instead (queue/upkeep).
        """
        forget_inherited_connections()
        prepare_for_horses(type(self).warm_up)
        kwargs["with_scheduler"] = False
        return bool(super().work(*args, **kwargs))

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        """The forked horse: fresh connections, then RQ's own job execution.

        The worker's engine stays (its compiled statements), without its pool; the job's Redis
        client is RQ's connection of this horse (redis-py reconnects after a fork), so a horse
        opens one Redis connection, not two. Every line the job logs carries its id (the RQ job
        id is the job row's `job_id`), as every line a request logs carries the request id.
        """
        forget_pool_after_fork()
        use_redis(self.connection)
        with log_context(job_id=job.id):
            super().main_work_horse(job, queue)


def start_reconciler() -> "subprocess.Popen[bytes]":
    """`teameval reconcile --loop` in a child process that ends with this one.

    Not a thread: this process forks workers, and a thread holding a lock (SQLAlchemy's,
    SQLite's) at the moment of a fork leaves that lock held forever in the child, which then
    hangs on its first query (seen in the chaos test). A separate process shares nothing.
    """
    cmd = [sys.executable, "-m", "teameval.cli", "reconcile", "--loop"]
    cmd += ["--parent-pid", str(os.getpid())]
    env = dict(os.environ, TEAMEVAL_REDIS_URL=redis_url())  # this worker's (maybe embedded) Redis
    return subprocess.Popen(cmd, env=env)  # noqa: S603 - our own command, no user input


class SupervisedPool(WorkerPool):
    """RQ's worker pool, which also keeps a reconciler process alive beside the workers.

    RQ checks its workers every second and starts a new one for each that died; the reconciler
    gets the same care (issue 17, fault 11: a kill -9 of it used to leave a zombie and no
    reconciler at all). Its liveness is in Redis (queue/upkeep.py: the reconciler lock).
    """

    def __init__(self, *args: Any, reconcile: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reconcile = reconcile
        self.reconciler: subprocess.Popen[bytes] | None = None

    def check_workers(self, respawn: bool = True) -> None:
        """RQ's check of the workers, then of the reconciler: a dead one is reaped and replaced."""
        super().check_workers(respawn)
        if not self.reconcile or self.status == self.Status.STOPPED:
            return
        if self.reconciler is not None and self.reconciler.poll() is not None:
            log.warning(
                "the reconciler (pid %d) exited with %s; starting a new one",
                self.reconciler.pid,
                self.reconciler.returncode,
            )
            self.reconciler = None
        if self.reconciler is None:
            self.reconciler = start_reconciler()

    def stop_reconciler(self) -> None:
        """Stop the reconciler (it lets go of its lock) and wait for it."""
        proc, self.reconciler = self.reconciler, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def run_workers(
    count: int,
    burst: bool,
    *,
    warm_up: Callable[[], None] | None = None,
    reconcile_once: Callable[[], object] | None = None,
) -> int:
    """Run `count` worker processes until stopped (or, with `burst`, until the queue is empty).

    `warm_up` runs in each worker before it forks horses (its module, imported by the caller,
    is then loaded in every horse). With `reconcile_once`, a reconciler runs beside them in its
    own process (`teameval reconcile --loop`), every few seconds, restarted by the pool when it
    dies; before a burst it runs once here (no thread yet, and its connections are closed
    before the fork).
    """
    settings = get_settings()
    # The app's redacting JSON handler: worker logs never carry comments, summaries or secrets.
    configure_logging(settings.log_level, settings.log_json)
    hook = {"warm_up": staticmethod(warm_up) if warm_up is not None else None}
    worker_class = type("Worker", (QueueWorker,), hook)

    if reconcile_once is not None and burst:
        try:
            reconcile_once()
        except Exception:  # drain what Redis has; the next reconciler pass repairs the rest
            log.warning("reconcile pass before the burst failed", exc_info=True)
        # Closed, not just forgotten: the workers are forked next and must inherit no socket.
        get_engine().dispose()
        reset_engine()
    pool = SupervisedPool(
        [settings.queue_name],
        connection=get_redis(),
        num_workers=max(1, count),
        worker_class=worker_class,
        serializer=JSONSerializer,
        reconcile=reconcile_once is not None and not burst,
    )
    try:
        pool.start(burst=burst, logging_level="INFO")
    finally:
        pool.stop_reconciler()
    return 0
