"""LLM providers (Ollama, OpenAI-compatible, offline extractive), prompts and answer validation.

Everything here works on already anonymised feedback (`SummaryRequest`); the summaries domain
collects and anonymises it first (`teameval.summaries.generation`).
"""

from teameval.llm.errors import InvalidAnswer, PermanentLLMError, TransientLLMError
from teameval.llm.types import Completion, CriterionFeedback, Summarizer, SummaryRequest

__all__ = [
    "Completion",
    "CriterionFeedback",
    "InvalidAnswer",
    "PermanentLLMError",
    "Summarizer",
    "SummaryRequest",
    "TransientLLMError",
]
