"""Fixtures around the fake LLM server: the server itself, and settings that point at it."""

from collections.abc import Iterator

import pytest

from teameval.config import get_settings
from tests.fakes.llm_server import FakeLLMServer


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    """A fresh fake Ollama/OpenAI server on a free loopback port, answering validly at once."""
    with FakeLLMServer() as server:
        yield server


@pytest.fixture
def fake_llm_env(
    fake_llm: FakeLLMServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeLLMServer]:
    """Settings (and so worker processes started now) use the Ollama provider on `fake_llm`.

    Short timeouts keep failure tests fast; set TEAMEVAL_LLM_PROVIDER=openai with monkeypatch to
    switch protocol (call `get_settings.cache_clear()` after).
    """
    monkeypatch.setenv("TEAMEVAL_LLM_PROVIDER", "ollama")
    monkeypatch.setenv("TEAMEVAL_OLLAMA_BASE_URL", fake_llm.url)
    monkeypatch.setenv("TEAMEVAL_OLLAMA_MODEL", "llama3.1:8b")
    monkeypatch.setenv("TEAMEVAL_OPENAI_BASE_URL", fake_llm.openai_url)
    monkeypatch.setenv("TEAMEVAL_OPENAI_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("TEAMEVAL_LLM_CONNECT_TIMEOUT_S", "1")
    monkeypatch.setenv("TEAMEVAL_LLM_READ_TIMEOUT_S", "5")
    get_settings.cache_clear()
    yield fake_llm
    monkeypatch.undo()
    get_settings.cache_clear()
