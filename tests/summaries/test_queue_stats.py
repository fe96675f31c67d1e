"""`/api/v1/queue/stats` counts live workers, also after Redis lost their registrations."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School
from teameval.queue.connection import get_redis
from tests.factories.school import make_user
from tests.queue.processes import start_worker_pool, stop_process_group, wait_until

Login = Callable[[Any], dict[str, str]]


def test_workers_alive_follows_the_pool_and_survives_a_redis_wipe(
    client: TestClient, session: Session, school: School, login: Login, tmp_path: Path
) -> None:
    headers = login(make_user(session, school, "teacher"))

    def alive() -> int:
        count: int = client.get("/api/v1/queue/stats", headers=headers).json()["workers_alive"]
        return count

    assert alive() == 0
    log = tmp_path / "workers.log"
    pool = start_worker_pool(2, log)
    try:
        assert wait_until(lambda: alive() == 2, 60, interval=0.5), tmp_path / "workers.log"
        get_redis().flushdb()
        assert alive() == 0
        # Each idle worker renews its key within 20 s and is counted again.
        assert wait_until(lambda: alive() == 2, 45, interval=0.5)
    finally:
        stop_process_group(pool)
    assert wait_until(lambda: alive() == 0, 20, interval=0.5)
