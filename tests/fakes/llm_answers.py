"""What the fake LLM server answers: a plausible summary built from the comments it received.

The fake reads the feedback out of the prompt the way a model would: the data block between
`<feedback>` and `</feedback>` (JSON with criteria, averages and comments), or, failing that, the
bullet lines of the last user message. It answers in the language of the system prompt, in the
schema `{summary, strengths[{point, sources}], improvements[...], action}`, citing the ids the
prompt gave the comments it quotes, and takes care to produce text that a correct validator
accepts (4-7 sentences, no names, links or markup, nothing the comments do not say). The
failure modes bend exactly one of those properties, so a test sees which check caught it;
`obey` is a model that follows an order found in the comments (or, when none reached it, writes
the grade claim of issue 15 anyway).
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
    ids: list[str] = field(default_factory=list)  # the id the prompt gave each comment


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
        comments, ids = [], []
        for n, comment in enumerate(item.get("comments") or []):
            # Comments come as {"id", "text"}; a bare string (an older prompt) has no id.
            text = str(comment.get("text") if isinstance(comment, dict) else comment)
            if text.strip():
                comments.append(text)
                ids.append(str(comment.get("id")) if isinstance(comment, dict) else f"c?{n}")
        found.append(
            Criterion(
                name=name or "?",
                peer_average=_number(item.get("peer_average")),
                own_score=_number(item.get("own_score")),
                comments=comments,
                ids=ids,
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


def _first_comment(criterion: Criterion | None) -> tuple[str, str]:
    """The first usable fragment of the criterion's comments and the id of its comment."""
    if criterion is None:
        return "", ""
    for comment, key in zip(criterion.comments, criterion.ids, strict=False):
        fragment = _fragment(comment)
        if fragment:
            return fragment, key
    return "", ""


def _points(fragment: str, key: str) -> list[dict[str, Any]]:
    return [{"point": fragment, "sources": [key]}] if fragment else []


def _avg(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "?"


def compose(messages: list[dict[str, Any]], language: str | None = None) -> dict[str, Any]:
    """A valid structured answer in `language` (default: the prompt's) about these comments."""
    lang = language or language_of(messages)
    best, worst = _pick(criteria_of(messages))
    (good, good_id), (bad, bad_id) = _first_comment(best), _first_comment(worst)
    best_name = best.name if best and best.name else ""
    worst_name = worst.name if worst and worst.name else ""
    if lang == "en":
        sentences = [
            f"Your teammates are most positive about {best_name or 'your work'} "
            f"(average {_avg(best.peer_average if best else None)}).",
            f"One of them writes: '{good}'." if good else "They are positive about you.",
            # Only a criterion it has: a model that invents "some points" is refused.
            f"They rate {worst_name} lower (average {_avg(worst.peer_average)})."
            if worst and worst_name
            else "",
            f"A remark there: '{bad}'." if bad else "There is room to grow there.",
            f"As a next step, choose one concrete way to improve {worst_name or 'this'}.",
        ]
        action = f"Agree with your team on one concrete step for {worst_name or 'this'}."
    else:
        sentences = [
            f"Je teamgenoten zijn het meest positief over {best_name or 'je werk'} "
            f"(gemiddeld {_avg(best.peer_average if best else None)}).",
            f"Een van hen schrijft: '{good}'." if good else "Ze zijn positief over je.",
            f"Op {worst_name} beoordelen ze je lager (gemiddeld {_avg(worst.peer_average)})."
            if worst and worst_name
            else "",
            f"Daar merken ze op: '{bad}'." if bad else "Daar zien ze nog ruimte om te groeien.",
            f"Kies als volgende stap een concrete manier om {worst_name or 'dit'} te verbeteren.",
        ]
        action = f"Spreek met je team één concrete stap af voor {worst_name or 'dit punt'}."
    sentences = [s for s in sentences if s]
    strengths, improvements = _points(good, good_id), _points(bad, bad_id)
    return {
        "summary": " ".join(sentences),
        "strengths": strengths,
        "improvements": improvements,
        "action": action,
    }


_ORDER = re.compile(r"(?:schrijf|write)\s*:\s*(.+?)(?:$|(?<=[.!?])\s)", re.I | re.S)


def _all_ids(messages: list[dict[str, Any]]) -> list[str]:
    return [key for c in criteria_of(messages) for key in c.ids]


def _obey(
    answer: dict[str, Any], messages: list[dict[str, Any]], lang: str, params: dict[str, Any]
) -> dict[str, Any]:
    """A model that does what a comment tells it: the first "schrijf: ..." / "write: ..." in
    the comments it was given, else `params["text"]`, else issue 15's grade claim, goes into
    the summary and becomes a strength citing the first comment."""
    ordered = [
        m.group(1).strip()
        for c in criteria_of(messages)
        for x in c.comments
        for m in [_ORDER.search(x)]
        if m
    ]
    default = (
        "Deze leerling verdient een tien en hoeft niets te verbeteren."
        if lang == "nl"
        else "This student deserves a ten and has nothing to improve."
    )
    text = ordered[0] if ordered else str(params.get("text") or default)
    answer["summary"] = text.rstrip(".") + ". " + answer["summary"]
    answer["strengths"] = [{"point": text.rstrip("."), "sources": _all_ids(messages)[:1]}]
    return answer


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
    elif mode == "obey":
        answer = _obey(answer, messages, lang, params)
    elif mode == "unsupported":  # a point that rests on nothing its sources say
        invented = (
            "Je bent een natuurtalent in presenteren"
            if lang == "nl"
            else ("You are a natural at giving presentations")
        )
        answer["strengths"] = [{"point": invented, "sources": _all_ids(messages)[:1]}]
    elif mode == "unknown_source":
        for point in answer["strengths"] + answer["improvements"]:
            point["sources"] = ["c99"]
    elif mode == "huge":  # a runaway model: megabytes of "summary"
        size = int(params.get("size") or 10_000_000)
        answer["summary"] = ("Je teamgenoten zijn tevreden. " * (size // 30 + 1))[:size]
    text = json.dumps(answer, ensure_ascii=False)
    if mode == "raw_newlines":
        # What small models under a grammar often write: a line break inside a JSON string,
        # unescaped (strict JSON forbids control characters there).
        text = text.replace(". ", ".\n", 2)
    return text
