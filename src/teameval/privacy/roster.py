"""A roster's names as the token sequences under which they can appear in a text.

A name is read as first name(s), then the Dutch (or other) name prefix, the tussenvoegsel
("de", "van der", "'t", "el"), then the surname: "Bram van der Meer", "Fatima el Amrani",
"Anne-Marie Jansen-Bakker". Without a prefix the last word is the surname. From that come the
variants: the full name, each first name, the surname with and without its prefix, a double
surname's parts, and each of those written as one word ("devries", "larsjansen", which is how
names turn up in handles and in "Devries").

Tokens are the runs of letters of the folded name (privacy/text.py), so "O'Brien" is
("o", "brien") and "'t Hart" is ("t", "hart"); a text is cut into tokens the same way.
"""

import functools
import itertools
import re
from dataclasses import dataclass

from teameval.privacy.text import camel_cuts, normalise, wordset

NAME_PREFIXES = wordset(
    "van de der den het ten ter te op in t v d da di du del della la le el al bin von zu"
)
GIVEN, PREFIX, SURNAME = "g", "p", "s"
_LETTERS = re.compile(r"[^\W\d_]+")


def name_tokens(text: str) -> tuple[str, ...]:
    """The runs of letters of `text`, folded."""
    return tuple(_LETTERS.findall(normalise(text).text))


def _camel_pieces(word: str) -> list[tuple[str, tuple[str, ...]]]:
    """The runs of `word` that a capital after a small letter cuts, with their pieces."""
    norm = normalise(word)
    found = []
    for run in _LETTERS.finditer(norm.text):
        cuts = camel_cuts(norm, run.start(), run.end())
        if len(cuts) > 2:
            found.append((run.group(0), tuple(norm.text[a:b] for a, b in itertools.pairwise(cuts))))
    return found


@dataclass(frozen=True)
class Variant:
    """One form of a roster name: its tokens and the role of each (given, prefix, surname).

    `joined` marks a form written as one word ("devries"): nobody writes that as running text.
    """

    tokens: tuple[str, ...]
    roles: tuple[str, ...]
    joined: bool = False

    def has(self, role: str) -> bool:
        """Does this form contain a token of `role`?"""
        return role in self.roles


def _parts(full_name: str) -> tuple[list[tuple[str, ...]], list[str], list[tuple[str, ...]]]:
    """(given names, prefix tokens, surname parts), each name part as its tokens."""
    words = [w for w in full_name.split() if name_tokens(w)]
    if len(words) == 1:
        return [name_tokens(words[0])], [], []
    start = next(
        (
            i
            for i in range(1, len(words) - 1)
            if all(t in NAME_PREFIXES for t in name_tokens(words[i]))
        ),
        None,
    )
    if start is None:
        return [name_tokens(w) for w in words[:-1]], [], [name_tokens(words[-1])]
    end = start
    while end < len(words) - 1 and all(t in NAME_PREFIXES for t in name_tokens(words[end])):
        end += 1
    prefix = [t for w in words[start:end] for t in name_tokens(w)]
    return [name_tokens(w) for w in words[:start]], prefix, [name_tokens(w) for w in words[end:]]


def name_variants(full_name: str) -> set[Variant]:
    """The forms under which `full_name` can appear in a text (see the module docstring)."""
    given, prefix, surname = _parts(full_name)
    g_all = tuple(t for part in given for t in part)
    s_all = tuple(t for part in surname for t in part)
    forms: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def add(*pieces: tuple[tuple[str, ...], str]) -> None:
        tokens = tuple(t for toks, _ in pieces for t in toks)
        roles = tuple(role for toks, role in pieces for _ in toks)
        if tokens:
            forms.append((tokens, roles))

    add((g_all, GIVEN), (tuple(prefix), PREFIX), (s_all, SURNAME))
    if given and s_all:
        add((given[0], GIVEN), (tuple(prefix), PREFIX), (s_all, SURNAME))
    add((g_all, GIVEN))
    for part in given:
        add((part, GIVEN))
        for token in part:
            if len(token) >= 2:
                add(((token,), GIVEN))
    for k in range(len(prefix)):  # "van der Meer", "der Meer"; "van 't Hart", "'t Hart"
        add((tuple(prefix[k:]), PREFIX), (s_all, SURNAME))
    add((s_all, SURNAME))
    for part in surname:
        for token in part:
            if len(token) >= 2 and token not in NAME_PREFIXES:
                add(((token,), SURNAME))
    # "McDonald", "DeVries" on the roster: a text cuts them where the capital is ("Mc Donald").
    pieces = {run: cut for word in full_name.split() for run, cut in _camel_pieces(word)}
    for tokens, roles in list(forms):
        if any(t in pieces for t in tokens):
            split = [
                (piece, role)
                for t, role in zip(tokens, roles, strict=True)
                for piece in pieces.get(t, (t,))
            ]
            forms.append((tuple(p for p, _ in split), tuple(r for _, r in split)))
    variants = {Variant(tokens, roles) for tokens, roles in forms}
    for tokens, roles in forms:
        if len(tokens) > 1 and len("".join(tokens)) >= 4:
            variants.add(Variant(("".join(tokens),), (roles[-1],), joined=True))
    return variants


@dataclass(frozen=True)
class Roster:
    """A roster's name variants, indexed by their first token, longest first."""

    by_first: dict[str, tuple[Variant, ...]]

    def starting_with(self, token: str) -> tuple[Variant, ...]:
        """The variants whose first token is `token`."""
        return self.by_first.get(token, ())


@functools.lru_cache(maxsize=256)
def roster_of(names: frozenset[str]) -> Roster:
    """The indexed variants of every name on a roster.

    Cached: a course's roster is the same for every one of its students, and this is a function
    of the names alone, so sharing it between requests shares no one's data.
    """
    index: dict[str, set[Variant]] = {}
    for name in names:
        for variant in name_variants(name):
            index.setdefault(variant.tokens[0], set()).add(variant)
    return Roster(
        {
            first: tuple(sorted(found, key=lambda v: (-len(v.tokens), v.joined, v.roles)))
            for first, found in index.items()
        }
    )
