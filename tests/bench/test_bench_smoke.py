"""The benchmark harness runs end to end at its smallest size and writes every section.

No timings are asserted (the machine is shared; numbers belong in docs/BENCHMARKS.md): this only
checks that `python -m bench.run` drives the real server, workers, Redis and fake LLM and
reports each section with its figures.
"""

import json
import subprocess
import sys
from pathlib import Path

from bench.report import SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_tiny_run_writes_every_section(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--tiny",
            "--backend",
            "embedded",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]

    data = json.loads((tmp_path / "benchmarks" / "embedded.json").read_text())["embedded"]
    for key, _title, _render in SECTIONS:
        assert "error" not in data[key], (key, data[key]["error"], result.stderr[-4000:])
    assert {level["concurrency"] for level in data["latency"]["levels"]} == {2}
    assert data["latency"]["levels"][0]["healthz"]["n"] > 0
    assert data["pipeline"]["summaries"]["complete"] and data["pipeline"]["noop_per_s"] > 0
    assert data["pipeline"]["sql"]["statements_per_job"] > 0
    assert data["pipeline"]["redis"]["commands_per_job"] > 0
    assert all(run["complete"] for run in data["scaling"]["runs"])
    assert [r["queued"] for r in data["growth"]["batch_queue"]["runs"]] == [10, 100]
    assert data["growth"]["rows_after"] >= data["growth"]["rows_before"] + 500
    assert {"kill_9", "redis_wipe"} <= data["recovery"].keys()

    page = (tmp_path / "BENCHMARKS.md").read_text()
    for _key, title, _render in SECTIONS:
        assert f"## {title}" in page
    assert "Failed:" not in page

    # Status polling (issue 16 item 4): both modes at the tiny level, each with its healthz
    # baseline, failures counted by kind, and what was observed while the phase ran.
    polling = data["polling"]
    assert [(r["mode"], r["concurrency"]) for r in polling["levels"]] == [
        ("closed", 2),
        ("page", 2),
    ]
    for row in polling["levels"]:
        for scenario in ("status", "healthz"):
            stats = row[scenario]
            assert stats["n"] > 0, (row["mode"], scenario, stats)
            assert {"timeouts", "refused_503", "server_errors", "connection_errors"} <= set(stats)
            assert "web" in stats["observed"]["cpu_pct"]
            assert stats["load_generator"]["cpu_pct"] >= 0
    assert "status_p99_ratio_closed_100" not in polling["targets"]  # no level of 100 here
    # Pages watching: the class's jobs all complete with nobody and with polling pages, and
    # every polling page of the class learns its job's end; SSE is measured where it exists.
    watching = {r["condition"]: r for r in data["watching"]["runs"]}
    assert watching["nobody"]["complete"] and watching["poll"]["complete"]
    assert watching["poll"]["delay_after_completion"]["n"] == data["watching"]["batch"]
    assert "seconds" in watching["sse"] or "unavailable" in watching["sse"]
    assert "## 1. Status polling" in page and "pages watching through SSE" in page

    kill, wipe = data["recovery"]["kill_9"], data["recovery"]["redis_wipe"]
    # Every job ends after either blow (issue 17 item 12: no job stranded inside Redis).
    assert kill["complete"], kill.get("unfinished")
    assert wipe["complete"], wipe.get("unfinished")
