"""Which summariser the settings ask for."""

from teameval.config import Settings
from teameval.llm.extractive import ExtractiveSummarizer
from teameval.llm.ollama import OllamaSummarizer
from teameval.llm.openai_compatible import OpenAICompatibleSummarizer
from teameval.llm.types import Summarizer


def get_summarizer(settings: Settings, provider: str | None = None) -> Summarizer:
    """The provider named by TEAMEVAL_LLM_PROVIDER (or `provider`), configured from settings."""
    name = provider or settings.llm_provider
    if name == "ollama":
        return OllamaSummarizer(
            settings.ollama_base_url,
            settings.ollama_model,
            keep_alive=settings.ollama_keep_alive,
            connect_timeout_s=settings.llm_connect_timeout_s,
            read_timeout_s=settings.llm_read_timeout_s,
            response_format=settings.response_format,
        )
    if name == "openai":
        return OpenAICompatibleSummarizer(
            settings.openai_base_url,
            settings.openai_model,
            api_key=settings.openai_api_key.get_secret_value(),
            connect_timeout_s=settings.llm_connect_timeout_s,
            read_timeout_s=settings.llm_read_timeout_s,
            response_format=settings.response_format,
        )
    return ExtractiveSummarizer()
