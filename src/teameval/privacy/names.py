"""Where a text uses a roster name as a name.

The text is normalised (privacy/text.py) and cut into tokens, runs of letters, with a run
also cut where a capital follows a small letter ("LarsJansen", "DeVries"). At each token the
longest roster variant (privacy/roster.py) that the next tokens spell, separated by spaces,
hyphens, dots, underscores or apostrophes, is tried; when the rules below refuse it, the
shorter ones, and otherwise the next token. Rules, with the thresholds of privacy/lexicon.py:

- In an identifier (a handle "@sanne_devries", "sanne123", "LarsJansen": a run without spaces
  holding "@", "_", a digit or a capital after a small letter) any name part of three letters
  or more counts, and the whole identifier is replaced.
- A form written as one word ("devries", "Devries") always counts.
- A full name counts when its first name does (or is capitalised), and its surname carries a
  prefix ("daan de boer"), a capital ("Bram Meer") or is not among the most common words
  ("jan bakker", but not "Bram meer laten doen").
- A first name counts in any case, unless it is one of the most common words ("ben", "will"):
  then only capitalised, and at the start of a sentence not when a pronoun follows ("Ben je").
- A surname, with or without its prefix, counts when it is not a common word ("dijkstra"),
  or when it stands in name position: capitalised mid-sentence ("met Meer", "De Boer", "de
  Vries"), capitalised at the start of a sentence unless it is among the most common words
  ("Bakker deed", but "Meer inzet graag"), after an initial ("J. de Boer"), or after a prefix
  of two words or more ("van der meer"). So "meer", "laat", "een berg werk", "zwart-wit" and
  "de boer op" stay words.
- A text (almost) all in capitals says nothing by its capitals: they count as small letters.
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from teameval.privacy.lexicon import is_common, is_first_name_word, is_very_common
from teameval.privacy.roster import GIVEN, PREFIX, SURNAME, Roster, Variant
from teameval.privacy.text import Normalised, camel_cuts, wordset

_RUN = re.compile(r"[^\W\d_]+")
_CHUNK = re.compile(r"\S+")
_SEPARATOR = re.compile(r"[\s\-_.'’]{0,3}")
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")
_SENTENCE_END = frozenset(".!?:;…\n")
_OPENERS = frozenset(" \t\"'“”‘’«»([{-–—•*>")
PRONOUNS = wordset("je jij u ik we wij ze zij hij jullie you i he she it they")
# What follows a name that starts a sentence: a finite verb ("Bakker deed", "Young led").
FINITE_VERBS = wordset(
    """is was zijn waren heeft had hebben doet deed deden kan kon moet moest wil wilde zal zou
    gaat ging komt kwam werkt werkte helpt hielp maakt maakte neemt nam zegt zei geeft gaf
    schrijft schreef regelt regelde houdt hield stuurt stuurde weet wist denkt dacht
    has did does can could will would should must led made helped worked wrote took gave said
    came went kept showed never always nooit altijd ook"""
)
# What stands before a word, never before a name: "een rode roos", "a good mark".
DETERMINERS = wordset("een de deze dit mijn jouw onze a an the this my your our their")


@dataclass(frozen=True)
class Token:
    """A run of letters in the folded text, with what its surroundings say about it."""

    text: str
    start: int
    end: int
    capital: bool
    sentence_start: bool
    identifier: tuple[int, int] | None  # the identifier it is part of, as a folded span


def _is_identifier(chunk: str, upper: tuple[bool, ...], offset: int) -> bool:
    if "@" in chunk or "_" in chunk or "#" in chunk:
        return True
    letters = any(c.isalpha() for c in chunk)
    if letters and any(c.isdigit() for c in chunk):
        return True
    return any(
        upper[offset + i] and chunk[i - 1].isalpha() and not upper[offset + i - 1]
        for i in range(1, len(chunk))
    )


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def tokenise(norm: Normalised) -> list[Token]:
    """The tokens of a normalised text (see the module docstring)."""
    text, upper = norm.text, norm.upper
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    shouting = bool(letters) and sum(upper[i] for i in letters) > 0.6 * len(letters)
    identifiers: list[tuple[int, int]] = []
    for chunk in _CHUNK.finditer(text):
        word = chunk.group(0).strip(".,;:!?()[]\"'“”‘’")
        offset = chunk.start() + chunk.group(0).find(word) if word else chunk.start()
        if word and _is_identifier(word, upper, offset):
            identifiers.append((offset, offset + len(word)))
    tokens = []
    for run in _RUN.finditer(text):
        for start, end in itertools.pairwise(camel_cuts(norm, run.start(), run.end())):
            ident = next((s for s in identifiers if s[0] <= start < s[1]), None)
            tokens.append(
                Token(
                    text=text[start:end],
                    start=start,
                    end=end,
                    capital=upper[start] and not shouting,
                    sentence_start=_sentence_start(text, start),
                    identifier=ident,
                )
            )
    return tokens


def _spelled(variant: Variant, tokens: list[Token], i: int, text: str) -> int | None:
    """The index after the tokens from `i` on that spell `variant`, or None."""
    n = len(variant.tokens)
    if i + n > len(tokens):
        return None
    for k, expected in enumerate(variant.tokens):
        token = tokens[i + k]
        last = k == n - 1
        if token.text != expected and not (last and token.text == expected + "s"):
            return None
        if k and not _SEPARATOR.fullmatch(text, tokens[i + k - 1].end, token.start):
            return None
    return i + n


def _after_initial(tokens: list[Token], i: int, text: str) -> bool:
    """Does an initial ("J." or "J ") stand right before token `i`?"""
    if i == 0:
        return False
    before = tokens[i - 1]
    between = text[before.end : tokens[i].start]
    return len(before.text) == 1 and before.capital and between.strip() in (".", "")


def _first_name_counts(tokens: list[Token], at: int, end: int) -> bool:
    first = tokens[at]
    if not all(is_first_name_word(t.text) for t in tokens[at:end]):
        if first.capital or not is_common(first.text):
            return True
        before = [t.text for t in tokens[max(0, at - 2) : at]]
        return not (before[-1:] and before[-1] in DETERMINERS) and not (
            len(before) == 2 and before[0] in DETERMINERS and not tokens[at - 1].capital
        )
    if not first.capital:
        return False
    follows = tokens[end].text if end < len(tokens) else ""
    return not (first.sentence_start and follows in PRONOUNS)


def _surname_counts(tokens: list[Token], at: int, end: int, text: str) -> bool:
    """Surname tokens[at:end] (no prefix): not a common word, or in name position."""
    words = [t.text for t in tokens[at:end]]
    if end - at > 1 or not any(is_common(w) for w in words):
        return True
    first = tokens[at]
    if first.capital and (not first.sentence_start or _leads_sentence(tokens, end, text)):
        return True
    return _after_initial(tokens, at, text)


def _leads_sentence(tokens: list[Token], end: int, text: str) -> bool:
    """Is a capitalised common word at the start of a sentence, ending at tokens[end], its
    subject? Yes when a finite verb or punctuation follows: "Bakker deed", "Bakker, Visser
    en ik"; no when another word does: "Meer inzet graag", "Groen licht gegeven"."""
    if end >= len(tokens):
        return True
    after = tokens[end]
    return bool(text[tokens[end - 1].end : after.start].strip()) or after.text in FINITE_VERBS


def _counts(variant: Variant, tokens: list[Token], i: int, j: int, text: str) -> bool:
    """Is the match of `variant` on tokens[i:j] a name (the rules of the module docstring)?"""
    matched = tokens[i:j]
    if any(t.identifier for t in matched):
        return len("".join(t.text for t in matched)) >= 3
    if variant.joined:
        return True
    roles = variant.roles
    g_end = i + roles.count(GIVEN)
    s_start = i + roles.index(SURNAME) if SURNAME in roles else j
    prefix = [t for t, role in zip(matched, roles, strict=True) if role == PREFIX]
    if roles[0] == GIVEN:
        given_ok = _first_name_counts(tokens, i, g_end) or tokens[i].capital
        if s_start == j:
            return _first_name_counts(tokens, i, g_end)
        surname = tokens[s_start]
        return given_ok and (bool(prefix) or surname.capital or not is_very_common(surname.text))
    if _surname_counts(tokens, s_start, j, text):
        return True
    if not prefix:
        return False
    return (
        len(prefix) > 1
        or (prefix[0].capital and not prefix[0].sentence_start)
        or _after_initial(tokens, i, text)
    )


def name_spans(roster: Roster, norm: Normalised) -> Iterator[tuple[int, int]]:
    """Where `norm` uses a roster name as a name: spans of the folded text, in order."""
    text = norm.text
    tokens = tokenise(norm)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        candidates = roster.starting_with(token.text)
        if token.text.endswith("s"):
            stem = roster.starting_with(token.text[:-1])  # "Jans", "Lottes": the possessive
            candidates += tuple(v for v in stem if len(v.tokens) == 1)
        for variant in candidates:
            j = _spelled(variant, tokens, i, text)
            if j is not None and _counts(variant, tokens, i, j, text):
                start, end = tokens[i].start, tokens[j - 1].end
                ident = tokens[i].identifier or tokens[j - 1].identifier
                if ident:
                    start, end = min(start, ident[0]), max(end, ident[1])
                    while j < len(tokens) and tokens[j].identifier == ident:
                        j += 1
                else:
                    possessive = _POSSESSIVE.match(text, end)
                    end = possessive.end() if possessive else end
                    if variant.roles[0] == PREFIX and text[start - 1 : start] in ("'", "’"):
                        start -= 1  # the apostrophe of "'t Hart"
                    if variant.roles[0] != GIVEN and _after_initial(tokens, i, text):
                        start = tokens[i - 1].start  # "J. de Boer" is one name
                yield start, end
                i = j
                break
        else:
            i += 1
