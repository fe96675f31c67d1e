"""RQ's own floor: a job that does nothing, run by the same worker class on the same queue."""


def noop() -> str:
    """Do nothing (the benchmark's no-op job)."""
    return "ok"
