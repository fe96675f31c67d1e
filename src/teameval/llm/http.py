"""The HTTP plumbing both LLM providers share: timeouts, error mapping, streaming.

httpx has no total timeout: `read` bounds the wait for each chunk. A non-streaming answer
arrives in one piece, so there `read` bounds the whole generation; when streaming, a deadline
checked between chunks bounds it.
"""

import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpcore  # noqa: F401 - httpx imports it lazily; load it once, before workers fork
import httpx

from teameval.llm.errors import PermanentLLMError, TransientLLMError

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


def make_timeout(connect_s: float, read_s: float, cap_s: float | None = None) -> httpx.Timeout:
    """Explicit timeouts (httpx and the Ollama client default to none or 5 s for everything)."""
    if cap_s is not None:
        cap_s = max(cap_s, 0.05)
        connect_s, read_s = min(connect_s, cap_s), min(read_s, cap_s)
    return httpx.Timeout(connect=connect_s, read=read_s, write=min(read_s, 30.0), pool=connect_s)


def _server_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        error = error.get("message")
    return str(error or response.reason_phrase)[:200]


def raise_for_status(response: httpx.Response, provider: str) -> None:
    """Turn an HTTP error answer into TransientLLMError or PermanentLLMError."""
    if response.is_success:
        return
    message = f"{provider} answered {response.status_code}: {_server_message(response)}"
    if response.status_code in _TRANSIENT_STATUSES:
        raise TransientLLMError(message)
    raise PermanentLLMError(message)  # 400, 401, 403, 404 (model not found), 422, ...


def post(
    url: str,
    body: dict[str, Any],
    *,
    provider: str,
    timeout: httpx.Timeout,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST `body` as JSON and return the JSON answer, mapping every failure to our errors."""
    try:
        response = _client_for_request().post(url, json=body, headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise TransientLLMError(f"{provider} timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:  # refused, reset, closed without an answer, ...
        raise TransientLLMError(f"{provider} unreachable ({type(exc).__name__})") from exc
    raise_for_status(response, provider)
    try:
        data = response.json()
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
    try:
        with _client_for_request().stream(
            "POST", url, json=body, headers=headers, timeout=timeout
        ) as response:
            if not response.is_success:
                response.read()
                raise_for_status(response, provider)
            for line in response.iter_lines():
                if time.monotonic() > deadline:
                    raise TransientLLMError(f"{provider} did not finish in time")
                if line.strip():
                    yield line
    except httpx.TimeoutException as exc:
        raise TransientLLMError(f"{provider} timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise TransientLLMError(f"{provider} unreachable ({type(exc).__name__})") from exc


def json_line(line: str, provider: str) -> dict[str, Any]:
    """One streamed JSON object."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise TransientLLMError(f"{provider} streamed a line that is not JSON") from exc
    if not isinstance(data, dict):
        raise TransientLLMError(f"{provider} streamed an unexpected line")
    return data
