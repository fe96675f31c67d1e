"""Contact details in free text: e-mail addresses, links, phone numbers and student numbers.

Links are found by their shape, whatever their ending: anything with a scheme
(`https://`, `discord://`), anything starting with `www.`, and a host name (`evil.xyz`,
`discord.gg/abcd`, `t.co/x`, `bbc.co.uk`) whose ending is a real top-level domain or public
suffix, from the Public Suffix List that the publicsuffixlist package ships (so `goed.daarnaast`,
a missing space after a full stop, is not a link, while every country and new ending is). A
host followed by a path (`site.invalid/x`) is a link whatever its ending. A full stop followed
by a capital ("goed.De rest") is a sentence written without a space, not a host.

Everything is matched on the normalised text (privacy/text.py), so a zero-width space or a
look-alike letter inside an address does not hide it.
"""

import functools
import re
from collections.abc import Iterator

from publicsuffixlist import PublicSuffixList

from teameval.privacy.text import Normalised, normalise

EMAIL = "email"
LINK = "link"
PHONE = "phone"
NUMBER = "number"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SCHEME = re.compile(r"(?<![\w.+-])(?:[a-z][a-z0-9+.-]{1,15}://|www\.)\S+")
_HOST = re.compile(
    r"(?<![\w@.-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+([^\W\d_]{2,24})(?![\w-])"
    r"(?P<path>[/?#]\S*)?"
)
# Phone numbers: 9 to 13 digits, optionally grouped by spaces, dashes, dots or brackets.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s.()-]{0,2}\d){8,12}(?!\w)")
# Student numbers: 5 to 10 digits on their own, or letters then digits (s1234567, ln123456).
_NUMBER = re.compile(r"(?<!\w)(?:[^\W\d_]{1,3}\d{5,10}|\d{5,10})(?!\w)")
_TRAILING = ".,;:!?)]}\"'”’"


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def _host_is_link(norm: Normalised, match: re.Match[str]) -> bool:
    if match.group("path"):
        return True
    tld_start = match.start(1)
    if norm.upper[tld_start] and not norm.upper[match.start()]:
        return False  # "goed.De": a sentence that lost its space, not a host
    host = match.group(0)
    return _suffixes().publicsuffix(host, accept_unknown=False) is not None


def _found(norm: Normalised) -> Iterator[tuple[int, int, str]]:
    """Contact spans in the folded text, each kind in turn (e-mail first)."""
    text = norm.text
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), EMAIL
    for m in _SCHEME.finditer(text):
        yield m.start(), m.start() + len(m.group(0).rstrip(_TRAILING)), LINK
    for m in _HOST.finditer(text):
        if _host_is_link(norm, m):
            yield m.start(), m.start() + len(m.group(0).rstrip(_TRAILING)), LINK
    for m in _PHONE.finditer(text):
        yield m.start(), m.end(), PHONE
    for m in _NUMBER.finditer(text):
        yield m.start(), m.end(), NUMBER


def contact_spans(norm: Normalised) -> list[tuple[int, int, str]]:
    """Where `norm`'s source holds contact details: (start, end, kind), in order, disjoint."""
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in _found(norm):
        if end > start and all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    return sorted((*norm.span(s, e), kind) for s, e, kind in taken)


def contains_contact(text: str, *, numbers: bool = False) -> bool:
    """Does `text` hold an e-mail address, link or phone number (or student number)?"""
    return any(numbers or kind != NUMBER for *_, kind in contact_spans(normalise(text)))
