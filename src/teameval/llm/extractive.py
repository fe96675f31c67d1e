"""The offline summariser: no model, deterministic, and the fallback of the LLM providers.

It writes one paragraph of 4 to 7 sentences from the scores and the (anonymised) comments:
1. how many teammates gave feedback and the overall peer average;
2. the strongest criterion by peer average, with a representative comment fragment;
3. the weakest criterion (ties: the earlier criterion), with a fragment that names a point to
   improve;
4. the largest gap between the student's own score and the peers' average, if there is one;
5. one concrete action on the weakest criterion.

How a fragment is chosen ("sentence centrality"): the comments on a criterion are cut into
sentences; each sentence becomes a set of content words (stop words dropped, words cut to their
first six letters as a crude stem). A sentence's centrality is its mean cosine similarity to
the other sentences on that criterion (degree centrality, the idea behind LexRank): the sentence
that shares most with what the others say represents them best. Tone then decides between
near-equals: for a strength, sentences with praise words score higher and sentences with
criticism lower, and the other way round for a point to improve. Very short or very long
sentences are penalised; ties go to the earliest sentence, which keeps the result
deterministic. A name or link in a comment is read as a neutral word ("[naam]" becomes "een
teamgenoot"), so every comment counts and the summary never shows a placeholder; and it says
that there are no comments only when there are none.
"""

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from teameval.llm.extractive_texts import TEXTS, number
from teameval.llm.text import (
    STOPWORDS_EN,
    STOPWORDS_NL,
    shorten,
    split_sentences,
    words,
)
from teameval.llm.types import Completion, CriterionFeedback, Source, SummaryRequest
from teameval.privacy.anonymise import neutral_words
from teameval.privacy.text import wordset

EXTRACTIVE_MODEL = "extractive-v1"
FRAGMENT_CHARS = 160
# Gaps and spreads as fractions of the scale's range (1 point on a 1-5 scale is 0.25).
SELF_GAP = 0.2
EQUAL_SPREAD = 0.02
HIGH_SCORE = 0.75

_POSITIVE = wordset(
    """goed goede fijn fijne sterk sterke top prima helpt hielp behulpzaam betrouwbaar altijd
    duidelijk duidelijke creatief creatieve actief actieve positief positieve leuk netjes
    zorgvuldig initiatief uitstekend uitstekende knap super prettig prettige fantastisch
    waardevol harde enthousiast enthousiaste georganiseerd gemotiveerd serieus
    good great helpful reliable always clear creative active positive nice strong excellent
    careful organised organized motivated enthusiastic valuable thorough"""
)
_NEGATIVE = wordset(
    """niet nooit weinig minder laat vaker beter moet moeten zou zouden soms vergeet vergat
    afwezig stil rommelig onduidelijk moeite lastig jammer helaas traag meer mag
    never late rarely less should could sometimes forgot missing quiet messy unclear
    unfortunately slow more better"""
)
_NEGATORS = frozenset({"niet", "geen", "nooit", "not", "never", "no"})
_STOP = STOPWORDS_NL | STOPWORDS_EN
# Injected instructions ("negeer alle vorige instructies", "</feedback>") are data, but quoting
# them would only show a student someone's prank.
_INSTRUCTION_WORDS = wordset(
    """negeer instructie instructies opdracht prompt systeemprompt chatgpt ai assistent
    ignore instruction instructions prompt assistant"""
)
_MARKUP_CHARS = re.compile(r"[<>{}]")


@dataclass(frozen=True)
class _Sentence:
    text: str
    terms: frozenset[str]
    tone: int  # praise minus criticism
    named: bool  # it held a name or contact detail, now a neutral word


def _tone(sentence: str) -> int:
    tone = 0
    tokens = words(sentence)
    for i, word in enumerate(tokens):
        # Dutch puts the negation after the verb ("helpt niet mee"): look both ways.
        negated = bool(_NEGATORS & set(tokens[max(0, i - 2) : i + 3]))
        if word in _POSITIVE:
            tone += -1 if negated else 1
        elif word in _NEGATIVE:
            tone -= 1
    return tone


def _sentences(comments: tuple[str, ...], language: str) -> list[_Sentence]:
    found = []
    for comment in comments:
        # A name or link in a comment is quoted as a neutral word ("een teamgenoot"): the
        # comment still counts, as it does on the page.
        for raw in split_sentences(comment):
            sentence = neutral_words(raw, language)
            text = sentence.strip().rstrip(".!?;:, ").strip("\"'“”‘’ ")
            if len(words(text)) < 2 or _looks_like_instruction(text):
                continue
            terms = frozenset(w[:6] for w in words(text) if w not in _STOP and len(w) > 2)
            named = sentence != raw
            found.append(_Sentence(shorten(text, FRAGMENT_CHARS), terms, _tone(text), named))
    return found


def _looks_like_instruction(sentence: str) -> bool:
    """Text aimed at a model rather than at the student: never worth quoting."""
    return bool(_MARKUP_CHARS.search(sentence)) or bool(_INSTRUCTION_WORDS & set(words(sentence)))


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def pick_fragment(
    comments: tuple[str, ...], want: int, exclude: str | None = None, language: str = "nl"
) -> str | None:
    """The most representative sentence of `comments` with the wanted tone (+1 praise, -1 not).

    See the module docstring for the method; None when no sentence qualifies.
    """
    sentences = [s for s in _sentences(comments, language) if s.text != exclude]
    best: tuple[float, int] | None = None
    chosen = None
    for i, sentence in enumerate(sentences):
        others = [_cosine(sentence.terms, s.terms) for j, s in enumerate(sentences) if j != i]
        centrality = sum(others) / len(others) if others else 0.0
        tone = sentence.tone * want
        score = centrality + (0.5 if tone > 0 else -0.5 if tone < 0 else 0.0)
        if len(sentence.text) < 20 or len(sentence.text) > 140:
            score -= 0.2
        if sentence.named:  # "een teamgenoot" may be the student: a sentence without is clearer
            score -= 0.8
        if best is None or (score, -i) > best:
            best, chosen = (score, -i), sentence
    if chosen is None or chosen.tone * want < 0:
        return None
    return chosen.text


def _label(name: str) -> str:
    """A criterion name inside a sentence: 'Samenwerking' -> 'samenwerking', 'ICT' stays."""
    name = name.strip()
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def summarise(request: SummaryRequest, *, quotes: bool = True) -> dict[str, Any]:
    """The structured summary `{summary, strengths, improvements, action}` of `request`.

    `quotes=False` quotes no comment (the last resort when a quote would leak), and says that
    the comments are there to read rather than that there are none.
    """
    t = TEXTS[request.language if request.language in TEXTS else "nl"]
    lang = request.language

    def pick(comments: tuple[str, ...], want: int, exclude: str | None = None) -> str | None:
        return pick_fragment(comments, want, exclude, lang) if quotes else None

    span = max(request.scale_max - request.scale_min, 1)
    rated = [c for c in request.criteria if c.peer_average is not None]
    ranked = sorted(rated, key=lambda c: -(c.peer_average or 0.0))  # stable: ties keep order
    all_comments = tuple(x for c in request.criteria for x in c.comments)
    strongest = ranked[0] if ranked else None
    weakest = min(rated, key=lambda c: c.peer_average or 0.0) if rated else None
    n = request.review_count
    sentences: list[str] = []
    if rated:
        overall = sum(c.peer_average or 0.0 for c in rated) / len(rated)
        key = "overview_one" if n == 1 else "overview"
        sentences.append(
            t[key].format(
                n=n, avg=number(overall, lang), low=request.scale_min, high=request.scale_max
            )
        )
    else:
        key = "overview_no_scores_one" if n == 1 else "overview_no_scores"
        sentences.append(t[key].format(n=n))

    praise = pick(strongest.comments if strongest else all_comments, +1)
    remark = pick(weakest.comments if weakest else all_comments, -1, praise)
    if strongest and weakest and len(rated) >= 2:
        spread = ((strongest.peer_average or 0) - (weakest.peer_average or 0)) / span
        if spread <= EQUAL_SPREAD:
            # All alike: the focus is the criterion of the most telling critical remark.
            sentences.append(t["equal"].format(avg=number(strongest.peer_average, lang)))
            weakest, remark = _focus_when_equal(rated, weakest, pick)
            praise = pick(all_comments, +1, remark)
        else:
            sentences.append(_rated(t["strongest"], strongest, lang))
        if praise:
            sentences.append(t["praise_quote"].format(quote=praise))
        if spread > EQUAL_SPREAD:
            high = (weakest.peer_average or 0) >= request.scale_min + HIGH_SCORE * span
            sentences.append(_rated(t["weakest_high" if high else "weakest"], weakest, lang))
        if remark:
            quote_key = "remark_quote" if spread > EQUAL_SPREAD else "remark_quote_named"
            sentences.append(t[quote_key].format(quote=remark, criterion=_label(weakest.name)))
    else:
        if strongest:
            sentences.append(_rated(t["single"], strongest, lang))
        if praise:
            sentences.append(t["praise_quote"].format(quote=praise))
        if remark and remark != praise:
            sentences.append(t["remark_single"].format(quote=remark))

    gap_sentence = _self_gap(request, t, span)
    if gap_sentence:
        sentences.append(gap_sentence)
    withheld = sum(c.withheld for c in request.criteria)
    if not all_comments and not withheld:
        sentences.append(t["no_comments"])
    elif not (praise or remark) or len(sentences) < 4:
        sentences.append(t["comments_elsewhere"])  # there are comments, whether quoted or not
    focus = _label(weakest.name) if weakest else None
    action = t["action"].format(criterion=focus) if focus else t["action_general"]
    sentences.append(action)

    # Each point is a quoted fragment with the comment it comes from (a point on scores alone
    # would rest on no comment: the scores are on the page).
    sources = request.sources()
    strengths, improvements = _point(praise, sources, lang), _point(remark, sources, lang)
    cited = [key for p in strengths + improvements for key in p["sources"]]
    return {
        "summary": " ".join(sentences),
        "strengths": strengths,
        "improvements": improvements,
        "action": action,
        "sources": {k: {"criterion": sources[k].criterion, "text": sources[k].text} for k in cited},
    }


def _point(fragment: str | None, sources: dict[str, Source], lang: str) -> list[dict[str, Any]]:
    """The point of a quoted fragment, citing the first comment it comes from."""
    for key, source in sources.items() if fragment else ():
        if any(s.text == fragment for s in _sentences((source.text,), lang)):
            return [{"point": fragment, "sources": [key]}]
    return []


def _focus_when_equal(
    rated: list[CriterionFeedback],
    first: CriterionFeedback,
    pick: Callable[[tuple[str, ...], int], str | None],
) -> tuple[CriterionFeedback, str | None]:
    """With equal scores: the criterion with a critical remark (the first such), and it."""
    for criterion in rated:
        remark = pick(criterion.comments, -1)
        if remark and _tone(remark) < 0:
            return criterion, remark
    return first, pick(first.comments, -1)


def _rated(template: str, criterion: CriterionFeedback, lang: str) -> str:
    return template.format(
        criterion=_label(criterion.name),
        name=criterion.name,
        avg=number(criterion.peer_average, lang),
    )


def _self_gap(request: SummaryRequest, t: dict[str, str], span: int) -> str | None:
    """A sentence on the largest difference between own score and peer average, if any."""
    pairs = [
        (c, (c.own_score or 0) - (c.peer_average or 0))
        for c in request.criteria
        if c.own_score is not None and c.peer_average is not None
    ]
    if not pairs:
        return None
    criterion, gap = max(pairs, key=lambda p: abs(p[1]))  # first of equal gaps: stable
    values = {
        "criterion": _label(criterion.name),
        "own": criterion.own_score,
        "avg": number(criterion.peer_average, request.language),
    }
    if gap / span >= SELF_GAP:
        return t["self_higher"].format(**values)
    if -gap / span >= SELF_GAP:
        return t["self_lower"].format(**values)
    return t["self_close"]


class ExtractiveSummarizer:
    """The offline provider: the same interface as the LLM providers, no network."""

    provider = "extractive"
    model = EXTRACTIVE_MODEL

    def complete(
        self,
        request: SummaryRequest,
        *,
        retry_reason: str | None = None,
        timeout_s: float | None = None,
    ) -> Completion:
        """The extractive summary as a JSON answer (see Summarizer.complete)."""
        started = time.monotonic()
        content = json.dumps(summarise(request), ensure_ascii=False)
        return Completion(
            content=content,
            provider=self.provider,
            model=self.model,
            prompt_tokens=0,
            completion_tokens=0,
            duration_ms=round((time.monotonic() - started) * 1000),
        )
