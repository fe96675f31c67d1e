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

from teameval.i18n import translate
from teameval.results.schemas import EvaluationResults, GradeSheet, StudentMark, TeamMark

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


def grade_sheet(results: EvaluationResults, typed: Mapping[int, str], language: str) -> GradeSheet:
    """Per team the mark typed (by team id; other ids ignored), per student team mark x factor;
    a refused mark keeps what was typed and says why in `language`."""
    marks, refused = parse_marks(typed)
    teams = {r.team.id: r.team for r in results.students}
    students = []
    for row in results.students:
        team_mark = marks.get(row.team.id)
        mark = individual_mark(team_mark, row.adjustment_factor) if team_mark is not None else None
        students.append(
            StudentMark(
                student_id=row.student.id,
                team_id=row.team.id,
                adjustment_factor=row.adjustment_factor,
                product=round(float(mark.product), 4) if mark else None,
                mark=float(mark.mark) if mark else None,
                capped=mark.capped if mark else False,
            )
        )
    return GradeSheet(
        evaluation_id=results.evaluation_id,
        mark_min=float(MARK_MIN),
        mark_max=float(MARK_MAX),
        teams=[
            TeamMark(
                team=team,
                typed=typed.get(team_id, "").strip(),
                team_mark=float(marks[team_id]) if team_id in marks else None,
                error=translate("team_mark_invalid", language, value=refused[team_id])
                if team_id in refused
                else None,
            )
            for team_id, team in teams.items()
        ],
        students=students,
        valid=not any(team_id in teams for team_id in refused),
    )
