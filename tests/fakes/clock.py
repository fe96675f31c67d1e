"""A process clock that runs ahead or behind: every `utcnow()` of the app, for clock-skew tests."""

from datetime import datetime, timedelta, tzinfo

import pytest


def skew_clock(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Make this process's clock run `seconds` ahead (negative: behind) until `monkeypatch`
    undoes it. The database's clock is untouched, as on a machine whose clock drifted."""
    import teameval.models.base as base

    class Skewed(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> "Skewed":
            moment = datetime.now(tz) + timedelta(seconds=seconds)
            return cls.fromtimestamp(moment.timestamp(), tz)

    monkeypatch.setattr(base, "datetime", Skewed)
