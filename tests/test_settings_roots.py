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
    "queue/worker.py",  # `teameval worker` and the RQ work-horses it forks
    "summaries/jobs.py",  # generate(job_id): the entry of each job a work-horse runs
    "migrations/env.py",  # Alembic's entry point, run by `teameval migrate` or `alembic`
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
    outside = _modules_using_getter() - COMPOSITION_ROOTS
    assert not outside, (
        f"{sorted(outside)} call get_settings(): take the settings from the caller instead "
        "(a constructor argument, or config.SettingsDep in a route)"
    )


def test_the_list_of_roots_is_current() -> None:
    stale = COMPOSITION_ROOTS - _modules_using_getter() - {"config.py"}
    assert not stale, f"{sorted(stale)} no longer call get_settings(): remove them from the list"


def test_the_check_finds_a_call(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from teameval import config\n\nX = config.get_settings().queue_name\n")
    assert _uses_getter(sample)
    sample.write_text("def f(settings):\n    return settings.queue_name\n")
    assert not _uses_getter(sample)


ENVIRON_WRITERS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def _writes_environ(path: Path) -> bool:
    """Whether the module changes `os.environ` (or calls os.putenv / os.unsetenv)."""

    def is_environ(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        stored = isinstance(getattr(node, "ctx", None), ast.Store | ast.Del)
        if isinstance(node, ast.Subscript) and is_environ(node.value) and stored:
            return True
        if isinstance(node, ast.Attribute):
            if is_environ(node.value) and node.attr in ENVIRON_WRITERS:
                return True
            if node.attr in {"putenv", "unsetenv"}:
                return True
    return False


def test_no_module_hands_settings_on_through_the_environment() -> None:
    """A process gives the ones it starts their settings in their command's environment (a
    copy), never by changing its own: that would be global state every later reader sees."""
    writers = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if _writes_environ(path)
    )
    assert not writers, f"{writers} change os.environ: pass the value to the child instead"


def test_the_environment_check_finds_a_write(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    for write in (
        'os.environ["TEAMEVAL_REDIS_URL"] = url',
        'del os.environ["TEAMEVAL_REDIS_URL"]',
        "os.environ.update(env)",
        'os.environ.setdefault("A", "b")',
    ):
        sample.write_text(f"import os\n\n{write}\n")
        assert _writes_environ(sample), write
    sample.write_text('import os\n\nenv = dict(os.environ, A="b")\nx = os.environ.get("A")\n')
    assert not _writes_environ(sample)
