"""Settings reach code through the composition roots (docs/ARCHITECTURE.md, STYLE.md 2b).

Only the entry points of a process read the environment with `config.get_settings()`: the app
factory, the CLI and the worker entry. Everything they build receives the settings, or the few
values it needs, as arguments; request code takes them with `config.SettingsDep`. A module
calling the getter from the middle of a domain reads global state and cannot be given other
settings (a test's, a second app's): this test names every such call.
"""

import ast
from pathlib import Path

import teameval

PACKAGE = Path(teameval.__file__).parent
GETTER = "get_settings"

# The entry points of the processes, where the settings are read once and handed on.
COMPOSITION_ROOTS = {
    "config.py",  # defines the getter
    "app.py",  # create_app(): the web process
    "cli.py",  # the `teameval` command
    "runner.py",  # `teameval run`: every process of a small installation
    "queue/worker.py",  # `teameval worker` and the RQ work-horses it forks
    "summaries/jobs.py",  # generate(job_id): the entry of each job a work-horse runs
    "migrations/env.py",  # Alembic's entry point, run by `teameval migrate` or `alembic`
}
# Still calling the getter from inside a domain: to be given their settings by the roots.
NOT_YET_PASSED_IN = {
    "queue/connection.py",
    "queue/queues.py",
}


def _uses_getter(path: Path) -> bool:
    """Whether the module imports or calls `get_settings` (by name or as `config.get_settings`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == GETTER for a in node.names):
            return True
        if isinstance(node, ast.Attribute) and node.attr == GETTER:
            return True
        if isinstance(node, ast.Name) and node.id == GETTER:
            return True
    return False


def _modules_using_getter() -> set[str]:
    return {
        path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if _uses_getter(path)
    }


def test_only_composition_roots_read_the_settings() -> None:
    outside = _modules_using_getter() - COMPOSITION_ROOTS - NOT_YET_PASSED_IN
    assert not outside, (
        f"{sorted(outside)} call get_settings(): take the settings from the caller instead "
        "(a constructor argument, or config.SettingsDep in a route)"
    )


def test_the_list_of_modules_still_to_change_is_current() -> None:
    stale = NOT_YET_PASSED_IN - _modules_using_getter()
    assert not stale, f"{sorted(stale)} no longer call get_settings(): remove them from the list"


def test_the_check_finds_a_call(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from teameval import config\n\nX = config.get_settings().queue_name\n")
    assert _uses_getter(sample)
    sample.write_text("def f(settings):\n    return settings.queue_name\n")
    assert not _uses_getter(sample)
