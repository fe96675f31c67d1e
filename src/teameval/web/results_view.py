"""The results section of the teacher's evaluation page: the flags' legend and the grade
helper's marks (typed into a GET form as `mark-<team id>`, so it works without JavaScript)."""

from dataclasses import dataclass

from fastapi import Request

from teameval.results.schemas import EvaluationResults, FlagRead, GradeSheet, StudentMark
from teameval.results.service import ResultsService

MARK_FIELD = "mark-"


@dataclass(frozen=True)
class ResultsSection:
    """What the results partials show beside the results themselves."""

    grades: GradeSheet
    # Each flag code on the page once, with its plain-sentence explanation: attention first.
    legend: list[FlagRead]

    @property
    def marks(self) -> dict[int, StudentMark]:
        """Each student's mark by student id."""
        return {m.student_id: m for m in self.grades.students}

    @property
    def typed(self) -> bool:
        """A team mark was typed (the marks column has something to show)."""
        return any(t.typed for t in self.grades.teams)

    @property
    def refused(self) -> bool:
        """A typed team mark was refused (the page answers 422 and keeps what was typed)."""
        return not self.grades.valid


def typed_marks(request: Request) -> dict[int, str]:
    """The team marks in the query, by team id (`mark-12=7,5`); other parameters ignored."""
    typed = {}
    for key, value in request.query_params.items():
        team_id = key.removeprefix(MARK_FIELD)
        if key.startswith(MARK_FIELD) and team_id.isdigit():
            typed[int(team_id)] = value[:20]
    return typed


def legend(results: EvaluationResults) -> list[FlagRead]:
    """Every flag code shown in the table once, in the table's order, attention first."""
    seen: dict[str, FlagRead] = {}
    for row in results.students:
        for flag in row.flags:
            seen.setdefault(flag.code, flag)
    for row in results.students:
        for flag in row.positive_signals:
            seen.setdefault(flag.code, flag)
    return list(seen.values())


def results_section(
    request: Request, service: ResultsService, results: EvaluationResults
) -> ResultsSection:
    """The legend, and the grade helper's sheet for the marks typed in the query."""
    grades = service.grades(results.evaluation_id, typed_marks(request), results=results)
    return ResultsSection(grades=grades, legend=legend(results))
