"""Message catalogues: every user-facing text in Dutch and English, looked up by key."""

from collections.abc import Mapping
from typing import Any

from teameval.i18n.access import ACCESS_MESSAGES
from teameval.i18n.errors import ERROR_MESSAGES
from teameval.i18n.formats import format_count
from teameval.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, supported
from teameval.i18n.pages import PAGE_MESSAGES
from teameval.i18n.pages_results import RESULTS_PAGE_PLURALS
from teameval.i18n.plurals import PLURAL_MESSAGES, PluralEntry, plural_form
from teameval.i18n.results import RESULTS_MESSAGES
from teameval.i18n.staff import STAFF_MESSAGES, STAFF_PLURALS
from teameval.i18n.summary_control import SUMMARY_CONTROL_PLURALS

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "count_phrase",
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
    STAFF_MESSAGES,
]


# Texts with a form per number (i18n/plurals.py): chosen by Babel's CLDR plural rules.
_PLURALS: list[dict[str, PluralEntry]] = [
    PLURAL_MESSAGES,
    STAFF_PLURALS,
    RESULTS_PAGE_PLURALS,
    SUMMARY_CONTROL_PLURALS,
]


def register_catalogue(catalogue: dict[str, dict[str, str]]) -> None:
    """Add a domain's catalogue (the web pages add theirs)."""
    _CATALOGUES.append(catalogue)


def translate(key: str, language: str, **params: Any) -> str:
    """The text for `key` in `language` (Dutch when unknown), with `params` filled in.

    A text with plural forms takes the form of `count` (a number, written as the language
    writes numbers): `translate("page_import_bad", "nl", count=1)` is "1 regel heeft een fout".
    """
    lang = supported(language) or DEFAULT_LANGUAGE
    template = _plural_template(key, lang, params)
    if template is None:
        for catalogue in _CATALOGUES:
            entry = catalogue.get(key)
            if entry is not None:
                template = entry.get(lang) or entry["en"]
                break
    if template is None:
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def count_phrase(parts: list[tuple[str, int]], language: str) -> str:
    """Counted phrases in one line, leaving out the zeros: [("roster_result_students_added",
    12), ("roster_result_teams_created", 3)] is "12 leerlingen toegevoegd, 3 teams aangemaakt".
    All zero: the first, with its 0."""
    shown = [(key, n) for key, n in parts if n] or parts[:1]
    return ", ".join(translate(key, language, count=n) for key, n in shown)


def _plural_template(key: str, lang: str, params: dict[str, Any]) -> str | None:
    """The form of a plural text for `params["count"]` (which it formats), or None."""
    for catalogue in _PLURALS:
        entry = catalogue.get(key)
        if entry is None:
            continue
        forms = entry.get(lang) or entry["en"]
        count = params.get("count")
        if not isinstance(count, int | float):
            return forms["other"]
        params["count"] = format_count(count, lang)
        return forms.get(plural_form(count, lang)) or forms["other"]
    return None


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
