"""Anonymisation: roster names, e-mail addresses, phone numbers, links and student numbers in
comments become neutral tokens before any text leaves for an LLM or is shown as a quote.

Names are matched on whole words, regardless of case and accents ("emile" finds "Émile"), as the
full name, the first name, the last name with and without its prefix ("de Vries", "Vries") and
each further part of two letters or more, with an optional possessive -s ("Jans", "Sanne's").
Dutch name prefixes (van, de, der, ...) alone are never treated as names: they are ordinary
words. Name parts that are also very common words ("Ben" as in "ik ben", "Will", "Mark") are
replaced only when written with a capital; lower-case they are the word, not the name. That is
the one place where fidelity of the comment wins over caution, because replacing every "ben"
would garble most Dutch comments while the capitalised form still catches the name.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from teameval.privacy.text import fold, wordset

TOKENS = {
    "nl": {
        "name": "[naam]",
        "email": "[e-mail]",
        "phone": "[telefoonnummer]",
        "link": "[link]",
        "number": "[leerlingnummer]",
    },
    "en": {
        "name": "[name]",
        "email": "[e-mail]",
        "phone": "[phone number]",
        "link": "[link]",
        "number": "[student number]",
    },
}
_TOKEN = re.compile(
    r"\[(?:naam|name|e-mail|telefoonnummer|phone number|link|leerlingnummer|student number)\]"
)

NAME_PREFIXES = wordset(
    "van de der den het ten ter te op in 't v d da di du del della la le el al bin von zu"
)
# Name parts that are everyday words: matched only when capitalised (see the module docstring).
COMMON_WORDS = wordset(
    "ben will mark bas roos rose fleur hoop hope joy rob bob lot mag an gift may april june grace"
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(
    r"(?:\bhttps?://|\bwww\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|be|eu|io|edu|info|dev|app|ly|gl|me)\b(?:/\S*)?",
    re.IGNORECASE,
)
# Phone numbers: 9 to 13 digits, optionally grouped by spaces, dashes, dots or brackets.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s.()-]{0,2}\d){8,12}(?!\w)")
# Student numbers: 5 to 10 digits on their own, or letters then digits (s1234567, ln123456).
_NUMBER = re.compile(r"(?<!\w)(?:[a-zA-Z]{1,3}\d{5,10}|\d{5,10})(?!\w)")
_POSSESSIVE = r"(?:['’]?s)?"


def _name_variants(full_name: str) -> set[str]:
    """The forms under which a roster name can appear in a comment."""
    parts = [p for p in re.split(r"\s+", full_name.strip()) if p]
    variants: set[str] = set()
    if not parts:
        return variants
    variants.add(" ".join(parts))
    for i, part in enumerate(parts):
        for piece in {part, *part.split("-")}:
            if len(piece) >= 2 and fold(piece) not in NAME_PREFIXES:
                variants.add(piece)
        # "Jan de Vries": the last name with its prefix, and the first name with the last name.
        if i > 0 and fold(part) in NAME_PREFIXES:
            variants.add(" ".join(parts[i:]))
    if len(parts) > 2:
        variants.add(f"{parts[0]} {parts[-1]}")
    return variants


_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class _Roster:
    """A roster's name variants (folded), indexed by their first run of word characters.

    A variant can only match where the folded text has that run as a whole word, or that run
    plus the possessive "s" ("jans"): the pattern's boundaries and separators are non-word
    characters. So a text's pattern needs only the variants whose first run it contains, which
    for most comments is none or a few, where the whole class makes hundreds.
    """

    by_first_run: dict[str, tuple[tuple[int, str], ...]]
    capital_only: frozenset[str]

    def pattern_for(self, folded: str) -> re.Pattern[str] | None:
        """The name pattern for one folded text: its candidate variants, longest first."""
        candidates: set[tuple[int, str]] = set()
        for run in set(_WORD_RUN.findall(folded)):
            candidates.update(self.by_first_run.get(run, ()))
            if run.endswith("s"):
                candidates.update(self.by_first_run.get(run[:-1], ()))
        return _name_pattern(tuple(v for _, v in sorted(candidates))) if candidates else None


@functools.lru_cache(maxsize=256)
def _roster(roster: frozenset[str]) -> _Roster:
    """The variants of a roster, indexed for `_Roster.pattern_for`.

    Cached: a course's roster is the same for every one of its students, and this is a function
    of the names alone, so sharing it between requests shares no one's data.
    """
    variants: set[str] = set()
    for name in roster:
        variants |= _name_variants(name)
    folded = {fold(v) for v in variants}
    index: dict[str, list[tuple[int, str]]] = {}
    # Longest first, as the pattern's alternatives must be tried: "jan de vries" before "jan".
    for rank, variant in enumerate(sorted(folded, key=lambda v: (-len(v), v))):
        first = _WORD_RUN.search(variant)
        if first:
            index.setdefault(first.group(0), []).append((rank, variant))
    return _Roster(
        by_first_run={run: tuple(entries) for run, entries in index.items()},
        capital_only=frozenset(v for v in folded if v in COMMON_WORDS),
    )


@functools.lru_cache(maxsize=1024)
def _name_pattern(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word matches of any of `alternatives` (in this order), spaces and hyphens alike."""
    body = "|".join(r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", v))) for v in alternatives)
    return re.compile(rf"(?<!\w)(?:{body}){_POSSESSIVE}(?!\w)")


@dataclass
class Anonymiser:
    """Replaces the roster's names and contact details in text with neutral tokens."""

    roster: Iterable[str]
    language: str = "nl"
    tokens: dict[str, str] = field(init=False, default_factory=dict)
    _roster: _Roster = field(init=False)

    def __post_init__(self) -> None:
        self._roster = _roster(frozenset(self.roster))
        self.tokens = TOKENS.get(self.language, TOKENS["nl"])

    def _name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where roster names occur in `text` (offsets into `text`, not its folded form)."""
        folded, index = _fold_with_index(text)
        pattern = self._roster.pattern_for(folded)
        if pattern is None:
            return []
        tokens = [m.span() for m in _TOKEN.finditer(text)]
        spans = []
        for match in pattern.finditer(folded):
            start, end = index[match.start()], index[match.end() - 1] + 1
            word = match.group(0)
            common = {word, re.sub(r"['’]?s$", "", word)} & self._roster.capital_only
            if common and not text[start].isupper():
                continue
            if any(t_start <= start < t_end for t_start, t_end in tokens):
                continue  # a name that happens to be the word inside one of our tokens
            spans.append((start, end))
        return spans

    def names_in(self, text: str) -> list[str]:
        """The roster names that `text` contains, as written there."""
        return [text[start:end] for start, end in self._name_spans(text)]

    def text(self, text: str) -> str:
        """`text` with every e-mail, link, phone number, student number and name replaced."""
        text = _EMAIL.sub(self.tokens["email"], text)
        text = _LINK.sub(self.tokens["link"], text)
        text = _PHONE.sub(self.tokens["phone"], text)
        text = _NUMBER.sub(self.tokens["number"], text)
        for start, end in reversed(self._name_spans(text)):
            text = text[:start] + self.tokens["name"] + text[end:]
        return text

    def comment(self, text: str) -> str | None:
        """An anonymised comment, or None when nothing but tokens and punctuation is left."""
        cleaned = self.text(text).strip()
        remainder = _TOKEN.sub("", cleaned)
        return cleaned if re.search(r"[^\W_]", remainder) else None


def contains_contact(text: str) -> bool:
    """Does `text` hold an e-mail address, link or phone number?"""
    return any(p.search(text) for p in (_EMAIL, _LINK, _PHONE))


def contains_token(text: str) -> bool:
    """Does `text` hold one of our neutral tokens ([naam], [link], ...)?"""
    return bool(_TOKEN.search(text))


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index of the character it came from."""
    if text.isascii():  # most comments: folding is lower case, one character for one
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index
