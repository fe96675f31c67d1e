"""The real Ollama and OpenAI-compatible clients against the fake server on loopback."""

import json
import socket
import time
from collections.abc import Callable

import pytest

from teameval.llm.errors import (
    InvalidAnswer,
    LLMConfigError,
    LLMTimeout,
    LLMUnreachable,
    PermanentLLMError,
    TransientLLMError,
)
from teameval.llm.http import MAX_CONTENT_CHARS
from teameval.llm.ollama import OPTIONS, OllamaSummarizer
from teameval.llm.openai_compatible import OpenAICompatibleSummarizer
from teameval.llm.prompts import ANSWER_SCHEMA
from teameval.llm.types import CriterionFeedback, Summarizer, SummaryRequest
from teameval.llm.validation import validate_answer
from tests.fakes.llm_control import RemoteFakeLLM
from tests.fakes.llm_server import FakeLLMServer

REQUEST = SummaryRequest(
    language="nl",
    scale_min=1,
    scale_max=5,
    review_count=3,
    criteria=(
        CriterionFeedback(
            "Samenwerking", 4.33, 4, ("Helpt iedereen en denkt mee.", "Fijn om mee te werken.")
        ),
        CriterionFeedback("Planning", 2.67, 4, ("Levert stukken vaak te laat in.",)),
    ),
)

Factory = Callable[..., Summarizer]


def _ollama(fake: FakeLLMServer | RemoteFakeLLM, **kwargs: object) -> Summarizer:
    options = {"connect_timeout_s": 1.0, "read_timeout_s": 2.0} | kwargs
    return OllamaSummarizer(fake.url, "llama3.1:8b", **options)  # type: ignore[arg-type]


def _openai(fake: FakeLLMServer | RemoteFakeLLM, **kwargs: object) -> Summarizer:
    options = {"connect_timeout_s": 1.0, "read_timeout_s": 2.0} | kwargs
    return OpenAICompatibleSummarizer(fake.openai_url, "gpt-4o-mini", **options)  # type: ignore[arg-type]


PROVIDERS = pytest.mark.parametrize("make", [_ollama, _openai], ids=["ollama", "openai"])


@PROVIDERS
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_happy_path_gives_a_valid_answer_with_accounting(
    fake_llm: FakeLLMServer, make: Factory, stream: bool
) -> None:
    completion = make(fake_llm, stream=stream).complete(REQUEST)
    answer = validate_answer(completion.content, REQUEST, names_in=lambda _t: [])
    assert "Planning" in answer.summary and "te laat" in answer.summary
    assert completion.prompt_tokens and completion.prompt_tokens > 100
    assert completion.completion_tokens and completion.completion_tokens > 10
    assert completion.duration_ms is not None and completion.model in ("llama3.1:8b", "gpt-4o-mini")


def test_ollama_request_carries_schema_keep_alive_and_fixed_options(
    fake_llm: FakeLLMServer,
) -> None:
    summarizer = OllamaSummarizer(fake_llm.url, "llama3.1:8b", keep_alive="45m")
    summarizer.complete(REQUEST)
    summarizer.complete(REQUEST, retry_reason="length")
    first, second = (r["body"] for r in fake_llm.requests())
    assert first["format"] == ANSWER_SCHEMA and first["stream"] is False
    assert first["keep_alive"] == "45m"
    # The retry changes the prompt, never the options (a change would reload the model).
    assert first["options"] == second["options"] == OPTIONS
    assert [m["role"] for m in second["messages"]] == ["system", "user"]
    assert second["messages"][1]["content"].startswith(first["messages"][1]["content"])


def test_openai_request_has_json_schema_response_format_and_api_key(
    fake_llm: FakeLLMServer,
) -> None:
    fake_llm.configure(api_key="sk-local")
    with pytest.raises(PermanentLLMError, match="401"):
        _openai(fake_llm).complete(REQUEST)
    _openai(fake_llm, api_key="sk-local").complete(REQUEST)
    body = fake_llm.requests()[-1]["body"]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
    assert fake_llm.requests()[-1]["authorization"] == "Bearer sk-local"


@PROVIDERS
@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("error_500", TransientLLMError),
        ("busy_503", TransientLLMError),
        ("disconnect", TransientLLMError),
        ("model_not_found", PermanentLLMError),
        ("bad_request", PermanentLLMError),
    ],
)
def test_http_failures_map_to_transient_or_permanent(
    fake_llm: FakeLLMServer, make: Factory, mode: str, error: type[Exception]
) -> None:
    fake_llm.enqueue(mode)
    with pytest.raises(error) as caught:
        make(fake_llm).complete(REQUEST)
    assert not isinstance(caught.value, InvalidAnswer)


@PROVIDERS
def test_unknown_model_is_permanent(fake_llm: FakeLLMServer, make: Factory) -> None:
    fake_llm.configure(models=["some-other-model"])
    with pytest.raises(PermanentLLMError, match="404"):
        make(fake_llm).complete(REQUEST)


@PROVIDERS
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_hanging_server_times_out_within_the_read_timeout(
    fake_llm: FakeLLMServer, make: Factory, stream: bool
) -> None:
    fake_llm.enqueue({"mode": "hang", "seconds": 10})
    started = time.monotonic()
    with pytest.raises(LLMTimeout, match="timed out"):
        make(fake_llm, read_timeout_s=0.5, stream=stream).complete(REQUEST)
    assert time.monotonic() - started < 3


@PROVIDERS
def test_timeout_s_caps_the_wait_below_the_read_timeout(
    fake_llm: FakeLLMServer, make: Factory
) -> None:
    fake_llm.configure(latency=3)
    started = time.monotonic()
    with pytest.raises(TransientLLMError):
        make(fake_llm, read_timeout_s=30).complete(REQUEST, timeout_s=0.4)
    assert time.monotonic() - started < 2


@PROVIDERS
def test_nobody_listening_is_transient(make: Factory) -> None:
    # A socket bound but never listening: connecting to it is refused, and while we hold it no
    # other process on this (shared) machine can take the port and leave us hanging.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        nobody = RemoteFakeLLM(f"http://127.0.0.1:{port}")
        with pytest.raises(LLMUnreachable, match="unreachable"):
            make(nobody).complete(REQUEST)


def test_openai_refusal_field_is_an_invalid_answer(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue("refusal")
    with pytest.raises(InvalidAnswer) as caught:
        _openai(fake_llm).complete(REQUEST)
    assert caught.value.reason == "refusal"


@PROVIDERS
@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("invalid_json", "invalid_json"),
        ("schema_violation", "schema"),
        ("too_short", "length"),
        ("leak_link", "link"),
        ("markup", "markup"),
        ("wrong_language", "language"),
        ("obey", "grade"),
        ("unsupported", "unsupported"),
        ("unknown_source", "source"),
    ],
)
def test_unusable_answers_fail_validation(
    fake_llm: FakeLLMServer, make: Factory, mode: str, reason: str
) -> None:
    fake_llm.enqueue(mode)
    completion = make(fake_llm).complete(REQUEST)
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(completion.content, REQUEST, names_in=lambda _t: [])
    assert caught.value.reason == reason


def test_ollama_refusal_in_json_fails_validation(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue("refusal")
    completion = _ollama(fake_llm).complete(REQUEST)
    assert json.loads(completion.content)["summary"].startswith("Sorry")
    with pytest.raises(InvalidAnswer, match="refusal"):
        validate_answer(completion.content, REQUEST, names_in=lambda _t: [])


@PROVIDERS
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_trickle_never_outlives_the_call_deadline(
    fake_llm: FakeLLMServer, make: Factory, stream: bool
) -> None:
    # A byte every 0.1 s: no read timeout ever fires, so only the deadline can end the call.
    fake_llm.enqueue({"mode": "trickle", "interval": 0.1, "seconds": 20})
    with pytest.raises(LLMTimeout, match="in time"):
        make(fake_llm, read_timeout_s=5, stream=stream).complete(REQUEST, timeout_s=1.0)


@PROVIDERS
def test_a_trickle_without_a_cap_ends_at_the_read_timeout_bound(
    fake_llm: FakeLLMServer, make: Factory
) -> None:
    fake_llm.enqueue({"mode": "trickle", "interval": 0.1, "seconds": 20})
    with pytest.raises(LLMTimeout):
        make(fake_llm, connect_timeout_s=0.5, read_timeout_s=1).complete(REQUEST)


@PROVIDERS
@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_huge_answer_is_refused_while_it_is_read(
    fake_llm: FakeLLMServer, make: Factory, stream: bool
) -> None:
    fake_llm.enqueue({"mode": "huge", "size": 3_000_000})  # three times the body cap
    with pytest.raises(InvalidAnswer) as caught:
        make(fake_llm, stream=stream, read_timeout_s=30).complete(REQUEST)
    assert caught.value.reason == "too_long"


@PROVIDERS
def test_an_answer_over_the_content_cap_is_refused_before_validation(
    fake_llm: FakeLLMServer, make: Factory
) -> None:
    # Under the body cap, over the content cap: the provider refuses it, never the validator.
    fake_llm.enqueue({"mode": "huge", "size": MAX_CONTENT_CHARS + 10})
    with pytest.raises(InvalidAnswer) as caught:
        make(fake_llm).complete(REQUEST)
    assert caught.value.reason == "too_long"


@PROVIDERS
def test_a_refused_response_format_is_a_configuration_error(
    fake_llm: FakeLLMServer, make: Factory
) -> None:
    fake_llm.enqueue({"mode": "format_refused", "refuse": ["json_schema"]})
    with pytest.raises(LLMConfigError, match="format"):
        make(fake_llm).complete(REQUEST)


@pytest.mark.parametrize(
    ("style", "openai_format", "ollama_format"),
    [
        ("json_schema", {"type": "json_schema"}, ANSWER_SCHEMA),
        ("json_object", {"type": "json_object", "schema": ANSWER_SCHEMA}, "json"),
        ("json", None, None),
    ],
)
def test_the_response_format_style_is_a_setting(
    fake_llm: FakeLLMServer,
    style: str,
    openai_format: dict[str, object] | None,
    ollama_format: object,
) -> None:
    for make in (_openai, _ollama):
        completion = make(fake_llm, response_format=style).complete(REQUEST)
        # Whatever the style, the answer parses (without a format the fake chats around its
        # JSON in a fence, as models do).
        validate_answer(completion.content, REQUEST, names_in=lambda _t: [])
    openai_body, ollama_body = (r["body"] for r in fake_llm.requests())
    given = openai_body.get("response_format")
    if openai_format is None:
        assert given is None and "format" not in ollama_body
    else:
        assert given is not None and openai_format.items() <= given.items()
        assert ollama_body["format"] == ollama_format


@PROVIDERS
def test_raw_newlines_inside_json_strings_are_accepted(
    fake_llm: FakeLLMServer, make: Factory
) -> None:
    fake_llm.enqueue("raw_newlines")
    completion = make(fake_llm).complete(REQUEST)
    assert "\n" in completion.content and "\\n" not in completion.content
    answer = validate_answer(completion.content, REQUEST, names_in=lambda _t: [])
    assert "Planning" in answer.summary
