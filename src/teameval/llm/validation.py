"""Is an answer usable? Shape, length, refusal, names, links, placeholders, markup, language,
and whether it rests on the comments.

Each failed check raises InvalidAnswer with a short reason code; the caller retries once with a
stricter prompt naming that reason (never the offending text) and then falls back.

Content (llm/grounding.py, llm/injection.py): every point cites comment ids the prompt gave
and rests on those comments; every sentence of the summary that makes a claim rests on some
comment or criterion; no grade or mark, no number outside the scale (or the review count, or
a number the comments use); nothing copied from the instructions, no schema placeholder; an
action that is a sentence; the student addressed as "je"/"you".
"""

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from teameval.llm.errors import InvalidAnswer
from teameval.llm.grounding import is_advice, is_supported
from teameval.llm.injection import states_grade
from teameval.llm.prompts import instruction_texts
from teameval.llm.text import detect_language, split_sentences, words
from teameval.llm.types import Source, SummaryRequest
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


# Words of the answer schema and of earlier prompts that a model may copy instead of content.
_PLACEHOLDER_FIELDS = frozenset(
    {
        "tekst",
        "text",
        "korte punten",
        "kort punt",
        "short points",
        "short point",
        "point",
        "punt",
        "een zin",
        "1 zin",
        "one sentence",
        "a sentence",
        "string",
        "samenvatting",
        "summary",
        "actie",
        "action",
        "",
        "...",
        "…",
    }
)
_PLACEHOLDER_PHRASES = re.compile(r"\b(?:korte punten|short points|1 zin|one sentence)\b")
_SECOND_PERSON = {
    "nl": frozenset({"je", "jij", "jou", "jouw", "jezelf", "jullie"}),
    "en": frozenset({"you", "your", "yourself", "yours"}),
}
_THIRD_PERSON = re.compile(r"\b(?:de|deze|die) leerling\b|\b(?:the|this) student\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_COPIED_WORDS = 6  # a run of this many words of the instructions is a copy


@dataclass(frozen=True)
class Point:
    """A strength or improvement and the ids of the comments it rests on."""

    point: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A validated answer; `cited` holds the comments its points cite, by id."""

    summary: str
    strengths: list[Point] = field(default_factory=list)
    improvements: list[Point] = field(default_factory=list)
    action: str = ""
    cited: dict[str, Source] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The structured form stored with the summary: the points with their sources, and the
        (anonymised) comments they cite, so a page can show what each point rests on."""
        return {
            "summary": self.summary,
            "strengths": [_point_dict(p) for p in self.strengths],
            "improvements": [_point_dict(p) for p in self.improvements],
            "action": self.action,
            "sources": {
                key: {"criterion": s.criterion, "text": s.text} for key, s in self.cited.items()
            },
        }


def structured_texts(structured: dict[str, Any] | None, *, sources: bool = True) -> list[str]:
    """Every text a stored structured summary shows: action, points and (with `sources`) the
    anonymised comments they cite."""
    if not structured:
        return []
    texts = [str(structured.get("summary") or ""), str(structured.get("action") or "")]
    for key in ("strengths", "improvements"):
        for item in structured.get(key) or []:
            texts.append(str(item.get("point") if isinstance(item, dict) else item))
    for source in (structured.get("sources") or {}).values() if sources else ():
        texts.append(str(source.get("text") if isinstance(source, dict) else source))
    return texts


def _point_dict(point: Point) -> dict[str, Any]:
    return {"point": point.point, "sources": list(point.sources)}


def _points(items: Any) -> list[Point]:
    if not isinstance(items, list):
        raise InvalidAnswer("schema", "strengths and improvements must be lists")
    points = []
    for item in items:
        if not isinstance(item, dict):
            raise InvalidAnswer("schema", "a point must be an object {point, sources}")
        text, sources = item.get("point"), item.get("sources")
        if not isinstance(text, str) or not isinstance(sources, list):
            raise InvalidAnswer("schema", "a point needs a text and a list of sources")
        if not all(isinstance(s, str) for s in sources):
            raise InvalidAnswer("schema", "sources must be comment ids")
        if text.strip():
            points.append(Point(_tidy(text), tuple(dict.fromkeys(s.strip() for s in sources))))
    return points


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
    if not isinstance(summary, str) or not isinstance(action, str):
        raise InvalidAnswer("schema", "summary and action must be strings")
    return Answer(
        summary=_tidy(summary),
        strengths=_points(data.get("strengths")),
        improvements=_points(data.get("improvements")),
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


def validate_answer(
    content: str, request: SummaryRequest, *, names_in: Callable[[str], list[str]]
) -> Answer:
    """The answer in `content` to `request` if it passes every check, else InvalidAnswer."""
    language = request.language
    answer = parse_answer(content)
    check_text(answer.summary, language=language, names_in=names_in)
    sentences = sentence_count(answer.summary)
    if not (MIN_SENTENCES <= sentences <= MAX_SENTENCES) or not (
        MIN_CHARS <= len(answer.summary) <= MAX_CHARS
    ):
        raise InvalidAnswer("length", f"{sentences} sentences, {len(answer.summary)} characters")
    if not answer.action or len(answer.action) > MAX_ACTION_CHARS:
        raise InvalidAnswer("schema", "the action is missing or too long")
    points = [*answer.strengths, *answer.improvements]
    for items in (answer.strengths, answer.improvements):
        if len(items) > MAX_ITEMS or any(len(p.point) > MAX_ITEM_CHARS for p in items):
            raise InvalidAnswer("schema", "too many or too long points")
    for text in [answer.action, *(p.point for p in points)]:
        check_text(text, language=language, names_in=names_in, prose=False)
    check_content(answer, request)
    sources = request.sources()
    cited = {key: sources[key] for p in points for key in p.sources}
    return Answer(answer.summary, answer.strengths, answer.improvements, answer.action, cited)


def check_content(answer: Answer, request: SummaryRequest) -> None:
    """Does the answer say only what the comments say, to the student, in usable form?"""
    texts = [answer.summary, answer.action, *(p.point for p in answer.strengths)]
    texts += [p.point for p in answer.improvements]
    if any(_is_placeholder(t) for t in texts):
        raise InvalidAnswer("placeholder")
    if any(_copies_instructions(t, request.language) for t in texts):
        raise InvalidAnswer("copied")
    if any(states_grade(t) for t in texts):
        raise InvalidAnswer("grade")
    sources = request.sources()
    comments = [s.text for s in sources.values()]
    if any(_foreign_number(t, request, comments) for t in texts):
        raise InvalidAnswer("number")
    if not _is_sentence(answer.action):
        raise InvalidAnswer("action")
    if not _addresses_student(answer.summary, request.language):
        raise InvalidAnswer("address")
    # Word overlap says nothing across languages (Dutch comments, an English summary): a
    # comment in the other language is not held against a claim, only its id is checked.
    overall = detect_language(" ".join(comments))
    same = {
        key
        for key, s in sources.items()
        if (detect_language(s.text) or overall) in (None, request.language)
    }
    for point in [*answer.strengths, *answer.improvements]:
        unknown = [key for key in point.sources if key not in sources]
        if not point.sources or unknown:
            raise InvalidAnswer("source", ", ".join(unknown) or "a point without sources")
        cited = [sources[key] for key in point.sources if key in same]
        if cited and not is_supported(point.point, [f"{s.criterion} {s.text}" for s in cited]):
            raise InvalidAnswer("unsupported", "a point")
    if sources and len(same) * 2 < len(sources):
        return  # mostly the other language: the summary's sentences cannot be compared
    everything = [sources[key].text for key in same] + [c.name for c in request.criteria]
    for sentence in split_sentences(answer.summary):
        if not is_advice(sentence) and not is_supported(sentence, everything):
            raise InvalidAnswer("unsupported", "a sentence of the summary")


def _is_placeholder(text: str) -> bool:
    folded = fold(text).strip().strip(".!?:;\"' ")
    return folded in _PLACEHOLDER_FIELDS or bool(_PLACEHOLDER_PHRASES.search(folded))


@functools.cache
def _instruction_shingles(language: str) -> frozenset[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for text in instruction_texts(language):
        tokens = words(text)
        found.update(tuple(tokens[i : i + _COPIED_WORDS]) for i in range(len(tokens)))
    return frozenset(s for s in found if len(s) == _COPIED_WORDS)


def _copies_instructions(text: str, language: str) -> bool:
    tokens = words(text)
    shingles = _instruction_shingles(language)
    return any(
        tuple(tokens[i : i + _COPIED_WORDS]) in shingles
        for i in range(len(tokens) - _COPIED_WORDS + 1)
    )


def _foreign_number(text: str, request: SummaryRequest, comments: list[str]) -> bool:
    """A number that is no score on the scale, no count of reviews and not in a comment."""
    used = {m.group(0) for c in comments for m in _NUMBER.finditer(c)}
    for match in _NUMBER.finditer(text):
        value = float(match.group(0).replace(",", "."))
        if request.scale_min <= value <= request.scale_max or match.group(0) in used:
            continue
        if value.is_integer() and 0 <= value <= max(request.review_count, 1):
            continue
        return True
    return False


def _is_sentence(text: str) -> bool:
    """At least three words, and made of words rather than punctuation or JSON."""
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return (
        len(words(text)) >= 3 and letters >= 0.85 * len(text) and not re.search(r"[{}\[\]]", text)
    )


def _addresses_student(summary: str, language: str) -> bool:
    """Spoken to the student ("je", "you"), never about them ("de leerling", "the student")."""
    second = _SECOND_PERSON.get(language, _SECOND_PERSON["nl"])
    folded = fold(summary)
    return bool(second & set(words(folded))) and not _THIRD_PERSON.search(folded)
