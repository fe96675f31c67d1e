"""Structured logs: one JSON object per line, with the request (or job) id, and nothing secret.

What must never reach a log: passwords, tokens (bearer, session cookie, CSRF), review comments
and summary texts. Code is written not to log them; this module is the net under that rule:
a filter drops sensitive fields by name and scrubs the patterns that carry secrets into
messages and tracebacks (bearer tokens, JWTs, `password=...`, SQLAlchemy's `[parameters: ...]`
and pydantic's `input_value=...`, which echo request data). tests/observability/test_logging.py
runs a whole flow and scans the captured log for every secret it used.
"""

import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

REDACTED = "[redacted]"

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "teameval_request_id", default=None
)
# Extra fields bound for a stretch of work (a job id in a worker), added to every line.
_context_var: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "teameval_log_context", default=None
)

# Field names whose values are never logged, whatever logs them.
_SENSITIVE_KEYS = re.compile(
    r"^(pass(word)?|secret|token|access_token|authorization|cookie|csrf|comments?|summary|"
    r"text|quotes?|api_key|body)$|(_password|_token|_secret|_text|_comment)$",
    re.IGNORECASE,
)
_SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bbearer\s+[\w.~+/=-]+"), f"Bearer {REDACTED}"),
    (re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*"), REDACTED),  # a JWT anywhere
    (
        re.compile(r"(?i)((?:password|passwd|secret|token|api_key)[\"']?\s*[:=]\s*)[^\s,;&}]+"),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)(teameval_session=)[^;\s]+"), rf"\1{REDACTED}"),
    (re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL), f"[parameters: {REDACTED}]"),
    (re.compile(r"input_value=(['\"]).*?\1(?=, input_type)", re.DOTALL), f"input_value={REDACTED}"),
    (re.compile(r"input_value=\{.*?\}(?=, input_type)", re.DOTALL), f"input_value={REDACTED}"),
)
# Attributes every LogRecord has; anything else was passed in `extra=` and is logged as a field.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


def scrub(text: str) -> str:
    """`text` with every secret-carrying pattern replaced."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return text


def _clean(key: str, value: Any) -> Any:
    if _SENSITIVE_KEYS.search(key):
        return REDACTED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {str(k): _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(key, v) for v in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return scrub(str(value))


class RedactingFilter(logging.Filter):
    """Adds the request id and bound context to a record and removes secrets from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record, cleaned."""
        record.request_id = request_id_var.get()
        for key, value in (_context_var.get() or {}).items():
            setattr(record, key, value)
        message = record.getMessage()
        record.msg, record.args = scrub(message), None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and key != "request_id":
                setattr(record, key, _clean(key, value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = scrub(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for a developer's terminal, scrubbed like the JSON ones."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The record as one scrubbed line (plus its traceback)."""
        return scrub(super().format(record))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is written (test captures swap it)."""

    @property
    def stream(self) -> Any:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    """Send every log (ours, uvicorn's, RQ's) through one redacting handler on stderr.

    Idempotent: calling it again replaces the handler it installed before, so create_app()
    may call it in every process uvicorn starts.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_teameval", False):
            root.removeHandler(handler)
    handler = _StderrHandler()
    handler._teameval = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn and RQ install handlers of their own: route them through ours instead. Our
    # middleware writes the access line (with the route and request id), so uvicorn's is off.
    for name in ("uvicorn", "uvicorn.error", "rq.worker"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add `fields` (e.g. job_id) to every log line written inside the block."""
    token = _context_var.set({**(_context_var.get() or {}), **fields})
    try:
        yield
    finally:
        _context_var.reset(token)
