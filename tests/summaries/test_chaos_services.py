"""Chaos of the services around the workers (issue 17, faults 13b and 15-19): a database cut, a
frozen Redis, a retry scheduled over a Redis stop, 20 concurrent synchronous regenerates, a
hanging and trickling LLM, one after another against one pool of 3 worker processes. Each
fault gets a class of its own; every job of it must be final within 60 s of the fault's end
(the LLM faults do not end: within 60 s of the class being queued), and at the end nothing is
lost or overwritten: every job final, one summary per student, the latest job's result.

Nothing shared is touched. The pool reaches the database through a TCP proxy the test cuts
(PostgreSQL only: SQLite is a file), and Redis through a proxy the test freezes, in front of a
`redis-server` of the test's own (tests/fakes/redis_server.py) that it stops and starts again
with its data. The test process itself talks to both directly. The LLM is the fake Ollama
server on loopback, set per fault. Short leases, timeouts and backoff keep the test quick.
"""

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from teameval.app import create_app
from teameval.config import get_settings
from teameval.llm.breaker import read_state
from teameval.models import FeedbackSummary, School, SummaryGenerationJob
from teameval.queue.connection import configure_redis, get_redis
from teameval.summaries.job_service import SummaryJobService
from teameval.summaries.snapshot import RETRY_LATER_PREFIX
from tests.factories.school import PASSWORD
from tests.factories.summaries import FeedbackClass, make_feedback_class, principal_of
from tests.fakes.llm_server import FakeLLMServer
from tests.fakes.redis_server import PrivateRedis
from tests.fakes.tcp_proxy import TCPProxy
from tests.queue.processes import (
    start_worker_pool,
    stop_process_group,
    summaries_queue,
    wait_until,
)
from tests.summaries.chaos_support import (
    assert_nothing_lost_or_overwritten,
    job_counts,
    print_diagnostics,
    unfinished,
)

Job = SummaryGenerationJob
CLASS_SIZE = 15
LATENCY_S = 0.3
REGENERATE_LATENCY_S = 1.5  # below the read timeout (2 s): slow, not failing
FINAL_WITHIN_S = 60.0
CUT_S = FREEZE_S = 12.0  # longer than a worker's 10 s Redis socket timeout
REQUEST_WITHIN_S = 5.0  # a request while Redis is frozen (it took 51 s, then 10 s)
BACKOFF_S = 6
SETTINGS = {
    "TEAMEVAL_JOB_LEASE_S": "3",
    "TEAMEVAL_RECONCILE_INTERVAL_S": "1",
    "TEAMEVAL_JOB_RETRY_BACKOFF_S": str(BACKOFF_S),
    "TEAMEVAL_LLM_PROVIDER": "ollama",
    "TEAMEVAL_OLLAMA_MODEL": "llama3.1:8b",
    "TEAMEVAL_LLM_CONNECT_TIMEOUT_S": "1",
    "TEAMEVAL_LLM_READ_TIMEOUT_S": "2",
    # The least the settings allow: 2 x (1 + 2) s of LLM calls + 15 s to store the result, so
    # an attempt gets 6 s of LLM time however its answer trickles.
    "TEAMEVAL_JOB_TIMEOUT_S": "21",
    "TEAMEVAL_LLM_BREAKER_FAILURES": "3",
    # No probe during the test: the LLM faults come last, and the breaker's probe and closing
    # are tests/summaries/test_llm_breaker.py's.
    "TEAMEVAL_LLM_BREAKER_COOLDOWN_S": "60",
}


@dataclass
class Rig:
    """The pool and everything between it and the services, as the test controls them."""

    llm: FakeLLMServer
    redis: PrivateRedis
    redis_proxy: TCPProxy
    database_proxy: TCPProxy | None  # None on SQLite
    log_path: Path

    @property
    def pool_redis_url(self) -> str:
        """Redis as the pool reaches it: through the proxy."""
        return f"redis://127.0.0.1:{self.redis_proxy.port}/0"


@pytest.fixture
def rig(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Rig]:
    """A pool of 3 workers (and its reconciler) behind the proxies, with the fake LLM."""
    with ExitStack() as stack:
        llm = stack.enter_context(FakeLLMServer(latency=LATENCY_S))
        redis = stack.enter_context(PrivateRedis(tmp_path / "redis"))
        redis_proxy = stack.enter_context(TCPProxy(("127.0.0.1", redis.port)))
        for key, value in SETTINGS.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("TEAMEVAL_OLLAMA_BASE_URL", llm.url)
        monkeypatch.setenv("TEAMEVAL_REDIS_URL", redis.url)  # this process: directly
        get_settings.cache_clear()
        settings = get_settings()
        configure_redis(redis.url)
        database_proxy = None
        pool_env: dict[str, str] = {}
        url = make_url(settings.effective_database_url)
        if url.get_backend_name() == "postgresql":
            database_proxy = stack.enter_context(TCPProxy((url.host or "", url.port or 5432)))
            through = url.set(host="127.0.0.1", port=database_proxy.port)
            pool_env["TEAMEVAL_DATABASE_URL"] = through.render_as_string(hide_password=False)
        rig = Rig(llm, redis, redis_proxy, database_proxy, tmp_path / "workers.log")
        pool_env["TEAMEVAL_REDIS_URL"] = rig.pool_redis_url
        pool = start_worker_pool(3, rig.log_path, **pool_env)
        try:
            yield rig
        finally:
            stop_process_group(pool)
            monkeypatch.undo()
            get_settings.cache_clear()
            configure_redis(get_settings().redis_url, get_settings().var_dir)


@pytest.mark.chaos
def test_every_job_survives_database_redis_and_llm_faults(
    session: Session, school: School, rig: Rig
) -> None:
    started = time.monotonic()
    recovery: dict[str, float] = {}
    try:
        # Ready: the workers answer before the first fault (their start-up is no fault).
        warm = _queue_class(session, school, students=3)
        assert wait_until(lambda: unfinished(warm.evaluation.id) == 0, 90), job_counts()

        if rig.database_proxy is not None:
            recovery["database cut 12 s"] = _cut_the_database(session, school, rig.database_proxy)
        recovery["Redis frozen 12 s"] = _freeze_redis(session, school, rig)
        recovery["Redis stopped 8 s over due retries"] = _stop_redis_over_retries(
            session, school, rig
        )
        recovery["20 concurrent regenerates"] = _twenty_regenerates(session, school, rig)
        recovery["hanging and trickling LLM"] = _hanging_and_trickling_llm(session, school, rig)
        assert_nothing_lost_or_overwritten(session)
    except BaseException:
        print_diagnostics(rig.log_path)
        raise
    print(f"\nchaos (services): {job_counts()} in {time.monotonic() - started:.1f} s")
    for what, seconds in recovery.items():
        print(f"every job final, {what}: {seconds:.1f} s")


def _queue_class(session: Session, school: School, students: int = CLASS_SIZE) -> FeedbackClass:
    """A new class whose teacher presses "generate all"."""
    klass = make_feedback_class(session, school, students=students, team_size=5)
    batch = SummaryJobService(session, principal_of(klass.teacher), get_settings()).batch_queue(
        klass.evaluation.id, None
    )
    assert batch.queued == students
    return klass


def _final_within(klass: FeedbackClass, since: float) -> float:
    """Seconds from `since` until every job of the class is final (at most FINAL_WITHIN_S)."""
    evaluation_id = klass.evaluation.id
    left = FINAL_WITHIN_S - (time.monotonic() - since)
    assert wait_until(lambda: unfinished(evaluation_id) == 0, left), job_counts(evaluation_id)
    return time.monotonic() - since


def _done(klass: FeedbackClass) -> int:
    return job_counts(klass.evaluation.id).get("completed", 0)


def _during(fault: Callable[[], None], lift: Callable[[], None], seconds: float) -> float:
    """Apply a fault for `seconds`, lift it; returns when it was lifted (monotonic)."""
    fault()
    time.sleep(seconds)
    lift()
    return time.monotonic()


def _cut_the_database(session: Session, school: School, proxy: TCPProxy) -> float:
    """Fault 18's database side, for the workers: every connection closed, new ones refused."""
    klass = _queue_class(session, school)
    assert wait_until(lambda: _done(klass) >= 2, 30), job_counts(klass.evaluation.id)
    lifted = _during(proxy.cut, proxy.restore, CUT_S)
    seconds = _final_within(klass, lifted)
    assert job_counts(klass.evaluation.id) == {"completed": CLASS_SIZE}
    return seconds


def _freeze_redis(session: Session, school: School, rig: Rig) -> float:
    """Fault 18's Redis side: the server accepts and holds every byte, past the workers' socket
    timeout. Meanwhile a teacher's regenerate, whose web process shares the frozen Redis, is
    answered within seconds (it took 51 s) and its summary is stored."""
    klass = _queue_class(session, school)
    other = make_feedback_class(session, school, students=5, team_size=5)
    frozen = get_settings().model_copy(update={"redis_url": rig.pool_redis_url})
    with TestClient(create_app(frozen)) as client:  # this process now uses the proxy too
        headers = _sign_in(client, other)
        assert wait_until(lambda: _done(klass) >= 2, 30), job_counts(klass.evaluation.id)
        rig.redis_proxy.freeze()
        try:
            asked = time.monotonic()
            answer = client.post(_regenerate_url(other), headers=headers)
            answered_in = time.monotonic() - asked
            time.sleep(max(0.0, FREEZE_S - answered_in))
        finally:
            rig.redis_proxy.restore()
    lifted = time.monotonic()
    configure_redis(rig.redis.url)
    assert answer.status_code == 200, answer.text
    assert answer.json()["generation_method"] == "ai"
    assert answered_in < REQUEST_WITHIN_S, f"regenerate took {answered_in:.1f} s"
    seconds = _final_within(klass, lifted)
    assert job_counts(klass.evaluation.id) == {"completed": CLASS_SIZE}
    print(f"\nregenerate while Redis was frozen: answered in {answered_in:.1f} s")
    return seconds


def _stop_redis_over_retries(session: Session, school: School, rig: Rig) -> float:
    """Fault 13b: retries wait in RQ's scheduled registry when Redis stops, and come due while
    it is down; it starts again with its data, and they must run (they used to wait forever)."""
    rig.llm.enqueue(*["error_500"] * 5)  # five first attempts fail and are scheduled again
    klass = _queue_class(session, school)
    registry = ScheduledJobRegistry(queue=summaries_queue())  # type: ignore[no-untyped-call]
    assert wait_until(lambda: registry.count >= 3, 30), job_counts(klass.evaluation.id)
    scheduled = set(registry.get_job_ids())
    lifted = _during(rig.redis.stop, rig.redis.start, BACKOFF_S + 2)
    seconds = _final_within(klass, lifted)
    session.expire_all()
    jobs = session.scalars(select(Job).where(Job.evaluation_id == klass.evaluation.id)).all()
    assert {j.status for j in jobs} == {"completed"}
    retried = [j for j in jobs if j.job_id in scheduled]
    assert retried and all(j.attempts >= 2 and j.result for j in retried)
    assert {j.result["generation_method"] for j in retried if j.result} == {"ai"}
    return seconds


def _sign_in(client: TestClient, klass: FeedbackClass) -> dict[str, str]:
    """The bearer header of the class's teacher."""
    login = {"email": klass.teacher.email, "password": PASSWORD}
    answer = client.post("/api/v1/auth/login", json=login)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _regenerate_url(klass: FeedbackClass) -> str:
    """The regenerate route of the class's first student."""
    evaluation, student = klass.evaluation.id, klass.students[0].id
    return f"/api/v1/feedback-summaries/evaluation/{evaluation}/student/{student}/regenerate"


def _twenty_regenerates(session: Session, school: School, rig: Rig) -> float:
    """Fault 19: 20 teachers' regenerates of one student at once, through the API, while the
    workers watch the queue: one LLM call, and the stored summary is the job's result.

    At once for real: the threads start together, and the LLM takes REGENERATE_LATENCY_S, so
    the last request is in before the first call ends (a regenerate that came after it had
    completed would rightly make a new summary; at load 18 the requests spread over 0.4 s).
    """
    klass = make_feedback_class(session, school, students=5, team_size=5)
    url = _regenerate_url(klass)
    together = threading.Barrier(20)

    def regenerate(client: TestClient, headers: dict[str, str]) -> httpx.Response:
        together.wait(timeout=30)
        answer: httpx.Response = client.post(url, headers=headers)
        return answer

    # Room for all 20 at once in this web process (by default 10 run and the others wait at
    # most 2 s for a slot, then answer 503: tests/test_admission.py's subject, not this one's).
    settings = get_settings().model_copy(update={"web_max_requests": 20})
    with TestClient(create_app(settings)) as client:
        headers = _sign_in(client, klass)
        calls = len(rig.llm.requests())
        rig.llm.configure(latency=REGENERATE_LATENCY_S)
        started = time.monotonic()
        with ThreadPoolExecutor(20) as threads:
            sent = [threads.submit(regenerate, client, headers) for _ in range(20)]
            answers = [f.result() for f in sent]
        seconds = time.monotonic() - started
        rig.llm.configure(latency=LATENCY_S)
    assert [a.status_code for a in answers] == [200] * 20, answers[0].text
    session.expire_all()
    jobs = session.scalars(select(Job).where(Job.evaluation_id == klass.evaluation.id)).all()
    assert [(j.status, j.attempts) for j in jobs] == [("completed", 1)]
    assert len(rig.llm.requests()) == calls + 1
    stored = session.scalars(
        select(FeedbackSummary).where(FeedbackSummary.evaluation_id == klass.evaluation.id)
    ).one()
    assert stored.generation_method == "ai"
    assert jobs[0].result is not None and jobs[0].result["summary_text"] == stored.summary_text
    assert {a.json()["summary_text"] for a in answers} == {stored.summary_text}
    return seconds


def _hanging_and_trickling_llm(session: Session, school: School, rig: Rig) -> float:
    """Faults 15 and 16: the LLM accepts and never answers, or sends a byte every half second
    and never its answer (no read timeout fires: the attempt's own deadline ends it). Three
    timeouts open the breaker, and the class ends in fallbacks marked for a later retry within a
    minute; it used to take 3 x 120 s per job, and a trickle outlived the last attempt."""
    trickle = {"mode": "trickle", "interval": 0.5, "seconds": 600}
    rig.llm.configure(mode="hang", hang_s=600)
    rig.llm.enqueue(trickle, "hang", trickle, "hang", trickle)
    calls = len(rig.llm.requests())
    queued = time.monotonic()
    klass = _queue_class(session, school)
    seconds = _final_within(klass, queued)
    session.expire_all()
    jobs = session.scalars(select(Job).where(Job.evaluation_id == klass.evaluation.id)).all()
    assert {j.status for j in jobs} == {"completed"}
    assert max(j.attempts for j in jobs) <= jobs[0].max_attempts  # no attempt after the last
    summaries = session.scalars(
        select(FeedbackSummary).where(FeedbackSummary.evaluation_id == klass.evaluation.id)
    ).all()
    assert {s.generation_method for s in summaries} == {"fallback"}
    assert all(s.feedback_hash.startswith(RETRY_LATER_PREFIX) for s in summaries)
    asked = rig.llm.requests()[calls:]
    assert {r["mode"] for r in asked} == {"hang", "trickle"}
    assert len(asked) < CLASS_SIZE  # the breaker stopped the calls
    assert read_state(get_redis()).reason == "timeout"
    return seconds
