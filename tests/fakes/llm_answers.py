"""What the fake LLM server answers: a plausible summary built from the comments it received.

The fake reads the feedback out of the prompt the way a model would: the data block between
`<feedback>` and `</feedback>` (JSON with criteria, averages and comments), or, failing that, the
bullet lines of the last user message. It answers in the language of the system prompt, in the
schema `{summary, strengths[], improvements[], action}`, and takes care to produce text that a
correct validator accepts (4-7 sentences, no names, links or markup). The failure modes bend
exactly one of those properties, so a test sees which check caught it.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"\[[A-Za-z_ -]+\]|<[A-Z_]+>")
_DUTCH = {"je", "de", "het", "een", "en", "van", "jouw", "niet", "op", "met", "voor", "is", "dat"}
_ENGLISH = {"you", "the", "a", "and", "of", "your", "not", "on", "with", "for", "is", "that"}


@dataclass
class Criterion:
    """One criterion as the fake understood it from the prompt."""

    name: str
    peer_average: float | None = None
    own_score: float | None = None
    comments: list[str] = field(default_factory=list)


def language_of(messages: list[dict[str, Any]]) -> str:
    """'nl' or 'en': the language the instructions (system prompt first) are written in."""
    system = " ".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    text = system or " ".join(str(m.get("content") or "") for m in messages)
    text = re.sub(r"<feedback>.*?</feedback>", " ", text, flags=re.S)
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(w in _DUTCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    return "en" if english > dutch else "nl"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _criteria_from_json(data: Any) -> list[Criterion]:
    found: list[Criterion] = []
    items = data.get("criteria") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return found
    for item in items:
        if not isinstance(item, dict):
            continue
        name = str(item.get("criterion") or item.get("name") or "").strip()
        comments = [str(c) for c in item.get("comments") or [] if str(c).strip()]
        found.append(
            Criterion(
                name=name or "?",
                peer_average=_number(item.get("peer_average")),
                own_score=_number(item.get("own_score")),
                comments=comments,
            )
        )
    return found


def criteria_of(messages: list[dict[str, Any]]) -> list[Criterion]:
    """The criteria and comments the prompt carries (empty when the fake can't find any)."""
    users = [str(m.get("content") or "") for m in messages if m.get("role") == "user"]
    with_data = [u for u in users if "<feedback>" in u]
    text = (with_data or users or [""])[-1]
    block = re.search(r"<feedback>(.*?)</feedback>", text, flags=re.S)
    if block:
        try:
            return _criteria_from_json(json.loads(block.group(1)))
        except ValueError:
            pass
    bullets = [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]
    return [Criterion(name="", comments=bullets)] if bullets else []


def _fragment(comment: str, limit: int = 110) -> str:
    """The first sentence of a comment, without tokens or end punctuation, at most `limit`."""
    text = _TOKEN.sub("", comment)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.split(r"(?<=[.!?])\s", text)[0].rstrip(".!? ")
    text = text.replace('"', "'")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    return text


def _pick(criteria: list[Criterion]) -> tuple[Criterion | None, Criterion | None]:
    rated = [c for c in criteria if c.peer_average is not None]
    if len(rated) >= 2:
        ordered = sorted(rated, key=lambda c: (-(c.peer_average or 0), c.name))
        return ordered[0], ordered[-1]
    with_comments = [c for c in criteria if c.comments]
    if len(with_comments) >= 2:
        return with_comments[0], with_comments[-1]
    candidates = rated or with_comments or criteria
    return (candidates[0] if candidates else None), None


def _first_comment(criterion: Criterion | None) -> str:
    for comment in criterion.comments if criterion else []:
        fragment = _fragment(comment)
        if fragment:
            return fragment
    return ""


def _avg(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "?"


def compose(messages: list[dict[str, Any]], language: str | None = None) -> dict[str, Any]:
    """A valid structured answer in `language` (default: the prompt's) about these comments."""
    lang = language or language_of(messages)
    best, worst = _pick(criteria_of(messages))
    good, bad = _first_comment(best), _first_comment(worst)
    best_name = best.name if best and best.name else ""
    worst_name = worst.name if worst and worst.name else ""
    if lang == "en":
        sentences = [
            f"Your teammates are most positive about {best_name or 'your work'} "
            f"(average {_avg(best.peer_average if best else None)}).",
            f"One of them writes: '{good}'." if good else "They value what you contribute.",
            f"They rate {worst_name or 'some areas'} lower "
            f"(average {_avg(worst.peer_average if worst else None)}).",
            f"A remark there: '{bad}'." if bad else "There is room to grow there.",
            f"As a next step, choose one concrete way to improve {worst_name or 'this'}.",
        ]
        action = f"Agree with your team on one concrete step for {worst_name or 'this'}."
        strengths = [good or f"Good work on {best_name or 'the project'}"]
        improvements = [bad or f"More attention to {worst_name or 'the weaker points'}"]
    else:
        sentences = [
            f"Je teamgenoten zijn het meest te spreken over {best_name or 'je inzet'} "
            f"(gemiddeld {_avg(best.peer_average if best else None)}).",
            f"Een van hen schrijft: '{good}'." if good else "Ze waarderen wat je bijdraagt.",
            f"Op {worst_name or 'een paar punten'} beoordelen ze je lager "
            f"(gemiddeld {_avg(worst.peer_average if worst else None)}).",
            f"Daar merken ze op: '{bad}'." if bad else "Daar zien ze nog ruimte om te groeien.",
            f"Kies als volgende stap een concrete manier om {worst_name or 'dit'} te verbeteren.",
        ]
        action = f"Spreek met je team één concrete stap af voor {worst_name or 'dit punt'}."
        strengths = [good or f"Goed werk bij {best_name or 'het project'}"]
        improvements = [bad or f"Meer aandacht voor {worst_name or 'de zwakkere punten'}"]
    return {
        "summary": " ".join(sentences),
        "strengths": strengths,
        "improvements": improvements,
        "action": action,
    }


def answer_for(mode: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
    """The message content the fake returns in `mode` (a content-level behaviour)."""
    lang = language_of(messages)
    answer = compose(messages)
    if mode == "invalid_json":
        return '{"summary": "Je teamgenoten vinden dat je goed samenwerkt", "strengths": ['
    if mode == "schema_violation":
        return json.dumps({"text": answer["summary"]})
    if mode == "refusal":
        refusal = (
            "I'm sorry, but I can't help with that request."
            if lang == "en"
            else "Sorry, daar kan ik je helaas niet mee helpen."
        )
        return json.dumps({"summary": refusal, "strengths": [], "improvements": [], "action": ""})
    if mode == "too_short":
        answer["summary"] = "Goed gedaan." if lang == "nl" else "Well done."
    elif mode == "leak_name":
        name = str(params.get("name") or "Jan de Vries")
        answer["summary"] = (
            answer["summary"]
            .replace("Je teamgenoten", f"{name} en je andere teamgenoten", 1)
            .replace("Your teammates", f"{name} and your other teammates", 1)
        )
    elif mode == "leak_link":
        link = str(params.get("link") or "https://example.org/feedback")
        answer["summary"] += (
            f" Lees meer op {link} voor tips." if lang == "nl" else f" See {link} for tips."
        )
    elif mode == "markup":
        answer["summary"] = "**Samenvatting**\n\n<b>" + answer["summary"] + "</b>"
    elif mode == "wrong_language":
        answer = compose(messages, "nl" if lang == "en" else "en")
    elif mode == "huge":  # a runaway model: megabytes of "summary"
        size = int(params.get("size") or 10_000_000)
        answer["summary"] = ("Je teamgenoten zijn tevreden. " * (size // 30 + 1))[:size]
    text = json.dumps(answer, ensure_ascii=False)
    if mode == "raw_newlines":
        # What small models under a grammar often write: a line break inside a JSON string,
        # unescaped (strict JSON forbids control characters there).
        text = text.replace(". ", ".\n", 2)
    return text
