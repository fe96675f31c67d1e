"""The grade helper: each student's mark is the team's mark times their adjustment factor.

Dutch marks run from 1 to 10 with one decimal. A team mark is typed as "7,5" (Dutch) or "7.5"
(English), with at most two decimals. The product is clamped to 1-10 and rounded half up to
one decimal, as Dutch schools round (7,25 -> 7,3; Python's round() would round half to even).
The factor used is the one the results show (three decimals), so a teacher can redo the sum.
docs/RESULTS.md, "Grade helper".
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MARK_MIN = Decimal(1)
MARK_MAX = Decimal(10)
STEP = Decimal("0.1")
_MARK = re.compile(r"^(\d{1,2})(?:[.,](\d{1,2}))?$")


class BadMark(ValueError):
    """A team mark that is not a number from 1 to 10."""


def parse_mark(text: str) -> Decimal | None:
    """A team mark as typed ("7,5", "7.5", "8"); None when empty; BadMark when not a mark."""
    typed = text.strip()
    if not typed:
        return None
    match = _MARK.match(typed)
    if match is None:
        raise BadMark(typed)
    mark = Decimal(f"{match.group(1)}.{match.group(2) or '0'}")
    if not MARK_MIN <= mark <= MARK_MAX:
        raise BadMark(typed)
    return mark


@dataclass(frozen=True)
class Mark:
    """A student's mark: the exact product, and what it becomes on the 1-10 scale."""

    product: Decimal
    mark: Decimal

    @property
    def capped(self) -> bool:
        """The product fell outside 1-10 and was brought back to the scale."""
        return not MARK_MIN <= self.product <= MARK_MAX


def individual_mark(team_mark: Decimal, factor: float | None) -> Mark | None:
    """team mark x factor, clamped to 1-10 and rounded half up to 0.1; None without a factor."""
    if factor is None:
        return None
    product = team_mark * Decimal(str(factor))
    clamped = max(MARK_MIN, min(MARK_MAX, product))
    return Mark(product, clamped.quantize(STEP, rounding=ROUND_HALF_UP))


def parse_marks(typed: Mapping[int, str]) -> tuple[dict[int, Decimal], dict[int, str]]:
    """Team marks by team id, and the teams whose typed mark was refused (what was typed)."""
    marks: dict[int, Decimal] = {}
    refused: dict[int, str] = {}
    for team_id, text in typed.items():
        try:
            mark = parse_mark(text)
        except BadMark:
            refused[team_id] = text.strip()
            continue
        if mark is not None:
            marks[team_id] = mark
    return marks, refused
