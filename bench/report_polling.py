"""The report's pages for status polling and pages watching (issue 16): tables per level, what
was observed while each phase ran, and the targets' rows."""

from collections.abc import Callable
from typing import Any

from bench.report_table import table

MODE_NAMES = {"closed": "closed loop (no think time)", "page": "as the page polls (1 s to 5 s)"}


def _failures(e: dict[str, Any]) -> str:
    return (
        f"{e.get('timeouts', 0)} / {e.get('refused_503', 0)} / {e.get('server_errors', 0)}"
        f" / {e.get('connection_errors', 0)}"
    )


def _after(after: dict[str, Any]) -> str:
    if after["settled"]:
        return str(after["settle_s"])
    stop = after["restart"]
    how = "SIGKILL needed" if stop["killed"] else f"stopped in {stop['stop_s']} s"
    return f"not in {after['settle_s']}: restarted ({how})"


def _cpu(observed: dict[str, Any], generator: float | None) -> str:
    """CPU per group, the load generator's, and what the rest of the machine took (other
    people's work on a shared machine, and the Redis and PostgreSQL servers' other clients)."""
    cpu = observed.get("cpu_pct", {})
    parts = [f"{name} {value}" for name, value in cpu.items()]
    machine = observed.get("machine_cpu_pct")
    if generator is not None:
        parts.append(f"load generator {generator}")
    if machine is not None:
        rest = machine - sum(cpu.values()) - (generator or 0)
        parts.append(f"**rest of the machine {round(rest, 1)}**")
        parts.append(f"machine {machine} of {observed.get('machine_cores')}00")
    return ", ".join(parts)


def _pg(observed: dict[str, Any]) -> str:
    pg = observed.get("pg_sessions")
    if not pg:
        return ""
    peak = ", ".join(f"{k} {v}" for k, v in pg["peak"].items())
    waits = ", ".join(f"{k} {v}" for k, v in pg["active_waits"].items())
    return f"peak {peak}" + (f"; active waits {waits}" if waits else "")


def _threads(observed: dict[str, Any]) -> str:
    t = observed.get("threads")
    if not t:
        return ""
    kinds = "; ".join(f"{n} {k}" for k, n in t["by_wait"].items())
    errors = f" (py-spy: {t['errors'][0]})" if t.get("errors") else ""
    return f"{t['threads']} threads in {t['processes']} processes: {kinds}{errors}"


def polling(r: dict[str, Any]) -> list[str]:
    """Per mode and level: status and healthz side by side, failures, the load generator."""
    p = r["polling"]
    lines = [
        f"{p['web_processes']} web processes, {p['workers']} workers running beside them, "
        f"client timeout {p['client_timeout_s']} s, one connection per poller; phases of "
        f"{p['seconds_per_phase']} s. Failures read timeouts / 503 / other 5xx / connection "
        "errors.",
        "",
    ]
    for mode, title in MODE_NAMES.items():
        rows = [x for x in p["levels"] if x["mode"] == mode]
        if not rows:
            continue
        lines += [f"**{title}**", ""]
        lines += table(
            [
                "pollers",
                "status req/s",
                "status p50 / p99 ms",
                "healthz p99 ms",
                "p99 ratio",
                "status failures",
                "healthz failures",
                "load gen CPU % / loop lag p99 ms",
                "after: healthy again in s",
            ],
            [
                [
                    x["concurrency"],
                    x["status"]["rps"],
                    f"{x['status']['p50_ms']} / {x['status']['p99_ms']}",
                    x["healthz"]["p99_ms"],
                    x["p99_ratio"],
                    _failures(x["status"]),
                    _failures(x["healthz"]),
                    f"{x['status']['load_generator']['cpu_pct']} / "
                    f"{x['status']['load_generator']['loop_lag_p99_ms']}",
                    _after(x["status"]["after"]),
                ]
                for x in rows
            ],
        )
    lines += ["What was observed during the status phases (CPU in % of one core):", ""]
    lines += table(
        ["mode", "pollers", "CPU %", "PostgreSQL sessions", "web threads (py-spy)"],
        [
            [
                x["mode"],
                x["concurrency"],
                _cpu(x["status"]["observed"], x["status"]["load_generator"]["cpu_pct"]),
                _pg(x["status"]["observed"]),
                _threads(x["status"]["observed"]),
            ]
            for x in p["levels"]
        ],
    )
    return lines


def watching(r: dict[str, Any]) -> list[str]:
    """The batch with nobody, SSE pages and polling pages watching."""
    w = r["watching"]
    rows = []
    for x in w["runs"]:
        if "unavailable" in x:
            rows.append([x["condition"], "", "", "", "", "", "", f"no stream: {x['unavailable']}"])
            continue
        pages = x.get("pages", {})
        delay = x.get("delay_after_completion", {})
        rows.append(
            [
                x["condition"],
                x["seconds"],
                x.get("x_nobody"),
                f"{pages.get('peak_held', '')} / {pages.get('ever_connected', '')}"
                if x["condition"] == "sse"
                else "",
                pages.get("events_per_s" if x["condition"] == "sse" else "poll_requests"),
                delay.get("n", ""),
                f"{delay.get('p50_ms', '')} / {delay.get('p99_ms', '')}" if delay else "",
                _cpu(x["observed"], pages.get("cpu_pct")),
            ]
        )
    lines = [
        f"{w['pages']} pages of a school, one job each: {w.get('batch')} of them a class whose "
        f"summaries {w['workers']} workers make (the LLM answering at once), the others waiting "
        f"in the queue meanwhile. Stream `{w['sse_path']}`. CPU in % of one core.",
        "",
    ]
    lines += table(
        [
            "watching",
            "batch s (first start to last end)",
            "x nobody",
            "SSE held peak / connected",
            "events/s (SSE) or polls (poll)",
            "class pages told",
            "told after completion p50 / p99 ms",
            "CPU %",
        ],
        rows,
    )
    return lines


def target_rows(report: dict[str, Any], b: str, add: Callable[..., None]) -> None:
    """The polling and watching targets of one backend, through the page's `add`."""
    labels = {
        "status_p99_ratio_closed_100": "status p99 / healthz p99, 100 closed-loop pollers",
        "failures_at_200": "200 pollers: timeouts, 5xx but 503, connection errors",
        "sse_pages": "pages watching through SSE, batch time x nobody",
    }
    for section in ("polling", "watching"):
        for key, t in report[b].get(section, {}).get("targets", {}).items():
            value = t["value"]
            if isinstance(value, dict):
                value = " / ".join(str(v) for v in value.values())
            add(labels[key], t["target"], b, value, t["met"])


def _short(mode: str) -> str:
    return "closed loop" if mode == "closed" else "page"


def before_after(
    report: dict[str, Any], before: dict[str, Any], backends: list[str], names: dict[str, str]
) -> list[str]:
    """The polling and watching figures of an earlier run (the code before issue 16's changes)
    beside this run's, level by level."""
    was, now = before.get("machine", {}), report["machine"]
    lines = [
        f"Before: commit {was.get('commit', '?')}, run of {was.get('started_at')}, load average "
        f"{was.get('load_avg_at_start')} at its start. After: commit {now.get('commit', '?')}, "
        f"run of {now.get('started_at')}, load average {now.get('load_avg_at_start')}. Same "
        "machine and command; the load of the machine differs between the runs, so the ratios "
        "(each measured within one run) compare better than the milliseconds.",
        "",
    ]
    rows = []
    for b in backends:
        old = {(r["mode"], r["concurrency"]): r for r in _levels(before.get(b, {}))}
        for r in _levels(report[b]):
            o = old.get((r["mode"], r["concurrency"]))
            if o is None:
                continue
            rows.append(
                [
                    names[b],
                    _short(r["mode"]),
                    r["concurrency"],
                    f"{o['p99_ratio']} → **{r['p99_ratio']}**",
                    f"{o['status']['p99_ms']} → {r['status']['p99_ms']}",
                    f"{o['status']['rps']} → {r['status']['rps']}",
                    f"{_failures(o['status'])} → {_failures(r['status'])}",
                ]
            )
    lines += table(
        [
            "backend",
            "pollers",
            "n",
            "status p99 / healthz p99",
            "status p99 ms",
            "status req/s",
            "failures (timeouts / 503 / 5xx / conn.)",
        ],
        rows,
    )
    rows = []
    for b in backends:
        old_runs = {
            r["condition"]: r for r in before.get(b, {}).get("watching", {}).get("runs", [])
        }
        for r in report[b].get("watching", {}).get("runs", []):
            o = old_runs.get(r["condition"], {})
            rows.append(
                [
                    names[b],
                    r["condition"],
                    f"{o.get('seconds', 'n/a')} → {r.get('seconds', 'n/a')}",
                    f"{o.get('x_nobody', 'n/a')} → {r.get('x_nobody', 'n/a')}",
                ]
            )
    lines += table(["backend", "pages watching", "batch s", "x nobody"], rows)
    return lines


def _levels(backend: dict[str, Any]) -> list[dict[str, Any]]:
    levels: list[dict[str, Any]] = backend.get("polling", {}).get("levels", [])
    return levels
