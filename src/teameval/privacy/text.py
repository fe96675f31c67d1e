"""Folding text for comparison, shared by the anonymiser and the LLM's text tools."""

import unicodedata


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set (for word lists written as prose)."""
    return frozenset(text.split())


def fold(text: str) -> str:
    """Lower case without accents: 'Émile' and 'emile' compare equal."""
    if text.isascii():  # nothing to decompose: lower case is the fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
