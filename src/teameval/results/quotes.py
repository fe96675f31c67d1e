"""The anonymous comments ("quotes") a student received, for their own results page.

MINIMAL STAND-IN: the content work (`summaries/anonymise.py`) owns the real anonymisation.
Until it lands this replaces roster names, e-mail addresses, links and phone numbers with
neutral tokens; `anonymise_text` is the one function to swap for it.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\w)(\+?\d[\d\s-]{7,}\d)(?!\w)")


def roster_terms(names: Iterable[str]) -> list[str]:
    """Full names and their parts (first and last names), longest first, short parts skipped."""
    terms: set[str] = set()
    for name in names:
        full = name.strip()
        if full:
            terms.add(full)
        # Parts of two letters or fewer ("de", "Jo") would blank ordinary words.
        terms.update(part for part in re.split(r"[\s-]+", full) if len(part) > 2)
    return sorted(terms, key=len, reverse=True)


def anonymise_text(text: str, terms: Sequence[str]) -> str:
    """`text` with e-mails, links, phone numbers and roster names replaced by tokens."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _LINK.sub("[link]", text)
    text = _PHONE.sub("[telefoon]", text)
    for term in terms:
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", "[naam]", text, flags=re.IGNORECASE)
    return text


def stable_shuffle_key(text: str) -> str:
    """A sort key that hides who wrote what: not the reviewer's order, but stable per text."""
    return hashlib.sha256(text.encode()).hexdigest()
