"""What the fake LLM server's answers look like on the wire: Ollama's and OpenAI's payloads.

The shapes of the real protocols (tests/fakes/llm_server.py serves them), kept apart from the
server's behaviour (modes, latency, queues) so each can be read on its own.
"""

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def tokens(text: str) -> int:
    """A rough token count (about 0.75 words per token), enough for the accounting tests."""
    return max(1, round(len(text.split()) * 1.33))


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def style(body: dict[str, Any], openai: bool) -> str:
    """How the request asks for structure: json_schema, json_object or json (nothing)."""
    if openai:
        given = body.get("response_format")
        return str(given.get("type")) if isinstance(given, dict) else "json"
    given = body.get("format")
    return "json_schema" if isinstance(given, dict) else "json_object" if given else "json"


def usage_counts(usage: tuple[int, int]) -> dict[str, int]:
    return {
        "prompt_tokens": usage[0],
        "completion_tokens": usage[1],
        "total_tokens": sum(usage),
    }


def ollama_final(model: str, content: str, usage: tuple[int, int], elapsed: int) -> dict[str, Any]:
    return {
        "model": model,
        "created_at": now_iso(),
        "message": {"role": "assistant", "content": content},
        "done_reason": "stop",
        "done": True,
        "total_duration": elapsed,
        "load_duration": 1_000_000,
        "prompt_eval_count": usage[0],
        "prompt_eval_duration": elapsed // 4,
        "eval_count": usage[1],
        "eval_duration": elapsed - elapsed // 4,
    }


def openai_completion(
    model: str, content: str, usage: tuple[int, int], mode: str
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if mode == "refusal":
        # OpenAI's structured outputs report a refusal in its own field, without content.
        message = {"role": "assistant", "content": None, "refusal": "I'm sorry, I can't help."}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": usage_counts(usage),
    }
