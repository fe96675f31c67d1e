"""A fake LLM *server* on loopback speaking the real Ollama and OpenAI HTTP protocols.

Not a mock: our real HTTP clients talk to it over TCP. It serves
- Ollama: `POST /api/chat` (`format` = JSON schema or "json", `stream` defaulting to true as in
  Ollama, NDJSON chunks when streaming), `GET /api/tags`, `GET /api/version`;
- OpenAI: `POST /v1/chat/completions` (`response_format` json_schema, json_object or none,
  `usage`, SSE when `stream`), `GET /v1/models`, and a bearer API key check when one is
  configured.

Beyond answering: `hang` accepts and never answers (for `seconds`), `trickle` sends a byte of
whitespace every `interval` seconds for `seconds` before the answer (so no read timeout ever
fires), `huge` answers `size` characters of summary, `format_refused` answers the way llama.cpp's
server refuses a `response_format` style it does not know (the styles in `refuse`, default
json_schema) and `raw_newlines` puts unescaped line breaks inside the JSON strings.

Behaviour is settable: a default `mode` and `latency`, and a FIFO queue of per-request behaviours
consumed by chat requests (see MODES). Every chat request is recorded, so tests can assert what
the model was (never) sent. `parallel` and `max_queue` imitate Ollama's OLLAMA_NUM_PARALLEL and
OLLAMA_MAX_QUEUE (503 when the queue is full) for benchmarks.

In-process: `with FakeLLMServer() as llm: ...` (a thread, port 0). As a process:
`python -m tests.fakes.llm_server --port 0 --latency 0.5` prints `listening on <url>`; drive it
with `RemoteFakeLLM(url)` of tests/fakes/llm_control.py (the same methods over HTTP), or
`spawn(...)` which does both.
"""

import argparse
import json
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import llm_wire as wire
from tests.fakes.llm_answers import answer_for
from tests.fakes.llm_control import Controls

# HTTP-level failures, then content-level ones (a 200 whose answer a validator must reject).
HTTP_MODES = (
    "error_500",
    "busy_503",
    "model_not_found",
    "bad_request",
    "hang",
    "disconnect",
    "trickle",
    "format_refused",
)
CONTENT_MODES = (
    "ok",
    "invalid_json",
    "schema_violation",
    "refusal",
    "too_short",
    "leak_name",
    "leak_link",
    "markup",
    "wrong_language",
    "obey",
    "unsupported",
    "unknown_source",
    "huge",
    "raw_newlines",
)
MODES = HTTP_MODES + CONTENT_MODES
DEFAULT_MODELS = ("llama3.1:8b", "gpt-4o-mini", "test-model")
_NS = 1_000_000_000


@dataclass
class Behaviour:
    """How the fake answers one chat request."""

    mode: str = "ok"
    latency: float | None = None  # None: the server's default latency
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: "str | dict[str, Any] | Behaviour") -> "Behaviour":
        """A behaviour from a mode name, a dict `{mode, latency, ...params}` or a Behaviour."""
        if isinstance(spec, Behaviour):
            return spec
        if isinstance(spec, str):
            spec = {"mode": spec}
        rest = dict(spec)
        mode = str(rest.pop("mode", "ok"))
        if mode not in MODES:
            raise ValueError(f"unknown fake LLM mode {mode!r}; known: {', '.join(MODES)}")
        latency = rest.pop("latency", None)
        return cls(mode, None if latency is None else float(latency), rest)


class _State:
    """The fake's settings, queue and request log; shared by all handler threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.log: list[dict[str, Any]] = []
        self.queue: deque[Behaviour] = deque()
        self.default = Behaviour()
        self.latency = 0.0
        self.models: tuple[str, ...] | None = DEFAULT_MODELS
        self.api_key: str | None = None
        self.hang_s = 300.0
        self.max_queue: int | None = None
        self.slots: threading.Semaphore | None = None
        self.parallel: int | None = None
        self.in_flight = 0
        self.max_in_flight = 0

    def configure(self, **options: Any) -> None:
        """Apply the options of `POST /_control` / `FakeLLMServer.configure`."""
        with self.lock:
            if options.pop("reset", False):
                self.log.clear()
                self.queue.clear()
                self.max_in_flight = self.in_flight
            if "mode" in options or "params" in options:
                mode = options.pop("mode", self.default.mode)
                self.default = Behaviour.parse({"mode": mode, **options.pop("params", {})})
            if "latency" in options:
                self.latency = float(options.pop("latency"))
            if "queue" in options:
                self.queue.extend(Behaviour.parse(b) for b in options.pop("queue"))
            if "models" in options:
                models = options.pop("models")
                self.models = None if models is None else tuple(models)
            if "parallel" in options:
                self.parallel = options.pop("parallel")
                self.slots = threading.Semaphore(self.parallel) if self.parallel else None
            for key in ("api_key", "hang_s", "max_queue"):
                if key in options:
                    setattr(self, key, options.pop(key))
        if options:
            raise ValueError(f"unknown fake LLM options: {', '.join(sorted(options))}")

    def next_behaviour(self) -> Behaviour:
        with self.lock:
            return self.queue.popleft() if self.queue else self.default

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": len(self.log),
                "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight,
                "queued_behaviours": len(self.queue),
                "mode": self.default.mode,
                "latency": self.latency,
            }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: _State

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet about clients that went away (a timed-out caller closing a hanging request)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is the record."""

    # --- plumbing -------------------------------------------------------------------------
    def _body(self) -> tuple[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        try:
            return raw, json.loads(raw) if raw else None
        except ValueError:
            return raw, None

    def _send_json(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _start_chunked(self, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _error(self, openai: bool, status: int, message: str, kind: str) -> None:
        if openai:
            error = {"message": message, "type": kind, "param": None, "code": kind}
            self._send_json(status, {"error": error})
        else:
            self._send_json(status, {"error": message})

    # --- routing --------------------------------------------------------------------------
    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/api/version":
            self._send_json(200, {"version": "0.5.7"})
        elif self.path == "/api/tags":
            models = [
                {
                    "name": m,
                    "model": m,
                    "modified_at": "2025-01-01T00:00:00Z",
                    "size": 4_920_753_328,
                    "digest": "0" * 64,
                    "details": {"format": "gguf", "family": "llama", "parameter_size": "8B"},
                }
                for m in state.models or DEFAULT_MODELS
            ]
            self._send_json(200, {"models": models})
        elif self.path == "/v1/models":
            data = [{"id": m, "object": "model", "owned_by": "fake"} for m in state.models or ()]
            self._send_json(200, {"object": "list", "data": data})
        elif self.path == "/_requests":
            with state.lock:
                self._send_json(200, {"requests": list(state.log)})
        elif self.path == "/_stats":
            self._send_json(200, state.snapshot())
        else:
            self._send_json(404, {"error": "404 page not found"})

    def do_POST(self) -> None:
        raw, body = self._body()
        state = self.server.state
        if self.path == "/_control":
            try:
                state.configure(**(body or {}))
            except (TypeError, ValueError) as exc:
                self._send_json(400, {"error": str(exc)})
                return
            self._send_json(200, state.snapshot())
        elif self.path == "/_reset":
            state.configure(reset=True)
            self._send_json(200, state.snapshot())
        elif self.path in ("/api/chat", "/v1/chat/completions"):
            self._chat(raw, body, openai=self.path.startswith("/v1/"))
        else:
            self._send_json(404, {"error": "404 page not found"})

    # --- chat -----------------------------------------------------------------------------
    def _chat(self, raw: str, body: Any, openai: bool) -> None:
        state = self.server.state
        behaviour = state.next_behaviour()
        entry = {
            "path": self.path,
            "received_at": time.time(),
            "mode": behaviour.mode,
            "authorization": self.headers.get("Authorization"),
            "raw": raw,
            "body": body,
        }
        with state.lock:
            state.log.append(entry)
        if openai and state.api_key and entry["authorization"] != f"Bearer {state.api_key}":
            self._error(True, 401, "Incorrect API key provided.", "invalid_api_key")
            return
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            self._error(openai, 400, "invalid request: messages must be a list", "bad_request")
            return
        model = str(body.get("model") or "")
        if behaviour.mode == "model_not_found" or (state.models and model not in state.models):
            message = f'model "{model}" not found, try pulling it first'
            self._error(openai, 404, message, "model_not_found")
            return
        with state.lock:
            limit = state.max_queue
            busy = behaviour.mode == "busy_503" or (
                limit is not None and state.in_flight >= limit + (state.parallel or 0)
            )
            if not busy:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
        if busy:
            message = "server busy, please try again.  maximum pending requests exceeded"
            self._error(openai, 503, message, "server_busy")
            return
        try:
            if state.slots:
                state.slots.acquire()
            try:
                self._answer(body, behaviour, openai)
            finally:
                if state.slots:
                    state.slots.release()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (its read timeout): fine
        finally:
            with state.lock:
                state.in_flight -= 1

    def _answer(self, body: dict[str, Any], behaviour: Behaviour, openai: bool) -> None:
        state = self.server.state
        started = time.monotonic()
        latency = state.latency if behaviour.latency is None else behaviour.latency
        mode = behaviour.mode
        if mode == "hang":
            state.stopping.wait(float(behaviour.params.get("seconds", state.hang_s)))
        if mode == "error_500":
            state.stopping.wait(latency)
            self._error(openai, 500, "llama runner process has terminated", "server_error")
            return
        if mode == "bad_request":
            self._error(openai, 400, "invalid options: num_ctx must be positive", "bad_request")
            return
        if mode == "format_refused" and wire.style(body, openai) in behaviour.params.get(
            "refuse", ["json_schema"]
        ):
            style = wire.style(body, openai)
            message = f"response_format type {style!r} is not supported: use 'json_object'"
            self._error(openai, 500 if openai else 400, message, "server_error")
            return
        if mode == "trickle":
            self._trickle(body, behaviour, openai)
            return
        if mode == "disconnect":
            state.stopping.wait(latency)
            self.close_connection = True  # no answer at all: the socket just closes
            return
        messages = body["messages"]
        content = answer_for(mode, messages, behaviour.params)
        constrained = body.get("response_format") if openai else body.get("format")
        if not constrained:
            # Without a schema a model chats around its JSON; clients must ask for structure.
            content = f"Natuurlijk! Hier is de samenvatting:\n```json\n{content}\n```"
        prompt_text = "\n".join(str(m.get("content") or "") for m in messages)
        usage = (wire.tokens(prompt_text), wire.tokens(content))
        stream = bool(body.get("stream", not openai))  # Ollama streams unless told not to
        if stream:
            self._stream(body, content, usage, latency, started, openai)
            return
        state.stopping.wait(latency)
        model = str(body.get("model"))
        if openai:
            self._send_json(200, wire.openai_completion(model, content, usage, mode))
        else:
            elapsed = int((time.monotonic() - started) * _NS)
            self._send_json(200, wire.ollama_final(model, content, usage, elapsed))

    def _trickle(self, body: dict[str, Any], behaviour: Behaviour, openai: bool) -> None:
        """Whitespace (an empty line when streaming) every `interval` s, then the answer."""
        state = self.server.state
        interval = float(behaviour.params.get("interval", 0.5))
        until = time.monotonic() + float(behaviour.params.get("seconds", state.hang_s))
        stream = bool(body.get("stream", not openai))
        content_type = "application/json"
        if stream:
            content_type = "text/event-stream" if openai else "application/x-ndjson"
        self._start_chunked(content_type)
        while time.monotonic() < until and not state.stopping.wait(interval):
            self._chunk(b"\n" if stream else b" ")
        content = answer_for("ok", body["messages"], {})
        usage = (wire.tokens(str(body["messages"])), wire.tokens(content))
        model = str(body.get("model"))
        if stream:  # the answer in one piece, in the stream's framing
            if openai:
                piece = {"choices": [{"index": 0, "delta": {"content": content}}]}
                self._chunk(f"data: {json.dumps(piece)}\n\ndata: [DONE]\n\n".encode())
            else:
                final = wire.ollama_final(model, content, usage, 0)
                self._chunk((json.dumps(final) + "\n").encode())
        elif openai:
            self._chunk(json.dumps(wire.openai_completion(model, content, usage, "ok")).encode())
        else:
            self._chunk(json.dumps(wire.ollama_final(model, content, usage, 0)).encode())
        self._chunk(b"")

    def _stream(
        self,
        body: dict[str, Any],
        content: str,
        usage: tuple[int, int],
        latency: float,
        started: float,
        openai: bool,
    ) -> None:
        model = str(body.get("model"))
        words = content.split(" ")
        pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
        pause = latency / max(1, len(pieces))
        self._start_chunked("text/event-stream" if openai else "application/x-ndjson")
        for piece in pieces:
            self.server.state.stopping.wait(pause)
            if openai:
                chunk: dict[str, Any] = {"id": "chatcmpl-fake", "object": "chat.completion.chunk"}
                chunk["choices"] = [{"index": 0, "delta": {"content": piece}}]
                self._chunk(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            else:
                message = {"role": "assistant", "content": piece}
                line = {"model": model, "created_at": wire.now_iso(), "message": message}
                self._chunk(
                    (json.dumps(line | {"done": False}, ensure_ascii=False) + "\n").encode()
                )
        if openai:
            last: dict[str, Any] = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            }
            if (body.get("stream_options") or {}).get("include_usage"):
                last["usage"] = wire.usage_counts(usage)
            self._chunk(f"data: {json.dumps(last)}\n\ndata: [DONE]\n\n".encode())
        else:
            elapsed = int((time.monotonic() - started) * _NS)
            final = wire.ollama_final(model, "", usage, elapsed)
            self._chunk((json.dumps(final) + "\n").encode())
        self._chunk(b"")


class FakeLLMServer(Controls):
    """The fake in a background thread of this process; port 0 picks a free port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        self._httpd = _Server((host, port), _Handler)
        self._httpd.state = _State()
        self._httpd.state.configure(**options)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL (also the Ollama base URL)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def openai_url(self) -> str:
        """The OpenAI-compatible base URL (ends in /v1)."""
        return f"{self.url}/v1"

    @property
    def stats(self) -> dict[str, Any]:
        """Request count, in-flight and peak concurrency."""
        return self._httpd.state.snapshot()

    def configure(self, **options: Any) -> None:
        self._httpd.state.configure(**options)

    def requests(self) -> list[dict[str, Any]]:
        with self._httpd.state.lock:
            return list(self._httpd.state.log)

    def start(self) -> "FakeLLMServer":
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging requests, stop serving and close the socket."""
        self._httpd.state.stopping.set()
        if self._thread is not None:  # shutdown() waits for serve_forever: only if it runs
            self._httpd.shutdown()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "FakeLLMServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """`python -m tests.fakes.llm_server`: serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=11435)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    parser.add_argument("--mode", default="ok", choices=MODES)
    parser.add_argument("--parallel", type=int, default=None, help="like OLLAMA_NUM_PARALLEL")
    parser.add_argument("--max-queue", type=int, default=None, help="like OLLAMA_MAX_QUEUE")
    parser.add_argument("--any-model", action="store_true", help="accept every model name")
    parser.add_argument("--api-key", default=None)
    ns = parser.parse_args(argv)
    options: dict[str, Any] = {"latency": ns.latency, "mode": ns.mode, "parallel": ns.parallel}
    options |= {"max_queue": ns.max_queue, "api_key": ns.api_key}
    if ns.any_model:
        options["models"] = None
    server = FakeLLMServer(ns.host, ns.port, **options)
    print(f"listening on {server.url}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
