"""The Ollama provider: `POST /api/chat` with the answer's JSON schema as `format` (or, by the
response-format setting, `format: "json"` or no format at all)."""

import time
from typing import Any

from teameval.llm.errors import InvalidAnswer, TransientLLMError
from teameval.llm.http import (
    call_deadline,
    check_content,
    json_line,
    make_timeout,
    post,
    stream_lines,
)
from teameval.llm.prompts import ANSWER_SCHEMA, build_messages
from teameval.llm.types import Completion, SummaryRequest

# The same options on every call: a change of num_ctx makes Ollama reload the model, and a low
# temperature keeps summaries factual. The retry changes the prompt, never the options.
OPTIONS: dict[str, Any] = {"temperature": 0.2, "num_ctx": 8192, "num_predict": 700}
FORMATS: dict[str, Any] = {"json_schema": ANSWER_SCHEMA, "json_object": "json", "json": None}


class OllamaSummarizer:
    """Summaries from an Ollama server (local by default)."""

    provider = "ollama"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        keep_alive: str = "30m",
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 120.0,
        stream: bool = False,
        response_format: str = "json_schema",
    ) -> None:
        self.url = base_url.rstrip("/") + "/api/chat"
        self.response_format = response_format
        self._format = FORMATS[response_format]
        self.model = model
        self.keep_alive = keep_alive
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.stream = stream

    def complete(
        self,
        request: SummaryRequest,
        *,
        retry_reason: str | None = None,
        timeout_s: float | None = None,
    ) -> Completion:
        """One answer from Ollama (see Summarizer.complete)."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(request, retry_reason),
            "stream": self.stream,
            "keep_alive": self.keep_alive,
            "options": OPTIONS,
        }
        if self._format is not None:
            body["format"] = self._format
        timeout = make_timeout(self.connect_timeout_s, self.read_timeout_s, timeout_s)
        started = time.monotonic()
        deadline = call_deadline(
            started, timeout_s, self.connect_timeout_s, self.read_timeout_s, stream=self.stream
        )
        if self.stream:
            data = self._streamed(body, timeout=timeout, deadline=deadline)
        else:
            data = post(self.url, body, provider=self.provider, timeout=timeout, deadline=deadline)
        message = data.get("message")
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, str) or not content.strip():
            raise InvalidAnswer("invalid_json", "empty answer")
        return Completion(
            content=check_content(content),
            provider=self.provider,
            model=str(data.get("model") or self.model),
            prompt_tokens=_int(data.get("prompt_eval_count")),
            completion_tokens=_int(data.get("eval_count")),
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    def _streamed(self, body: dict[str, Any], **limits: Any) -> dict[str, Any]:
        """Collect an NDJSON stream into the shape of a non-streamed answer."""
        parts: list[str] = []
        final: dict[str, Any] = {}
        for line in stream_lines(self.url, body, provider=self.provider, **limits):
            chunk = json_line(line, self.provider)
            if "error" in chunk:
                raise TransientLLMError(f"ollama stream error: {str(chunk['error'])[:200]}")
            message = chunk.get("message") or {}
            parts.append(str(message.get("content") or ""))
            if chunk.get("done"):
                final = chunk
                break
        if not final:
            raise TransientLLMError("ollama stream ended before it was done")
        return final | {"message": {"role": "assistant", "content": "".join(parts)}}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None
