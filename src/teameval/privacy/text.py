"""Folding text for comparison, shared by the anonymiser and the LLM's text tools.

`normalise` is what the anonymiser matches on: Unicode NFKC (full-width and mathematical
letters become plain ones), invisible format characters removed (a zero-width space inside a
name must not hide it), look-alike letters of other scripts folded to the Latin letter they
imitate (a Cyrillic "а" in "Sаnne"), accents dropped and lower case. It keeps, for every
character of the result, the index of the character it came from and whether that was a
capital, so matches map back onto the text as written and capitalisation can be judged.
"""

import functools
import json
import unicodedata
from dataclasses import dataclass
from importlib import resources


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set (for word lists written as prose)."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """Lower case without accents: 'Émile' and 'emile' compare equal."""
    if text.isascii():  # nothing to decompose: lower case is the fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@functools.cache
def _confusables() -> dict[str, str]:
    """Non-Latin letters that look like a Latin letter, mapped to that letter.

    From the Unicode confusables data (UTS #39) as the confusable_homoglyphs package ships it.
    Only characters outside ASCII are folded: ASCII look-alikes ("l" and "1") stay themselves.
    """
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    table: dict[str, str] = {}
    for char, homoglyphs in data.items():
        for homoglyph in homoglyphs:
            target = homoglyph["c"]
            if len(char) == 1 and not char.isascii() and _latin_letter(target):
                table.setdefault(char, target)
            elif _latin_letter(char) and len(target) == 1 and not target.isascii():
                table.setdefault(target, char)
    return table


def _latin_letter(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isalpha()


@dataclass(frozen=True)
class Normalised:
    """A text folded for matching, with a way back to the text as written.

    `text[i]` came from `source[origin[i]]`; `upper[i]` says whether that character was a
    capital letter.
    """

    source: str
    text: str
    origin: tuple[int, ...]
    upper: tuple[bool, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `source` that the folded span [start, end) came from."""
        return self.origin[start], self.origin[end - 1] + 1


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> tuple[str, bool]:
    """One character folded (possibly to several or none), and whether it was a capital."""
    if unicodedata.category(ch) == "Cf":  # zero-width spaces and joiners, soft hyphens, marks
        return "", False
    out = []
    upper = False
    for part in unicodedata.normalize("NFKC", ch):
        part = _confusables().get(part, part)
        upper = upper or part.isupper()
        out.append(fold(part))
    return "".join(out), upper


def normalise(text: str) -> Normalised:
    """`text` folded for matching (see the module docstring)."""
    if text.isascii():  # most comments: folding is lower case, one character for one
        return Normalised(
            text, text.lower(), tuple(range(len(text))), tuple(ch.isupper() for ch in text)
        )
    out: list[str] = []
    origin: list[int] = []
    upper: list[bool] = []
    for i, ch in enumerate(text):
        folded, capital = _fold_char(ch)
        out.append(folded)
        origin.extend([i] * len(folded))
        upper.extend([capital] + [False] * (len(folded) - 1))
    return Normalised(text, "".join(out), tuple(origin), tuple(upper))


def camel_cuts(norm: Normalised, start: int, end: int) -> list[int]:
    """Where the run norm.text[start:end] is cut: its ends, and each capital that follows a
    small letter ("LarsJansen", "DeVries", "McDonald")."""
    inner = [i for i in range(start + 1, end) if norm.upper[i] and not norm.upper[i - 1]]
    return [start, *inner, end]
