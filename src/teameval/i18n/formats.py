"""Dates and numbers as people read them: one time zone and one decimal mark for every text.

Pages, e-mails and flag explanations all format through here, so a Dutch reader sees the same
`30-11-2026 14:05` and `0,75` everywhere.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

# Dutch schools first: dates are shown (and typed dates read) in their time zone, stored in UTC.
DISPLAY_ZONE = ZoneInfo("Europe/Amsterdam")


def format_datetime(value: datetime | None, lang: str) -> str:
    """A timestamp as a school reads it: `30-11-2026 14:05` (nl) or `30 Nov 2026 14:05` (en)."""
    if value is None:
        return ""
    try:
        local = value.astimezone(DISPLAY_ZONE)
    except OverflowError:  # a deadline stored before deadlines were bounded: shown in UTC
        local = value
    return local.strftime("%d-%m-%Y %H:%M" if lang == "nl" else "%d %b %Y %H:%M")


def format_date(value: datetime | None, lang: str) -> str:
    """A day as a school reads it: `14-12-2026` (nl) or `14 Dec 2026` (en)."""
    if value is None:
        return ""
    return value.astimezone(DISPLAY_ZONE).strftime("%d-%m-%Y" if lang == "nl" else "%d %b %Y")


def format_number(value: float | None, lang: str, digits: int = 2, trim: bool = False) -> str:
    """A number with a decimal comma in Dutch; `trim` drops trailing zeros; none is a dash."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    if trim:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text
