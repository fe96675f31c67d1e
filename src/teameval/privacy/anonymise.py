"""Anonymisation: roster names, e-mail addresses, phone numbers, links and student numbers in
comments become neutral tokens before any text leaves for an LLM or is shown as a quote.

Contact details are found by their shape (privacy/contacts.py), names where they are used as
names (privacy/names.py), both on the normalised text (privacy/text.py: NFKC, zero-width
characters removed, look-alike letters folded), and replaced in the text as written. The rules
and their measured effect are in docs/summary-content.md.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from teameval.privacy.contacts import EMAIL, LINK, NUMBER, PHONE, contact_spans
from teameval.privacy.contacts import contains_contact as contains_contact
from teameval.privacy.names import name_spans
from teameval.privacy.roster import NAME_PREFIXES as NAME_PREFIXES
from teameval.privacy.roster import Roster, roster_of
from teameval.privacy.text import normalise

TOKENS = {
    "nl": {
        "name": "[naam]",
        EMAIL: "[e-mail]",
        PHONE: "[telefoonnummer]",
        LINK: "[link]",
        NUMBER: "[leerlingnummer]",
    },
    "en": {
        "name": "[name]",
        EMAIL: "[e-mail]",
        PHONE: "[phone number]",
        LINK: "[link]",
        NUMBER: "[student number]",
    },
}
# The same, as ordinary words: what the offline summary quotes instead of a token.
NEUTRAL = {
    "nl": {
        "[naam]": "een teamgenoot",
        "[e-mail]": "een e-mailadres",
        "[telefoonnummer]": "een telefoonnummer",
        "[link]": "een link",
        "[leerlingnummer]": "een leerlingnummer",
    },
    "en": {
        "[name]": "a teammate",
        "[e-mail]": "an e-mail address",
        "[phone number]": "a phone number",
        "[link]": "a link",
        "[student number]": "a student number",
    },
}
_TOKEN = re.compile(
    r"\[(?:naam|name|e-mail|telefoonnummer|phone number|link|leerlingnummer|student number)\]"
)


@dataclass
class Anonymiser:
    """Replaces the roster's names and contact details in text with neutral tokens."""

    roster: Iterable[str]
    language: str = "nl"
    tokens: dict[str, str] = field(init=False, default_factory=dict)
    _roster: Roster = field(init=False)

    def __post_init__(self) -> None:
        self._roster = roster_of(frozenset(self.roster))
        self.tokens = TOKENS.get(self.language, TOKENS["nl"])

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """What `text` holds to replace: (start, end, kind) in order, kind "name" or a contact's."""
        norm = normalise(text)
        taken = contact_spans(norm)
        ours = [m.span() for m in _TOKEN.finditer(text)]
        for start, end in name_spans(self._roster, norm):
            s, e = norm.span(start, end)
            if any(a <= s < b for a, b in ours):
                continue  # the word inside one of our own tokens ("[link]")
            if all(e <= a or s >= b for a, b, _ in taken):
                taken.append((s, e, "name"))
        return sorted(taken)

    def names_in(self, text: str) -> list[str]:
        """The roster names that `text` contains, as written there."""
        return [text[s:e] for s, e, kind in self.spans(text) if kind == "name"]

    def text(self, text: str) -> str:
        """`text` with every e-mail, link, phone number, student number and name replaced."""
        for start, end, kind in reversed(self.spans(text)):
            text = text[:start] + self.tokens[kind] + text[end:]
        return text

    def comment(self, text: str) -> str | None:
        """An anonymised comment, or None when nothing but tokens and punctuation is left."""
        cleaned = self.text(text).strip()
        remainder = _TOKEN.sub("", cleaned)
        return cleaned if re.search(r"[^\W_]", remainder) else None


def contains_token(text: str) -> bool:
    """Does `text` hold one of our neutral tokens ([naam], [link], ...)?"""
    return bool(_TOKEN.search(text))


_NAME = r"\[(?:naam|name)\]"
# A name that only addresses someone: "Goed gedaan, [naam]!", "[naam], top!".
_VOCATIVE = re.compile(rf",\s*{_NAME}(?=\s*[.!?]*\s*$)|^\s*{_NAME}\s*,\s*", re.MULTILINE)


def neutral_words(text: str, language: str) -> str:
    """`text` with our tokens as ordinary words ("[naam]" -> "een teamgenoot"), for quoting;
    a name that only addresses someone ("Goed gedaan, [naam]!") is left out."""
    words = NEUTRAL.get(language, NEUTRAL["nl"])
    other = NEUTRAL["en" if words is NEUTRAL["nl"] else "nl"]
    text = _VOCATIVE.sub("", text)
    return _TOKEN.sub(lambda m: words.get(m.group(0)) or other[m.group(0)], text)
