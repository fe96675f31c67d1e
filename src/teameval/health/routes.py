"""`/healthz` (the process answers) and `/readyz` (the database and Redis answer)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from teameval.db import SessionDep
from teameval.queue.connection import get_redis
from teameval.queue.upkeep import reconciler_status

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(session: SessionDep) -> JSONResponse:
    """Ready to serve: the database and Redis both answer; and whether a reconciler runs."""
    checks: dict[str, str] = {}
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # any failure means not ready; the detail is for the logs, not the probe
        checks["database"] = "unavailable"
    try:
        get_redis().ping()
        checks["redis"] = "ok"
    except Exception:
        checks["redis"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    # Reported, not judged: this web process serves without a reconciler, so its absence must
    # not take the process out of the load balancer. Monitoring alerts on it (/metrics).
    reconciler = "unknown"
    if checks["redis"] == "ok":
        try:
            reconciler = "ok" if reconciler_status().alive else "missing"
        except Exception:
            reconciler = "unknown"
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", **checks, "reconciler": reconciler},
        status_code=200 if ready else 503,
    )
