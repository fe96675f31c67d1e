"""`python -m bench.run --quick|--full`: every benchmark section on both backends, one report.

Everything runs on this machine over loopback: `teameval serve`, `teameval worker` pools, the
fake LLM server (tests/fakes/llm_server.py, the real Ollama protocol with a set latency), and the
load generator (bench/load.py), each its own process. The full run writes docs/BENCHMARKS.md
and docs/benchmarks/<backend>.json; --quick and --tiny write to var/bench/ unless --out says.
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from bench.env import BACKENDS, Backend, close_backend, open_backend
from bench.load import raise_open_files_limit
from bench.procs import ROOT, WebServer, start_fake_llm


@dataclass(frozen=True)
class Sizes:
    """How much each section does: --tiny (the smoke test), --quick, --full."""

    load_students: int
    levels: tuple[int, ...]
    phase_s: float
    capacity_s: float
    pipeline_jobs: int
    scaling_workers: tuple[int, ...]
    scaling_s: float
    batch_sizes: tuple[int, ...]
    history_rows: int
    page_repeat: int
    recovery_jobs: int
    lease_s: int
    reconcile_s: float
    # Status polling (bench/polling.py): concurrent pollers, seconds per closed-loop and
    # page-like phase; pages watching a class's summaries (bench/watching.py).
    poll_levels: tuple[int, ...] = (16, 50, 100, 200, 1000)
    poll_closed_s: float = 5.0
    poll_page_s: float = 6.0
    watch_pages: int = 1000
    watch_batch: int = 200  # of those pages, the class whose summaries are made meanwhile


MODES = {
    # The smoke test (tests/bench): every section once, as small as it can be.
    # Phases of 3 s: two users start within 1.5 s and think 0.5-1.5 s, so each phase sees some.
    "tiny": Sizes(
        *(8, (2,), 3.0, 0, 6, (1,), 1.0, (10, 100), 500, 2, 3, 2, 0.5),
        poll_levels=(2,),
        poll_closed_s=2.0,
        poll_page_s=3.0,
        watch_pages=4,
        watch_batch=2,
    ),
    "quick": Sizes(
        100,
        (10, 100),
        1.5,
        0,
        30,
        (1, 4),
        1.5,
        (10, 100, 1000),
        10_000,
        5,
        6,
        4,
        1.0,
        poll_levels=(100,),
        poll_closed_s=3.0,
        poll_page_s=4.0,
        watch_pages=50,
        watch_batch=20,
    ),
    "full": Sizes(
        load_students=200,
        levels=(10, 50, 100, 200),
        phase_s=8.0,
        capacity_s=6.0,
        pipeline_jobs=200,
        scaling_workers=(1, 2, 4, 8),
        scaling_s=8.0,
        batch_sizes=(10, 100, 1000, 10_000),
        history_rows=100_000,
        page_repeat=30,
        recovery_jobs=20,
        lease_s=30,  # the defaults of Settings: recovery as installed
        reconcile_s=5.0,
    ),
}


SECTION_NAMES = ("pipeline", "latency", "polling", "watching", "scaling", "growth", "recovery")
_only: set[str] = set(SECTION_NAMES)


def _section(results: dict[str, Any], name: str, fn: Callable[[], dict[str, Any]]) -> None:
    """Run one section; record its result, its time and the machine's load, or its error."""
    if name not in _only:
        return
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    print(f"  {name} ...", flush=True)
    try:
        results[name] = fn()
    except Exception as exc:  # one broken section must not lose the others' numbers
        traceback.print_exc()
        results[name] = {"error": f"{type(exc).__name__}: {exc}"}
    results[name]["seconds"] = round(time.monotonic() - began, 1)
    results[name]["load_avg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]


def run_backend(name: str, sizes: Sizes, work_dir: Path, llm_url: str) -> dict[str, Any]:
    """Every section on one backend."""
    from tests.fakes.llm_control import RemoteFakeLLM

    from bench import dataset, growth, latency, pipeline, polling, recovery, watching
    from teameval.db import session_factory
    from teameval.migrate import upgrade

    settings = {
        "TEAMEVAL_LLM_PROVIDER": "ollama",
        "TEAMEVAL_OLLAMA_BASE_URL": llm_url,
        # The layout issue 16 measures, whatever this machine's core count: two web processes.
        "TEAMEVAL_WEB_CONCURRENCY": "2",
    }
    backend: Backend = open_backend(name, work_dir / name, settings)
    llm = RemoteFakeLLM(llm_url)
    results: dict[str, Any] = {"backend": name}
    server: WebServer | None = None
    try:
        upgrade(backend.settings.effective_database_url)
        results["versions"] = backend.describe()
        began = time.monotonic()
        with session_factory()() as session:
            school_id, teacher_id = dataset.seed_school(session)
            load = dataset.seed_class(
                session, school_id, teacher_id, sizes.load_students, label="load"
            )
            batches = [
                dataset.seed_class(
                    session, school_id, teacher_id, n, label=f"batch{n}", with_scores=False
                )
                for n in sizes.batch_sizes
            ]
            history = dataset.seed_class(
                session, school_id, teacher_id, 200, label="history", with_scores=False
            )
            watched = dataset.seed_class(
                session, school_id, teacher_id, sizes.watch_pages, label="watched"
            )
            tokens = dataset.issue_tokens(
                backend.settings.signing_key,
                session,
                school_id,
                [*load.student_ids, *watched.student_ids, teacher_id],
            )
        results["seed_s"] = round(time.monotonic() - began, 1)
        server = web = WebServer(backend.env, backend.log_dir)

        _section(
            results,
            "pipeline",
            lambda: pipeline.run_overhead(backend, load, llm, sizes.pipeline_jobs),
        )
        users = latency.student_users(load, tokens)
        _section(
            results,
            "latency",
            lambda: latency.run_latency(
                web.url, users, sizes.levels, sizes.phase_s, sizes.capacity_s
            ),
        )
        _section(
            results,
            "polling",
            lambda: polling.run_polling(
                backend,
                web,
                users,
                sizes.poll_levels,
                {"closed": sizes.poll_closed_s, "page": sizes.poll_page_s},
            ),
        )

        def watching_section() -> dict[str, Any]:
            llm.configure(latency=0.0, reset=True)
            return watching.run_watching(
                backend,
                web.url,
                watched,
                tokens,
                lambda pool: polling.observer(backend, web, pool),
                users[0],
                sizes.watch_batch,
            )

        _section(results, "watching", watching_section)
        _section(
            results,
            "scaling",
            lambda: pipeline.run_scaling(
                backend, load, llm, sizes.scaling_workers, sizes.scaling_s
            ),
        )

        def growth_section() -> dict[str, Any]:
            import httpx

            teacher = {"Authorization": f"Bearer {tokens[teacher_id]}"}
            cookie = {"Cookie": f"teameval_session={tokens[teacher_id]}"}
            with (
                httpx.Client(base_url=web.url, headers=teacher, timeout=120) as api,
                httpx.Client(base_url=web.url, headers=cookie, timeout=120) as pages,
            ):
                out = {"batch_queue": growth.run_batches(api, batches)}
                growth.clear_queued(backend, [k.evaluation_id for k in batches])
                measured = batches[-1] if len(batches[-1].student_ids) <= 1000 else batches[-2]
                out["measured_evaluation_jobs"] = len(measured.student_ids)
                out["rows_before"] = growth.table_size()
                out["before"] = growth.measure_pages(
                    api, pages, measured.evaluation_id, sizes.page_repeat
                )
                out["insert_s"] = round(growth.add_history(history, sizes.history_rows), 1)
                out["rows_after"] = growth.table_size()
                out["after"] = growth.measure_pages(
                    api, pages, measured.evaluation_id, sizes.page_repeat
                )
                out["history_evaluation"] = growth.measure_pages(
                    api, pages, history.evaluation_id, sizes.page_repeat
                )
                out["plans"] = growth.query_plans(
                    school_id, measured.evaluation_id, measured.student_ids[0]
                )
            return out

        _section(results, "growth", growth_section)
        _section(
            results,
            "recovery",
            lambda: recovery.run_recovery(
                backend,
                load,
                llm,
                sizes.recovery_jobs,
                sizes.lease_s,
                sizes.reconcile_s,
            ),
        )
    finally:
        if server is not None:
            server.stop()
        close_backend(backend)
    return results


def _commit() -> str:
    """The commit measured (and whether the tree had changes on top of it)."""
    import subprocess

    def git(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own git, fixed arguments
            ["git", *args],  # noqa: S607 - git from PATH, as make uses it
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain", "src") else "")


def _keep_others(report: dict[str, Any], out_dir: Path, backends: list[str]) -> None:
    """Sections this run left out, from the report already in `out_dir`, marked as such."""
    import json

    for b in backends:
        path = out_dir / "benchmarks" / f"{b}.json"
        if not path.exists() or "error" in report[b]:
            continue
        old = json.loads(path.read_text())
        run = old["machine"]
        origin = run.get("from_runs", {})
        for name in SECTION_NAMES:
            if name not in _only and name in old.get(b, {}):
                mark = origin.get(name) or f"{run['started_at']}, commit {run.get('commit', '?')}"
                report[b][name] = old[b][name] | {"from_run": mark}
                report["machine"].setdefault("from_runs", {})[name] = mark


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "commit": _commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    for name in MODES:
        mode.add_argument(f"--{name}", dest="mode", action="store_const", const=name)
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="default: both")
    parser.add_argument("--out", type=Path, help="report directory (full: docs/)")
    parser.add_argument(
        "--only", help="comma-separated sections, for development (pipeline runs first anyway)"
    )
    parser.add_argument(
        "--keep-others",
        action="store_true",
        help="with --only: keep the other sections' figures from the report already in --out "
        "(each marked with the run it comes from)",
    )
    parser.add_argument(
        "--poll-levels", help="comma-separated concurrent pollers, instead of the mode's"
    )
    args = parser.parse_args(argv)
    raise_open_files_limit()  # the server and the load generators inherit it: 1,000 sockets
    if args.only:
        _only.clear()
        _only.update({"pipeline", *args.only.split(",")})
    sizes = MODES[args.mode]
    if args.poll_levels:
        sizes = replace(sizes, poll_levels=tuple(int(x) for x in args.poll_levels.split(",")))
    out_dir: Path = args.out or (ROOT / "docs" if args.mode == "full" else ROOT / "var" / "bench")
    backends = args.backend or list(BACKENDS)

    from bench.report import write_report

    began = time.monotonic()
    report: dict[str, Any] = {
        "mode": args.mode,
        "command": " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)]),
        "sizes": asdict(sizes),
        "machine": machine(),
    }
    work_dir = Path(tempfile.mkdtemp(prefix="teameval-bench-"))
    llm, llm_url = start_fake_llm(0.0, work_dir / "logs", dict(os.environ))
    try:
        for name in backends:
            print(f"{name}:", flush=True)
            try:
                report[name] = run_backend(name, sizes, work_dir, llm_url)
            except Exception as exc:  # e.g. no PostgreSQL here: still report the other backend
                traceback.print_exc()
                report[name] = {"backend": name, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        llm.stop()
    report["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["total_s"] = round(time.monotonic() - began, 1)
    if args.only and args.keep_others:
        _keep_others(report, out_dir, backends)
    paths = write_report(report, out_dir, backends)
    print(f"done in {report['total_s']} s; wrote " + ", ".join(str(p) for p in paths))
    if not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(work_dir, ignore_errors=True)
    else:
        print(f"logs kept in {work_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
