"""Dates and numbers as people read them: one time zone and one decimal mark for every text.

Pages, e-mails and flag explanations all format through here, so a Dutch reader sees the same
`30-11-2026 14:05` and `0,75` everywhere. Babel (CLDR) supplies each language's decimal mark,
digit grouping and month names; the patterns are ours, so a date reads the same on every page.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal

# Dutch schools first: dates are shown (and typed dates read) in their time zone, stored in UTC.
DISPLAY_ZONE = ZoneInfo("Europe/Amsterdam")

# CLDR patterns: 30-11-2026 14:05 (nl), 30 Nov 2026 14:05 (en).
_DATETIME = {"nl": "dd-MM-yyyy HH:mm", "en": "dd MMM yyyy HH:mm"}
_DATE = {"nl": "dd-MM-yyyy", "en": "dd MMM yyyy"}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def format_datetime(value: datetime | None, lang: str) -> str:
    """A timestamp as a school reads it: `30-11-2026 14:05` (nl) or `30 Nov 2026 14:05` (en)."""
    if value is None:
        return ""
    try:
        local = value.astimezone(DISPLAY_ZONE)
    except OverflowError:  # a deadline stored before deadlines were bounded: shown in UTC
        local = value
    return babel_datetime(local, _DATETIME[_lang(lang)], locale=_lang(lang))


def format_date(value: datetime | None, lang: str) -> str:
    """A day as a school reads it: `14-12-2026` (nl) or `14 Dec 2026` (en)."""
    if value is None:
        return ""
    local = value.astimezone(DISPLAY_ZONE)
    return babel_datetime(local, _DATE[_lang(lang)], locale=_lang(lang))


def format_number(value: float | None, lang: str, digits: int = 2, trim: bool = False) -> str:
    """A number with a decimal comma in Dutch; `trim` drops trailing zeros; none is a dash."""
    if value is None:
        return "–"
    decimals = ("#" if trim else "0") * digits
    pattern = f"0.{decimals}" if digits else "0"
    return str(format_decimal(value, format=pattern, locale=_lang(lang)))


def format_count(value: float, lang: str) -> str:
    """A count in a sentence, grouped as the language groups digits: `1.234` (nl), `1,234` (en)."""
    return str(format_decimal(value, locale=_lang(lang)))
