"""The languages of the interface and the summaries: one list, used by every check and choice."""

from typing import Literal, get_args

Language = Literal["nl", "en"]
# Dutch schools first: Dutch is the default wherever nobody chose.
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "nl"


def supported(value: object) -> Language | None:
    """`value` when it is one of our languages, else None."""
    for language in LANGUAGES:
        if value == language:
            return language
    return None
