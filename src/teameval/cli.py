"""The `teameval` command.

Verbs: run, serve, worker, migrate, reconcile, demo-data, create-school, create-user.

The composition root of every command: `main` reads the settings once, points the process at
its database and its Redis and hands the settings to the command, which passes on what it
starts (a process it starts gets the Redis URL in its command's environment).
"""

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from functools import partial

from teameval.config import Settings, get_settings
from teameval.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES

Handler = Callable[[argparse.Namespace, Settings], int]


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from teameval.migrate import upgrade

    upgrade(settings.effective_database_url)
    print("database migrated")
    return 0


def trusted_proxies() -> str:
    """The addresses whose X-Forwarded-For uvicorn believes (`FORWARDED_ALLOW_IPS`); never "*".

    uvicorn takes the rightmost address in X-Forwarded-For that is not a trusted proxy as the
    client, the one the per-client sign-in limit counts. With "*" every hop is trusted and it
    takes the leftmost entry, which the client wrote itself: anyone could pose as any address.
    """
    import os

    trusted = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    if "*" in (part.strip() for part in trusted.split(",")):
        raise SystemExit(
            "FORWARDED_ALLOW_IPS='*' would let any client choose its address: set the reverse "
            "proxy's own address (or network) instead, see docs/OPERATIONS.md"
        )
    return trusted


def check_connection_share(settings: Settings, processes: int) -> None:
    """Refuse to start web processes that together could open more database connections than
    `web_db_connections_max` (docs/OPERATIONS.md, "Connections and timeouts")."""
    from teameval.app import web_connection_limits

    per_process = web_connection_limits(settings).max_connections
    if processes * per_process > settings.web_db_connections_max:
        raise SystemExit(
            f"{processes} web processes x {per_process} database connections each "
            f"(TEAMEVAL_WEB_MAX_REQUESTS {settings.web_max_requests} + 5) = "
            f"{processes * per_process} is more than TEAMEVAL_WEB_DB_CONNECTIONS_MAX "
            f"({settings.web_db_connections_max}): run fewer processes (--workers), lower "
            "TEAMEVAL_WEB_MAX_REQUESTS, or raise the limit if PostgreSQL's max_connections "
            "leaves room for it beside the workers"
        )


def warn_if_postgresql_allows_fewer(settings: Settings, processes: int) -> None:
    """Say so on stderr when PostgreSQL itself accepts fewer connections than these web
    processes may open (its max_connections less the superusers' reserve); never fails."""
    from sqlalchemy import text

    from teameval.app import web_connection_limits
    from teameval.db import get_engine

    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.connect() as connection:
            allowed = int(connection.execute(text("SHOW max_connections")).scalar_one()) - int(
                connection.execute(text("SHOW superuser_reserved_connections")).scalar_one()
            )
    except Exception as exc:  # the database may be starting: the web answers 503 meanwhile
        print(f"could not read PostgreSQL's max_connections: {exc}", file=sys.stderr)
        return
    finally:
        engine.dispose()
    needed = processes * web_connection_limits(settings).max_connections
    if needed > allowed:
        print(
            f"warning: {processes} web processes may open {needed} database connections, but "
            f"PostgreSQL accepts {allowed} (max_connections less the superusers' reserve), "
            "before any worker: requests will answer 503 when it refuses more. Raise "
            "max_connections, run fewer processes or lower TEAMEVAL_WEB_MAX_REQUESTS "
            '(docs/OPERATIONS.md, "Connections and timeouts")',
            file=sys.stderr,
        )


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    forwarded_allow_ips = trusted_proxies()
    workers = args.workers or settings.web_processes
    check_connection_share(settings, workers)
    warn_if_postgresql_allows_fewer(settings, workers)
    # In flight at SIGTERM: finished within the grace, then their connections are closed.
    grace = settings.web_shutdown_timeout_s
    if workers == 1:
        import uvicorn

        uvicorn.run(
            "teameval.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            log_level="info",
            timeout_graceful_shutdown=grace,
        )
        return 0
    env, release = _share_between_processes(settings)
    command = [sys.executable, "-m", "uvicorn", "teameval.app:create_app", "--factory"]
    command += ["--host", args.host, "--port", str(args.port), "--workers", str(workers)]
    command += ["--proxy-headers", "--forwarded-allow-ips", forwarded_allow_ips]
    command += ["--log-level", "info", "--timeout-graceful-shutdown", str(grace)]
    try:
        return _supervise(command, env)
    finally:
        release()


def _share_between_processes(settings: Settings) -> tuple[dict[str, str], Callable[[], None]]:
    """Before uvicorn starts several processes: the environment they get, and how to let go.

    The embedded Redis is started here, once, so every process uses the same one (each would
    start its own otherwise), and request metrics go to a fresh PROMETHEUS_MULTIPROC_DIR unless
    the deployment set one, so /metrics sums every process (docs/OPERATIONS.md). Both reach the
    web processes in the environment given to their command, not by changing this one's.
    """
    import os
    import shutil

    from teameval.queue.connection import redis_url, stop_embedded_redis

    env = dict(os.environ)
    embedded = settings.redis_url is None
    if embedded:
        env["TEAMEVAL_REDIS_URL"] = redis_url()
    metrics_dir = None
    if not env.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = settings.var_dir.resolve() / "prometheus" / str(os.getpid())
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)

    def release() -> None:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
        if embedded:
            stop_embedded_redis()

    return env, release


def _supervise(command: list[str], env: dict[str, str]) -> int:
    """Run `command` (the web server) to its end; a stop signal sent to us reaches it too.

    It shares our process group, so Ctrl-C (and a stop sent to the group) reaches it directly;
    SIGTERM sent to us alone (a container's PID 1) is passed on, once.
    """
    import signal
    import subprocess

    child = subprocess.Popen(command, env=env)  # noqa: S603 - our own command, no user input
    signal.signal(signal.SIGTERM, lambda signum, _frame: child.send_signal(signum))
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue  # the terminal sent it to the whole group: uvicorn stops by itself


def _create_school(args: argparse.Namespace, _settings: Settings) -> int:
    from teameval.db import session_factory
    from teameval.schools.service import SchoolAdminService

    with session_factory()() as session:
        school = SchoolAdminService(session).create_school(args.name, args.language)
        print(json.dumps({"id": school.id, "name": school.name, "language": school.language}))
    return 0


def _create_user(args: argparse.Namespace, _settings: Settings) -> int:
    from teameval.db import session_factory
    from teameval.schools.service import SchoolAdminService

    with session_factory()() as session:
        user = SchoolAdminService(session).create_user(
            args.school_id, args.role, args.email, args.name, args.password
        )
        print(
            json.dumps(
                {
                    "id": user.id,
                    "school_id": user.school_id,
                    "role": user.role,
                    "email": user.email,
                    "name": user.name,
                }
            )
        )
    return 0


def _demo_data(_args: argparse.Namespace, settings: Settings) -> int:
    from teameval.db import session_factory
    from teameval.demo import demo_is_loaded, format_logins, load_demo
    from teameval.migrate import upgrade

    # A fresh installation has no tables yet; upgrading twice is harmless.
    upgrade(settings.effective_database_url)
    with session_factory()() as session:
        existed = demo_is_loaded(session)
        logins = load_demo(session)
    print("demo school already loaded" if existed else "demo school loaded")
    print(format_logins(logins))
    return 0


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from teameval.queue.worker import run_workers
    from teameval.summaries.jobs import warm_up
    from teameval.summaries.reconciler import reconcile_once

    reconcile = None if args.no_reconcile else partial(reconcile_once, settings)
    return run_workers(
        args.count, args.burst, warm_up=partial(warm_up, settings), reconcile_once=reconcile
    )


def _reconcile(args: argparse.Namespace, settings: Settings) -> int:
    from teameval.evaluations.deadlines import close_due, start_deadline_thread
    from teameval.evaluations.events import on_closed
    from teameval.summaries.job_service import queue_after_close
    from teameval.summaries.reconciler import reconcile_forever, reconcile_once

    # An evaluation closed at its deadline here queues its summaries, as one closed by a page.
    on_closed(partial(queue_after_close, settings=settings))

    if args.loop:
        from teameval.observability.logging import configure_logging

        # The same redacting JSON lines as the web and worker processes it runs beside.
        configure_logging(settings.log_level, settings.log_json)
        from teameval.reminders.jobs import start_reminder_thread

        # The scheduler's other periodic duty: the automatic reminder e-mails (sent once each).
        start_reminder_thread(settings)
        import signal

        # A stop (the pool ending, or restarting us) unwinds the loop, which lets go of the
        # reconciler lock so that a standby reconciler takes over at once.
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
        # And closing the evaluations whose deadline passed (docs/EVALUATION-FLOW.md).
        start_deadline_thread()
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the whole process group
            reconcile_forever(settings, parent_pid=args.parent_pid)
        return 0
    report = reconcile_once(settings)
    closed = close_due()
    print(
        json.dumps(
            {
                "closed_at_deadline": len(closed),
                "requeued_expired": len(report.requeued_expired),
                "requeued_missing": len(report.requeued_missing),
                "failed": len(report.failed),
            }
        )
    )
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from teameval.runner import run_all

    return run_all(settings, args.host, args.port, args.worker_count, args.demo)


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    """The argument parser of every subcommand (`settings` give the defaults)."""
    parser = argparse.ArgumentParser(prog="teameval", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(handler=_migrate)

    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="web server processes (default: TEAMEVAL_WEB_CONCURRENCY, else one per CPU)",
    )
    serve.set_defaults(handler=_serve)

    sub.add_parser(
        "demo-data", help="load the demo school (once) and print its logins"
    ).set_defaults(handler=_demo_data)

    worker = sub.add_parser("worker", help="run summary workers (RQ, with scheduler)")
    worker.add_argument("--count", type=int, default=settings.worker_count)
    worker.add_argument("--burst", action="store_true", help="drain the queue, then exit")
    worker.add_argument(
        "--no-reconcile", action="store_true", help="leave the reconciler to another process"
    )
    worker.set_defaults(handler=_worker)

    reconcile = sub.add_parser(
        "reconcile", help="put lost and abandoned summary jobs back on the queue"
    )
    reconcile.add_argument("--loop", action="store_true", help="every reconcile_interval_s")
    reconcile.add_argument("--parent-pid", type=int, help="with --loop: stop when it exits")
    reconcile.set_defaults(handler=_reconcile)

    run = sub.add_parser("run", help="embedded Redis, migrations, web server, workers: all in one")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--worker-count", type=int, default=settings.worker_count)
    run.add_argument("--demo", action="store_true", help="load the demo school when empty")
    run.set_defaults(handler=_run)

    school = sub.add_parser("create-school", help="create a school; prints it as JSON")
    school.add_argument("--name", required=True)
    school.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    school.set_defaults(handler=_create_school)

    user = sub.add_parser("create-user", help="create a user; prints it as JSON")
    user.add_argument("--school-id", type=int, required=True)
    user.add_argument("--role", choices=["admin", "teacher", "student"], required=True)
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--password", required=True)
    user.set_defaults(handler=_create_user)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `teameval` command."""
    from teameval.db import ConnectionLimits, configure_database
    from teameval.queue.connection import configure_redis

    settings = get_settings()  # read once, here: bad settings fail before anything starts
    args = build_parser(settings).parse_args(argv)
    # Workers and the reconciler wait longer on the database than a web request, and fewer at
    # once (db.ConnectionLimits); the web's limits are set by create_app.
    background = args.command in ("worker", "reconcile")
    configure_database(
        settings.effective_database_url, ConnectionLimits.for_worker() if background else None
    )
    configure_redis(settings.redis_url, settings.var_dir)
    try:
        result: int = args.handler(args, settings)
    except Exception as exc:
        from teameval.errors import AppError
        from teameval.i18n import translate

        if isinstance(exc, AppError):
            print(f"error: {translate(exc.code, 'en', **exc.params)}", file=sys.stderr)
            return 2
        raise
    return result


if __name__ == "__main__":
    sys.exit(main())
