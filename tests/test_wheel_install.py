"""A plain (not editable) install of the wheel migrates and serves, away from the checkout.

The wheel is built from a copy of the sources and installed with `--no-deps` into a fresh venv
that borrows the locked dependencies of the test's own venv (a path entry, not an install).
It then runs in an empty directory: no alembic.ini and no migrations folder beside it.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import httpx
from alembic.script import ScriptDirectory

from teameval.migrate import alembic_config
from teameval.models import Base
from tests.queue.processes import ROOT, free_port, stop_process_group, wait_ready


def _run(*cmd: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output when it fails."""
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    out: str = result.stdout
    return out


def _installed_wheel(tmp: Path) -> Path:
    """A venv holding the built wheel of this checkout; returns its bin directory."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", tmp / "dist", source)
    wheel = next((tmp / "dist").glob("teameval-*.whl"))

    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / "bin"
    site = Path(
        _run(
            bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
        ).strip()
    )
    # After the venv's own site-packages: the wheel's teameval comes first, the dependencies
    # (and pip) from the test's venv, where teameval itself is only an editable finder that
    # this path entry does not activate.
    (site / "locked_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel)
    return bin_dir


def test_a_wheel_install_migrates_and_serves(tmp_path: Path) -> None:
    bin_dir = _installed_wheel(tmp_path)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = _run(bin_dir / "python", "-c", "import teameval; print(teameval.__file__)", cwd=workdir)
    assert Path(where.strip()).is_relative_to(tmp_path / "venv"), where

    db = tmp_path / "wheel.db"
    env = dict(os.environ) | {
        "TEAMEVAL_DATABASE_URL": f"sqlite:///{db}",
        "TEAMEVAL_VAR_DIR": str(tmp_path / "var"),
        "TEAMEVAL_WEB_CONCURRENCY": "1",
    }
    _run(bin_dir / "teameval", "migrate", cwd=workdir, env=env)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(Base.metadata.tables) <= tables

    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "teameval"), "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(server, f"{base}/healthz")
        # The templates and static files are in the wheel as well.
        page = httpx.get(f"{base}/login", timeout=10)
        assert page.status_code == 200 and "<form" in page.text
    finally:
        stop_process_group(server, timeout=10)  # type: ignore[arg-type]
