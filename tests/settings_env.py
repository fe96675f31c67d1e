"""Changing a setting inside one test, for this process and for the processes it starts."""

import pytest

from teameval.config import Settings, get_settings


def use_settings(monkeypatch: pytest.MonkeyPatch, **values: str) -> Settings:
    """Set `TEAMEVAL_<NAME>` for this test, undone by `monkeypatch` afterwards.

    Worker processes started from now on read the environment; this process's settings object,
    which create_app() (the `client` fixture) was given and tests hand to services, is changed
    in place, so an app made before the change sees it too.
    """
    current = get_settings()  # first: read before the change, if it was not read yet
    for name, value in values.items():
        monkeypatch.setenv(f"TEAMEVAL_{name.upper()}", value)
    fresh = Settings()
    # Which fields were set decides Settings.public_url: restore that set as well.
    monkeypatch.setattr(current, "__pydantic_fields_set__", set(current.model_fields_set))
    for name in values:
        monkeypatch.setattr(current, name, getattr(fresh, name))
    return current
