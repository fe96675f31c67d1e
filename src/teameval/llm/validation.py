"""Is an answer usable? Shape, length, refusal, names, links, placeholders, markup, language.

Each failed check raises InvalidAnswer with a short reason code; the caller retries once with a
stricter prompt naming that reason (never the offending text) and then falls back.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from teameval.llm.errors import InvalidAnswer
from teameval.llm.text import detect_language, split_sentences
from teameval.privacy.anonymise import contains_contact, contains_token
from teameval.privacy.text import fold

# We ask for 4 to 7 sentences and accept one either side: models count sentences loosely, and a
# 3- or 8-sentence summary still reads fine. Characters bound the rest.
MIN_SENTENCES, MAX_SENTENCES = 3, 8
MIN_CHARS, MAX_CHARS = 80, 1500
MAX_ITEMS, MAX_ITEM_CHARS, MAX_ACTION_CHARS = 6, 300, 400

_REFUSALS = [
    r"^sorry\b",
    r"\bik kan (?:je |u )?(?:hier |daar |hierbij |daarbij )?(?:niet|geen)\b",
    r"\bkan ik (?:je |u )?niet (?:mee )?helpen\b",
    # The model speaking of itself: "als AI-model", "als taalmodel"; never "als assistent van
    # de projectleider" or "niet in staat om te komen", which are ordinary feedback.
    r"\b(?:als|ik ben) (?:een )?(?:ai|taalmodel|ai-model|ai-assistent|chatbot|"
    r"(?:virtuele|digitale) assistent)\b",
    r"\bik ben (?:\w+ ){0,3}niet in staat\b",
    r"\bi(?: a|')m (?:sorry|unable|not able)\b",
    r"\bi (?:can(?:no|')t|cannot|won't|will not)\b",
    r"\bas an ai\b",
    r"\blanguage model\b",
]
_REFUSAL = re.compile("|".join(_REFUSALS))
_MARKUP = re.compile(
    r"</?[a-zA-Z][^>]*>"  # HTML tags
    r"|\*\*|__|`"  # Markdown emphasis and code
    r"|^\s*#{1,6}\s"  # headings
    r"|^\s*(?:[-*•]|\d+[.)])\s"  # bullets and numbered lists
    r"|\[[^\]]+\]\([^)]*\)",  # Markdown links
    re.MULTILINE,
)
_FENCE = re.compile(r"```(?:json)?\s*(\{.*\})\s*```", re.S)


@dataclass(frozen=True)
class Answer:
    """A validated answer."""

    summary: str
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    action: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The structured form stored with the summary."""
        return {
            "summary": self.summary,
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "action": self.action,
        }


def parse_answer(content: str) -> Answer:
    """The answer's JSON in our schema; a ```json fence around it is tolerated."""
    fenced = _FENCE.search(content)
    try:
        # strict=False: raw line breaks (control characters) inside strings are accepted, as
        # small models under a grammar often write them.
        data = json.loads(fenced.group(1) if fenced else content, strict=False)
    except ValueError as exc:
        raise InvalidAnswer("invalid_json") from exc
    if not isinstance(data, dict):
        raise InvalidAnswer("schema", "not an object")
    summary, action = data.get("summary"), data.get("action")
    strengths, improvements = data.get("strengths"), data.get("improvements")
    if not isinstance(summary, str) or not isinstance(action, str):
        raise InvalidAnswer("schema", "summary and action must be strings")
    for items in (strengths, improvements):
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InvalidAnswer("schema", "strengths and improvements must be lists of strings")
    return Answer(
        summary=_tidy(summary),
        strengths=[_tidy(i) for i in strengths if i.strip()],  # type: ignore[union-attr]
        improvements=[_tidy(i) for i in improvements if i.strip()],  # type: ignore[union-attr]
        action=_tidy(action),
    )


def _tidy(text: str) -> str:
    # Paragraph breaks are fine in the prose; runs of spaces and tabs are not content.
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def sentence_count(text: str) -> int:
    """How many sentences `text` has."""
    return len(split_sentences(text))


def check_text(
    text: str, *, language: str, names_in: Callable[[str], list[str]], prose: bool = True
) -> None:
    """The content checks on one piece of text (see the module docstring)."""
    if _REFUSAL.search(fold(text)):
        raise InvalidAnswer("refusal")
    if names_in(text):
        raise InvalidAnswer("name")
    if contains_contact(text):
        raise InvalidAnswer("link")
    if contains_token(text):
        raise InvalidAnswer("token")
    if _MARKUP.search(text):
        raise InvalidAnswer("markup")
    if prose and detect_language(text) not in (None, language):
        raise InvalidAnswer("language", f"expected {language}")


def validate_answer(content: str, *, language: str, names_in: Callable[[str], list[str]]) -> Answer:
    """The answer in `content` if it passes every check, else InvalidAnswer."""
    answer = parse_answer(content)
    check_text(answer.summary, language=language, names_in=names_in)
    sentences = sentence_count(answer.summary)
    if not (MIN_SENTENCES <= sentences <= MAX_SENTENCES) or not (
        MIN_CHARS <= len(answer.summary) <= MAX_CHARS
    ):
        raise InvalidAnswer("length", f"{sentences} sentences, {len(answer.summary)} characters")
    if not answer.action or len(answer.action) > MAX_ACTION_CHARS:
        raise InvalidAnswer("schema", "the action is missing or too long")
    for items in (answer.strengths, answer.improvements):
        if len(items) > MAX_ITEMS or any(len(i) > MAX_ITEM_CHARS for i in items):
            raise InvalidAnswer("schema", "too many or too long points")
    for text in [answer.action, *answer.strengths, *answer.improvements]:
        check_text(text, language=language, names_in=names_in, prose=False)
    return answer
