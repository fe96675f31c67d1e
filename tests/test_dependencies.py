"""The lock files pin every dependency that pyproject.toml asks for, at a version it allows.

`make install` and CI install from `requirements/dev.txt`, the Dockerfile from
`requirements/runtime.txt` (docs/DEPENDENCIES.md): a dependency added to pyproject.toml without
`make lock` would be missing there, and this test says so before an install does.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins(lock: str) -> dict[str, str]:
    """Package name -> pinned version, read from a pip-compile lock file."""
    pins = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        if m := PIN.match(line):
            pins[canonicalize_name(m[1])] = m[2]
    return pins


def _wanted() -> tuple[list[Requirement], list[Requirement]]:
    """The runtime and the dev requirements written in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    return runtime, [Requirement(r) for r in project["optional-dependencies"]["dev"]]


def test_each_lock_pins_every_requirement_at_an_allowed_version() -> None:
    runtime, dev = _wanted()
    for lock, wanted in (("runtime.txt", runtime), ("dev.txt", runtime + dev)):
        pins = _pins(lock)
        for req in wanted:
            name = canonicalize_name(req.name)
            assert name in pins, f"{req.name} is not in requirements/{lock}: run make lock"
            assert req.specifier.contains(pins[name], prereleases=True), (
                f"requirements/{lock} pins {req.name}=={pins[name]}, pyproject.toml asks {req}"
            )


def test_the_dev_lock_runs_the_same_versions_as_production() -> None:
    runtime, dev = _pins("runtime.txt"), _pins("dev.txt")
    assert runtime, "requirements/runtime.txt pins nothing"
    differ = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert not differ, f"runtime.txt and dev.txt disagree (runtime, dev): {differ}"
