"""Message catalogues: every user-facing text in Dutch and English, looked up by key."""

from collections.abc import Mapping
from typing import Any

from teameval.i18n.access import ACCESS_MESSAGES
from teameval.i18n.errors import ERROR_MESSAGES
from teameval.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, supported
from teameval.i18n.pages import PAGE_MESSAGES
from teameval.i18n.results import RESULTS_MESSAGES

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "field_message",
    "pick_language",
    "register_catalogue",
    "supported",
    "translate",
]

_CATALOGUES: list[dict[str, dict[str, str]]] = [
    ERROR_MESSAGES,
    PAGE_MESSAGES,
    RESULTS_MESSAGES,
    ACCESS_MESSAGES,
]


def register_catalogue(catalogue: dict[str, dict[str, str]]) -> None:
    """Add a domain's catalogue (the web pages add theirs)."""
    _CATALOGUES.append(catalogue)


def translate(key: str, language: str, **params: Any) -> str:
    """The text for `key` in `language` (Dutch when unknown), with `params` filled in."""
    lang = supported(language) or DEFAULT_LANGUAGE
    for catalogue in _CATALOGUES:
        entry = catalogue.get(key)
        if entry is not None:
            template = entry.get(lang) or entry["en"]
            try:
                return template.format(**params)
            except (KeyError, IndexError):
                return template
    return key


def field_message(error: Mapping[str, Any], language: str) -> str:
    """A schema's complaint about one field: ours (teameval.validation) translated, else as is."""
    code = str(error.get("type", ""))
    if code in ERROR_MESSAGES:
        return translate(code, language, **(error.get("ctx") or {}))
    return str(error.get("msg", ""))


def pick_language(accept_language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The first of our languages named in an Accept-Language header, else `default`."""
    if accept_language:
        for part in accept_language.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            found = supported(code)
            if found is not None:
                return found
    return default
