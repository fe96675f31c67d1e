"""The HTTP plumbing both LLM providers share: deadlines, size caps, error mapping, streaming.

httpx has no total timeout: `read` bounds the wait for each chunk, and a server that trickles
a byte now and then never trips it. So every call has a deadline (a `time.monotonic()` value):
the timeouts are capped to it and it is checked between the chunks of every body, streamed or
not. Bodies are read in chunks and counted: one past MAX_BODY_BYTES is refused while it is being
read, never held in memory whole, and an answer longer than MAX_CONTENT_CHARS is refused before
any other check looks at it (a 10 MB answer through the validation's patterns held the GIL for
seconds).
"""

import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpcore  # noqa: F401 - httpx imports it lazily; load it once, before workers fork
import httpx

from teameval.llm.errors import (
    InvalidAnswer,
    LLMConfigError,
    LLMTimeout,
    LLMUnreachable,
    PermanentLLMError,
    TransientLLMError,
)

# One TLS context per process, made at import: httpx builds a new one for every client (loading
# the CA bundle takes tens of milliseconds), and every forked work-horse makes a new client.
_SSL_CONTEXT = httpx.create_ssl_context()

_client: httpx.Client | None = None
_client_user = 0  # the process that sent requests with _client (0: none yet)
_client_lock = threading.Lock()


def shared_client() -> httpx.Client:
    """This process's HTTP client for LLM calls (timeouts are given per request).

    One client per process: making one takes milliseconds, and its pool keeps the connection to
    the LLM server for the next call. A client that another process has used (a forked child's
    parent) is never touched: its pool may hold that process's connections. One that nobody has
    used yet holds no connection, so a worker makes it before it forks and every horse uses it.
    """
    global _client, _client_user
    pid = os.getpid()
    if _client is None or _client_user not in (0, pid):
        with _client_lock:
            if _client is None or _client_user not in (0, pid):
                _client = httpx.Client(verify=_SSL_CONTEXT)
                _client_user = 0
    return _client


def _client_for_request() -> httpx.Client:
    global _client_user
    client = shared_client()
    _client_user = os.getpid()
    return client


# Statuses worth retrying: timeouts, rate limits and the server's own trouble (503 = busy).
_TRANSIENT_STATUSES = {408, 409, 425, 429, 500, 502, 503, 504}
# A refusal of how we ask for structure: llama.cpp's server answers 500 to a `json_schema`
# response_format it does not know, others 400 or 422; Ollama 400 "invalid format".
_FORMAT_STATUSES = {400, 422, 500}
_FORMAT_REFUSAL = re.compile(r"response_format|json_schema|json_object|\bformat\b", re.I)

# An answer is a few kilobytes (700 tokens at most); a stream adds about 200 bytes of framing
# per token. Anything far beyond is a server gone wrong, not a summary.
MAX_BODY_BYTES = 1024 * 1024
MAX_CONTENT_CHARS = 20_000


def make_timeout(connect_s: float, read_s: float, cap_s: float | None = None) -> httpx.Timeout:
    """Explicit timeouts (httpx and the Ollama client default to none or 5 s for everything)."""
    if cap_s is not None:
        cap_s = max(cap_s, 0.05)
        connect_s, read_s = min(connect_s, cap_s), min(read_s, cap_s)
    return httpx.Timeout(connect=connect_s, read=read_s, write=min(read_s, 30.0), pool=connect_s)


def call_deadline(
    started: float, cap_s: float | None, connect_s: float, read_s: float, *, stream: bool
) -> float:
    """When one call must have its whole answer: `cap_s` after `started` when given, else the
    timeouts' own bound (a streamed answer may take a few read timeouts, one chunk at a time)."""
    if cap_s is not None:
        return started + max(cap_s, 0.05)
    return started + connect_s + (read_s * 5 if stream else read_s)


def _server_message(raw: bytes, reason: str) -> str:
    try:
        error = json.loads(raw).get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        error = error.get("message")
    if not error:
        error = raw.decode("utf-8", "replace").strip() or reason
    return str(error)[:300]


def raise_for_status(status: int, raw: bytes, reason: str, provider: str) -> None:
    """Turn an HTTP error answer (status and body) into one of our errors."""
    if 200 <= status < 300:
        return
    detail = _server_message(raw, reason)
    message = f"{provider} answered {status}: {detail}"
    if status in _FORMAT_STATUSES and _FORMAT_REFUSAL.search(detail):
        raise LLMConfigError(message)
    if status in _TRANSIENT_STATUSES:
        raise TransientLLMError(message)
    raise PermanentLLMError(message)  # 400, 401, 403, 404 (model not found), 422, ...


def check_content(content: str) -> str:
    """The answer's text, refused (before any other check) when it is too long to be one."""
    if len(content) > MAX_CONTENT_CHARS:
        raise InvalidAnswer("too_long", f"{len(content)} characters")
    return content


def _past(deadline: float, provider: str) -> None:
    if time.monotonic() > deadline:
        raise LLMTimeout(f"{provider} did not finish in time")


def _read_capped(response: httpx.Response, provider: str, deadline: float) -> bytes:
    """The whole body, read in chunks against the deadline and the size cap."""
    body = bytearray()
    for chunk in response.iter_raw():  # as it arrives: a size would wait to fill it
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise InvalidAnswer("too_long", f"{provider} sent more than {MAX_BODY_BYTES} bytes")
        _past(deadline, provider)
    return bytes(body)


@contextlib.contextmanager
def _mapped_errors(provider: str) -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException as exc:
        raise LLMTimeout(f"{provider} timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:  # refused, reset, closed without an answer, ...
        raise LLMUnreachable(f"{provider} unreachable ({type(exc).__name__})") from exc


@contextlib.contextmanager
def _open(
    url: str,
    body: dict[str, Any],
    *,
    provider: str,
    timeout: httpx.Timeout,
    deadline: float,
    headers: dict[str, str] | None,
) -> Iterator[httpx.Response]:
    """POST `body` and hand over the answer's open stream once its status is a success."""
    with (
        _mapped_errors(provider),
        _client_for_request().stream(
            "POST", url, json=body, headers=headers, timeout=timeout
        ) as response,
    ):
        if not response.is_success:
            raw = _read_capped(response, provider, deadline)
            raise_for_status(response.status_code, raw, response.reason_phrase, provider)
        yield response


def post(
    url: str,
    body: dict[str, Any],
    *,
    provider: str,
    timeout: httpx.Timeout,
    deadline: float,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST `body` as JSON and return the JSON answer, mapping every failure to our errors."""
    limits = {"provider": provider, "timeout": timeout, "deadline": deadline, "headers": headers}
    with _open(url, body, **limits) as response:  # type: ignore[arg-type]
        raw = _read_capped(response, provider, deadline)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise TransientLLMError(f"{provider} sent a body that is not JSON") from exc
    if not isinstance(data, dict):
        raise TransientLLMError(f"{provider} sent an unexpected body")
    return data


def stream_lines(
    url: str,
    body: dict[str, Any],
    *,
    provider: str,
    timeout: httpx.Timeout,
    deadline: float,
    headers: dict[str, str] | None = None,
) -> Iterator[str]:
    """POST `body` and yield the non-empty lines of the streamed answer until `deadline`."""
    limits = {"provider": provider, "timeout": timeout, "deadline": deadline, "headers": headers}
    received = 0
    with _open(url, body, **limits) as response:  # type: ignore[arg-type]
        for line in response.iter_lines():
            received += len(line) + 1
            if received > MAX_BODY_BYTES:
                raise InvalidAnswer("too_long", f"{provider} streamed more than {MAX_BODY_BYTES}")
            _past(deadline, provider)
            if line.strip():
                yield line


def json_line(line: str, provider: str) -> dict[str, Any]:
    """One streamed JSON object."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise TransientLLMError(f"{provider} streamed a line that is not JSON") from exc
    if not isinstance(data, dict):
        raise TransientLLMError(f"{provider} streamed an unexpected line")
    return data
