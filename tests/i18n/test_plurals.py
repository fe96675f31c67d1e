"""Texts with a number take the plural form CLDR gives the language, and numbers its format."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel import Locale

from teameval.i18n import LANGUAGES, translate
from teameval.i18n.formats import format_count, format_date, format_datetime, format_number
from teameval.i18n.plurals import PLURAL_MESSAGES

SRC = Path(__file__).parents[2] / "src" / "teameval"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_text_has_every_form_of_the_language(lang: str) -> None:
    needed = set(Locale.parse(lang).plural_form.tags) | {"other"}
    for key, entry in PLURAL_MESSAGES.items():
        assert set(entry[lang]) == needed, f"{key} ({lang}) has {sorted(entry[lang])}"
        for form in entry[lang].values():
            assert "{count}" in form, f"{key} ({lang}) does not say the number"


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("nl", 0, "0 regels hebben een fout."),
        ("nl", 1, "1 regel heeft een fout."),
        ("nl", 12, "12 regels hebben een fout."),
        ("en", 1, "1 line has an error."),
        ("en", 3, "3 lines have an error."),
        ("nl", 1234, "1.234 regels hebben een fout."),
        ("en", 1234, "1,234 lines have an error."),
    ],
)
def test_the_form_follows_the_number(lang: str, count: int, text: str) -> None:
    assert translate("page_import_bad", lang, count=count) == text


def test_a_plural_text_without_a_number_takes_the_plural() -> None:
    assert translate("page_users_count", "nl", count="{count}") == "{count} gebruikers"


def test_no_text_builds_a_plural_by_hand() -> None:
    hand_built = re.compile(r"[a-z]\((s|en|n|ren|'s)\)")
    for path in (SRC / "i18n").glob("*.py"):
        found = hand_built.findall(path.read_text())
        assert not found, f"{path.name}: write the forms in i18n/plurals.py, not {found}"


def test_numbers_and_dates_in_each_language() -> None:
    moment = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)
    assert format_datetime(moment, "nl") == "30-11-2026 14:05"
    assert format_datetime(moment, "en") == "30 Nov 2026 14:05"
    assert format_date(moment, "nl") == "30-11-2026"
    assert format_number(0.75, "nl") == "0,75"
    assert format_number(0.75, "en") == "0.75"
    assert format_number(1.50, "nl", trim=True) == "1,5"
    assert format_number(None, "nl") == "–"
    assert format_count(12000, "nl") == "12.000"
