"""deploy/grafana: every dashboard query names series and labels that /metrics really serves."""

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from teameval.config import get_settings
from teameval.errors import TooManyRequests
from teameval.observability.metrics import (
    record_fallback,
    record_job_finished,
    record_llm_call,
    record_reconciler_action,
)
from teameval.ratelimit import limit

DASHBOARD = Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "teameval-dashboard.json"
_SERIES = re.compile(r"^(teameval_[a-z_]+)(?:\{([^}]*)\})?", re.MULTILINE)


def _served(client: TestClient) -> dict[str, set[str]]:
    """Series names /metrics answers with, and the label names each carries."""
    text = client.get("/metrics").text
    served: dict[str, set[str]] = {}
    for name, labels in _SERIES.findall(text):
        keys = {pair.split("=", 1)[0] for pair in labels.split(",") if "=" in pair}
        served.setdefault(name, set()).update(keys - {"le"})
    return served


def test_every_panel_queries_served_series_and_labels(client: TestClient) -> None:
    # Give every counter a sample, as a running installation has.
    record_job_finished("completed")
    record_reconciler_action("requeued_lost")
    record_llm_call("ollama", "ok", 1.2, 100, 50)
    record_fallback("llm_unavailable")
    with pytest.raises(TooManyRequests):  # the login limit, as a guessing script meets it
        for _ in range(100):
            limit(get_settings(), "email:guess@y.example", "login")
    client.post("/api/v1/auth/login", json={"email": "x@y.example", "password": "wrong"})
    served = _served(client)

    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    assert len(exprs) >= 10
    for expr in exprs:
        names = re.findall(r"teameval_[a-z_]+", expr)
        assert names, expr
        for name in names:
            assert name in served, f"{name} (in {expr!r}) is not served by /metrics"
            for group in re.findall(r"by \(([^)]*)\)", expr):
                wanted = {g.strip() for g in group.split(",")} - {"le"}
                assert wanted <= served[name], f"{expr!r}: {wanted - served[name]} not labels"
