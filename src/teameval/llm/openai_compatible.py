"""Any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, a hosted API):
`POST /v1/chat/completions`, the answer's JSON schema in `response_format` as the server wants
it: `json_schema` (OpenAI's structured outputs, vLLM, LM Studio), `json_object` with the schema
beside it (llama.cpp's server, which answers 500 to `json_schema`) or `json` (no
`response_format`: the prompt alone asks for the JSON)."""

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

RESPONSE_FORMATS: dict[str, dict[str, Any] | None] = {
    "json_schema": {
        "type": "json_schema",
        "json_schema": {"name": "feedback_summary", "schema": ANSWER_SCHEMA, "strict": True},
    },
    "json_object": {"type": "json_object", "schema": ANSWER_SCHEMA},
    "json": None,
}
TEMPERATURE = 0.2
MAX_TOKENS = 700


class OpenAICompatibleSummarizer:
    """Summaries from an OpenAI-compatible chat-completions endpoint."""

    provider = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 120.0,
        stream: bool = False,
        response_format: str = "json_schema",
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.response_format = response_format
        self._format = RESPONSE_FORMATS[response_format]
        self.model = model
        self._api_key = api_key
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
        """One answer from the endpoint (see Summarizer.complete)."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": build_messages(request, retry_reason),
            "temperature": TEMPERATURE,
            "max_tokens": MAX_TOKENS,
            "stream": self.stream,
        }
        if self._format is not None:
            body["response_format"] = self._format
        # Local servers usually need no key; sending an empty bearer confuses some of them.
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        timeout = make_timeout(self.connect_timeout_s, self.read_timeout_s, timeout_s)
        started = time.monotonic()
        deadline = call_deadline(
            started, timeout_s, self.connect_timeout_s, self.read_timeout_s, stream=self.stream
        )
        content: Any
        refusal: Any
        if self.stream:
            body["stream_options"] = {"include_usage": True}
            content, refusal, usage, model = self._streamed(
                body, headers, timeout=timeout, deadline=deadline
            )
        else:
            data = post(
                self.url,
                body,
                provider=self.provider,
                timeout=timeout,
                deadline=deadline,
                headers=headers,
            )
            choices = data.get("choices") or [{}]
            message = choices[0].get("message") or {}
            content, refusal = message.get("content"), message.get("refusal")
            usage, model = data.get("usage") or {}, data.get("model")
        if refusal:
            raise InvalidAnswer("refusal")
        if not isinstance(content, str) or not content.strip():
            raise InvalidAnswer("invalid_json", "empty answer")
        return Completion(
            content=check_content(content),
            provider=self.provider,
            model=str(model or self.model),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    def _streamed(
        self, body: dict[str, Any], headers: dict[str, str], **limits: Any
    ) -> tuple[str, str | None, dict[str, Any], str | None]:
        """Collect a server-sent-events stream: content, refusal, usage and model."""
        parts: list[str] = []
        refusal: list[str] = []
        usage: dict[str, Any] = {}
        model = None
        done = False
        lines = stream_lines(self.url, body, provider=self.provider, headers=headers, **limits)
        for line in lines:
            if not line.startswith("data:"):
                continue
            payload = line.removeprefix("data:").strip()
            if payload == "[DONE]":
                done = True
                break
            chunk = json_line(payload, self.provider)
            model = chunk.get("model") or model
            usage = chunk.get("usage") or usage
            for choice in chunk.get("choices") or []:
                delta = choice.get("delta") or {}
                parts.append(str(delta.get("content") or ""))
                refusal.append(str(delta.get("refusal") or ""))
        if not done:
            raise TransientLLMError("openai stream ended before [DONE]")
        return "".join(parts), "".join(refusal) or None, usage, model
