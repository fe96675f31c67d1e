"""Driving the fake LLM server: the control methods, and a handle on a fake in another process.

`FakeLLMServer` (tests/fakes/llm_server.py) runs the fake in a thread of the test process;
`spawn(...)` runs `python -m tests.fakes.llm_server` as its own process (for worker processes
and benchmarks) and yields a `RemoteFakeLLM` with the same methods, over `POST /_control`,
`GET /_requests` and `GET /_stats`.
"""

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.fakes import llm_wire as wire


class Controls:
    """The control methods both the in-process server and the remote handle offer."""

    def configure(self, **options: Any) -> None:
        """Set mode, latency, params, queue, models, api_key, parallel, max_queue, hang_s."""
        raise NotImplementedError

    def requests(self) -> list[dict[str, Any]]:
        """Every chat request received, oldest first."""
        raise NotImplementedError

    def enqueue(self, *behaviours: str | dict[str, Any]) -> None:
        """Answer the next chat requests with these behaviours, in order."""
        self.configure(queue=list(behaviours))

    def reset(self) -> None:
        """Forget the request log and the queued behaviours."""
        self.configure(reset=True)

    def prompts(self) -> list[str]:
        """The text of every message of every chat request, one string per request."""
        return [
            "\n".join(str(m.get("content") or "") for m in (r["body"] or {}).get("messages", []))
            for r in self.requests()
        ]

    def received_text(self) -> str:
        """Every string value the fake received in chat requests, for 'never sent' assertions."""
        return "\n".join(s for r in self.requests() for s in wire.strings(r["body"]))


class RemoteFakeLLM(Controls):
    """A handle on a fake running in another process, controlled over HTTP."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.openai_url = f"{self.url}/v1"

    def _call(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        if payload is None:
            response = httpx.get(self.url + path, timeout=10)
        else:
            response = httpx.post(self.url + path, json=payload, timeout=10)
        response.raise_for_status()
        return response.json()

    def configure(self, **options: Any) -> None:
        self._call("/_control", options)

    def requests(self) -> list[dict[str, Any]]:
        return list(self._call("/_requests")["requests"])

    @property
    def stats(self) -> dict[str, Any]:
        """Request count, in-flight and peak concurrency."""
        return dict(self._call("/_stats"))


@contextlib.contextmanager
def spawn(
    port: int = 0, latency: float = 0.0, mode: str = "ok", **options: Any
) -> Iterator[RemoteFakeLLM]:
    """Run the fake as a separate process (for worker processes and benchmarks)."""
    root = Path(__file__).resolve().parents[2]
    args = [sys.executable, "-m", "tests.fakes.llm_server", "--port", str(port)]
    args += ["--latency", str(latency), "--mode", mode]
    process = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"the fake LLM server did not start: {line!r}")
        remote = RemoteFakeLLM(line.removeprefix("listening on "))
        if options:
            remote.configure(**options)
        yield remote
    finally:
        process.terminate()
        process.wait(timeout=10)
