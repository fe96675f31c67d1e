"""The embedded Redis: stopped for real when its process is done, its data kept for next time."""

import json
import os
import subprocess
import sys
from pathlib import Path

# Starts the embedded Redis, writes a counter, holds a second client open (as a worker that
# never let go would), then stops it the way `teameval run` and the test session do.
_SCRIPT = """
import json
from redis import Redis
from teameval.config import get_settings
from teameval.queue import connection

var_dir = get_settings().var_dir
connection.configure_redis(None, var_dir)
url = connection.start_embedded_redis(var_dir)
runs = connection.get_redis().incr("runs")
stuck = Redis.from_url(url)
stuck.ping()
pid = connection._embedded.pid
connection.stop_embedded_redis()
print(json.dumps({"pid": pid, "runs": runs}))
"""


def _is_redis_server(pid: int) -> bool:
    try:
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _run(var_dir: Path) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "TEAMEVAL_REDIS_URL"}
    env["TEAMEVAL_VAR_DIR"] = str(var_dir)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_stop_leaves_no_server_behind_and_keeps_the_data(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["pid"] > 0
    assert not _is_redis_server(first["pid"]), "the embedded redis-server outlived its owner"

    second = _run(tmp_path)
    assert not _is_redis_server(second["pid"])
    assert second["pid"] != first["pid"]
    assert second["runs"] == 2  # the first run's data was saved in var_dir and read back
