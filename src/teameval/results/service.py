"""Results of an evaluation: the teacher's table with flags, and a student's own overview."""

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.config import Settings
from teameval.courses.repository import TeamRepository
from teameval.errors import Invalid, InvalidLines, NotFound
from teameval.evaluations.enums import EvaluationStatus, ReviewStatus
from teameval.evaluations.repository import (
    AllocationRepository,
    CriterionRepository,
    EvaluationRepository,
)
from teameval.evaluations.service import evaluation_in_charge
from teameval.models import Criterion, Evaluation, ReviewAllocation
from teameval.results.calculations import (
    Allocation,
    Method,
    Policy,
    Rating,
    StudentScores,
    TeamInput,
    compute_team,
    mean,
)
from teameval.results.comments import comments_with_writers
from teameval.results.flag_text import flag_reads, thresholds_from_settings
from teameval.results.flags import Flag, FlagKind, flags_for_team
from teameval.results.grades import grade_sheet
from teameval.results.pending import Pending, not_submitted_yet
from teameval.results.schemas import (
    CriterionRef,
    CriterionScore,
    EvaluationResults,
    GradeSheet,
    MyCriterionResult,
    MyResults,
    MySummary,
    PendingReview,
    ReceivedComment,
    ResultsExport,
    StudentRef,
    StudentResult,
    TeamRef,
)
from teameval.reviews.repository import ScoreRepository, ScoreRow
from teameval.summaries.enums import SummaryRelease, SummaryState
from teameval.summaries.job_repository import SummaryJobRepository
from teameval.summaries.presentation import student_summary_state
from teameval.summaries.quotes import QuoteService
from teameval.summaries.release import student_text
from teameval.summaries.schemas import summary_points
from teameval.summaries.summary_repository import FeedbackSummaryRepository
from teameval.users.repository import UserRepository
from teameval.users.schemas import UserRef


@dataclass
class _Computed:
    """Everything read and computed for one evaluation, before it is turned into answers."""

    evaluation: Evaluation
    criteria: list[Criterion]
    teams: dict[int, TeamInput]
    scores: dict[int, StudentScores]
    flags: dict[int, list[Flag]]
    factor_range: tuple[float, float]
    # While open: per student, the reviews not submitted yet (empty once closed).
    pending: dict[int, list[Pending]]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


class ResultsService:
    """Results of the principal's school: staff see every student, a student only themselves."""

    def __init__(self, session: Session, principal: Principal, settings: Settings) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        school_id = principal.school_id
        self.evaluations = EvaluationRepository(session, school_id)
        self.criteria = CriterionRepository(session, school_id)
        self.allocations = AllocationRepository(session, school_id)
        self.scores = ScoreRepository(session, school_id)
        self.teams = TeamRepository(session, school_id)
        self.people = UserRepository(session, school_id)
        self.summaries = FeedbackSummaryRepository(session, school_id)
        self.jobs = SummaryJobRepository(session, school_id)
        self.quotes = QuoteService(session, principal, settings)

    def evaluation_results(self, evaluation_id: int) -> EvaluationResults:
        """The teacher's results table: a row per student with averages, factors, flags that
        need attention, positive signals and, while open, the reviews not submitted yet."""
        self.principal.require_staff()
        computed = self._compute(evaluation_in_charge(self.session, self.principal, evaluation_id))
        evaluation = computed.evaluation
        lang = self.principal.language
        users = self.people.by_ids(computed.scores)
        names = {uid: u.name for uid, u in users.items()}
        team_names = self.teams.names(computed.teams)
        thresholds = thresholds_from_settings(self.settings)
        scale_range = float(evaluation.scale_max - evaluation.scale_min) or 1.0
        low, high = computed.factor_range
        rows: list[StudentResult] = []
        for sid, s in computed.scores.items():
            user = users.get(sid)
            if user is None:  # a student deleted since the evaluation opened
                continue
            flags = computed.flags.get(sid, [])
            # Rounded as shown, so a float a hair past the limit is not called clamped.
            raw = _round(s.catme_factor if _method(evaluation) == "catme" else s.webpa_score)
            rows.append(
                StudentResult(
                    student=StudentRef(
                        id=sid, name=user.name, email=user.email, class_name=user.class_name
                    ),
                    team=TeamRef(id=s.team_id, name=team_names.get(s.team_id, "")),
                    criteria=[
                        CriterionScore(
                            criterion_id=c.id,
                            peer_average=_round(s.peer_by_criterion.get(c.id)),
                            self_score=_round(s.self_by_criterion.get(c.id)),
                        )
                        for c in computed.criteria
                    ],
                    peer_average=_round(s.peer_average),
                    self_average=_round(s.self_average),
                    self_peer_ratio=_round(s.self_peer_ratio),
                    reviews_received=s.reviews_received,
                    reviews_expected=s.reviews_expected,
                    reviews_given=s.reviews_given,
                    reviews_to_give=s.reviews_to_give,
                    catme_factor=_round(s.catme_factor),
                    webpa_score=_round(s.webpa_score),
                    adjustment_factor=_round(s.adjustment_factor),
                    raw_factor=raw,
                    factor_clamped=raw is not None and not low <= raw <= high,
                    flags=flag_reads(flags, FlagKind.ATTENTION, thresholds, scale_range, lang),
                    positive_signals=flag_reads(
                        flags, FlagKind.POSITIVE, thresholds, scale_range, lang
                    ),
                    not_submitted_yet=[
                        PendingReview(
                            reviewee=UserRef(id=p.reviewee_id, name=names.get(p.reviewee_id, "")),
                            is_self=p.is_self,
                            status=p.status.value,
                        )
                        for p in computed.pending.get(sid, [])
                    ],
                )
            )
        rows.sort(key=lambda r: (r.team.name.lower(), r.student.name.lower(), r.student.id))
        return EvaluationResults(
            evaluation_id=evaluation.id,
            title=evaluation.title,
            status=evaluation.status,
            scale_min=evaluation.scale_min,
            scale_max=evaluation.scale_max,
            method=_method(evaluation),
            non_submitter_policy=_policy(evaluation),
            adjustment_min=low,
            adjustment_max=high,
            criteria=[CriterionRef(id=c.id, name=c.name) for c in computed.criteria],
            students=rows,
            flagged_count=sum(1 for r in rows if r.flags),
            positive_count=sum(1 for r in rows if r.positive_signals),
            not_submitted_yet_count=sum(1 for r in rows if r.not_submitted_yet),
        )

    def grades(
        self,
        evaluation_id: int,
        typed: Mapping[int, str],
        results: EvaluationResults | None = None,
    ) -> GradeSheet:
        """The grade helper: per team the mark typed (by team id), per student team mark x
        factor on the 1-10 scale (results/grades.py); refused marks say why, nothing is lost.
        `results` saves computing them again when the caller has them."""
        results = results or self.evaluation_results(evaluation_id)
        return grade_sheet(results, typed, self.principal.language)

    def checked_grades(self, evaluation_id: int, typed: Mapping[int, str]) -> GradeSheet:
        """The grade helper for the API: a refused team mark is a 422 naming each one."""
        sheet = self.grades(evaluation_id, typed)
        refused = [
            {"field": f"team_marks.{t.team.id}", "message": t.error} for t in sheet.teams if t.error
        ]
        if refused:
            raise InvalidLines("team_marks_invalid", refused)
        return sheet

    def student_result(
        self, evaluation_id: int, student_id: int
    ) -> tuple[EvaluationResults, StudentResult]:
        """The results table and one student's row of it (staff); a student not in it is 404."""
        results = self.evaluation_results(evaluation_id)
        row = next((r for r in results.students if r.student.id == student_id), None)
        if row is None:
            raise NotFound()
        return results, row

    def received_comments(
        self, evaluation_id: int, student_id: int | None = None
    ) -> list[ReceivedComment]:
        """Every comment of the submitted reviews (of one student, or all), with the writer.

        Staff only: students never learn who wrote what.
        """
        self.principal.require_staff()
        evaluation = evaluation_in_charge(self.session, self.principal, evaluation_id)
        allocations = {a.id: a for a in self.allocations.of_evaluation(evaluation.id)}
        submitted = self.scores.submitted(evaluation.id, reviewee_id=student_id)
        rows = [r for r in submitted if r.comment.strip()]
        written = [allocations[r.allocation_id] for r in rows]
        people = self.people.by_ids(uid for a in written for uid in (a.reviewer_id, a.reviewee_id))
        return comments_with_writers(
            rows,
            allocations,
            list(self.criteria.of_evaluation(evaluation.id)),
            {uid: u.name for uid, u in people.items()},
            self.teams.names(a.team_id for a in written),
        )

    def export(self, evaluation_id: int) -> ResultsExport:
        """Everything an export file holds: the results table and the comments (staff)."""
        return ResultsExport(
            results=self.evaluation_results(evaluation_id),
            comments=self.received_comments(evaluation_id),
        )

    def my_results(self, evaluation_id: int) -> MyResults:
        """A student's own overview after closing: scores against their own, quotes, summary."""
        evaluation = self.evaluations.get_or_404(evaluation_id)
        student_id = self.principal.user_id
        received = self.allocations.received_by(evaluation.id, student_id)
        if evaluation.status == EvaluationStatus.DRAFT or not received:
            raise NotFound()  # not their evaluation: nothing to see, and nothing leaks
        if evaluation.status != EvaluationStatus.CLOSED:
            raise Invalid("evaluation_not_closed")
        criteria = list(self.criteria.of_evaluation(evaluation.id))
        rows = self.scores.submitted(evaluation.id, reviewee_id=student_id)
        by_allocation = {a.id: a for a in received}
        ratings = list(_ratings(rows, by_allocation).values())
        peer = [r for r in ratings if not r.is_self]
        own = next((r for r in ratings if r.is_self), None)
        return MyResults(
            evaluation_id=evaluation.id,
            title=evaluation.title,
            scale_min=evaluation.scale_min,
            scale_max=evaluation.scale_max,
            criteria=[
                _my_criterion(c, _round(mean(r.scores.get(c.id) for r in peer)), own)
                for c in criteria
            ],
            peer_average=_round(mean(r.value for r in peer)),
            self_average=_round(own.value) if own else None,
            reviews_received=len(peer),
            quotes=self.quotes.received(evaluation, self.principal.user_id),
            summary=self._my_summary(evaluation),
        )

    # -- internals -------------------------------------------------------------------------

    def _compute(self, evaluation: Evaluation) -> _Computed:
        settings = self.settings
        criteria = list(self.criteria.of_evaluation(evaluation.id))
        allocations = self.allocations.of_evaluation(evaluation.id)
        rows = self.scores.submitted(evaluation.id)
        by_allocation = {a.id: a for a in allocations}
        members: dict[int, dict[int, None]] = defaultdict(dict)  # ordered sets per team
        team_allocations: dict[int, list[Allocation]] = defaultdict(list)
        for a in allocations:
            members[a.team_id].update(dict.fromkeys((a.reviewer_id, a.reviewee_id)))
            team_allocations[a.team_id].append(
                Allocation(
                    a.reviewer_id, a.reviewee_id, a.is_self, a.status == ReviewStatus.SUBMITTED
                )
            )
        ratings_by_team: dict[int, list[Rating]] = defaultdict(list)
        for allocation_id, rating in _ratings(rows, by_allocation).items():
            ratings_by_team[by_allocation[allocation_id].team_id].append(rating)
        teams = {
            team_id: TeamInput(
                team_id, list(people), team_allocations[team_id], ratings_by_team[team_id]
            )
            for team_id, people in members.items()
        }
        low = (
            evaluation.adjustment_min
            if evaluation.adjustment_min is not None
            else settings.adjustment_factor_min
        )
        high = (
            evaluation.adjustment_max
            if evaluation.adjustment_max is not None
            else settings.adjustment_factor_max
        )
        thresholds = thresholds_from_settings(settings)
        still_open = evaluation.status == EvaluationStatus.OPEN
        people = self.people.by_ids({a.reviewer_id for a in allocations})
        names = {uid: u.name for uid, u in people.items()}
        scores: dict[int, StudentScores] = {}
        flags: dict[int, list[Flag]] = {}
        for team in teams.values():
            team_scores = compute_team(
                team,
                [c.id for c in criteria],
                _method(evaluation),
                _policy(evaluation),
                (low, high),
            )
            scores.update(team_scores)
            flags.update(
                flags_for_team(
                    team_scores,
                    team.ratings,
                    names,
                    thresholds,
                    (evaluation.scale_min, evaluation.scale_max),
                    _policy(evaluation),
                    still_open=still_open,
                )
            )
        pending = not_submitted_yet(allocations, names) if still_open else {}
        return _Computed(evaluation, criteria, teams, scores, flags, (low, high), pending)

    def _my_summary(self, evaluation: Evaluation) -> MySummary:
        """The student's summary as the release rules let them see it, in the pages' state."""
        student_id = self.principal.user_id
        summary = self.summaries.for_student(evaluation.id, student_id)
        job = self.jobs.latest(evaluation.id, student_id)
        state = student_summary_state(evaluation, job, summary)
        if state == SummaryState.AWAITING_REVIEW or (job is None and summary is None):
            return MySummary(state=state)  # unpublished: only that a summary is on its way
        # Under teacher review the student follows no job: they see the published text.
        reviewed = evaluation.summary_release == SummaryRelease.TEACHER_REVIEW
        job_id = job.job_id if job is not None and not reviewed else None
        if summary is None or state == SummaryState.FAILED:
            return MySummary(state=state, job_id=job_id)
        return MySummary(
            state=state,
            job_id=job_id,
            summary_text=student_text(summary),
            generation_method=summary.generation_method,
            feedback_count=summary.feedback_count,
            generated_at=summary.generated_at,
            points=summary_points(summary.structured),
        )


def _method(evaluation: Evaluation) -> Method:
    return "webpa" if evaluation.adjustment_method == "webpa" else "catme"


def _policy(evaluation: Evaluation) -> Policy:
    return "equal_share" if evaluation.non_submitter_policy == "equal_share" else "flag"


def _ratings(rows: list[ScoreRow], by_allocation: dict[int, ReviewAllocation]) -> dict[int, Rating]:
    """One Rating per submitted allocation (by allocation id), from its score rows."""
    scores: dict[int, dict[int, float]] = {}
    for row in rows:
        bucket = scores.setdefault(row.allocation_id, {})
        if row.score is not None:
            bucket[row.criterion_id] = float(row.score)
    result = {}
    for allocation_id, by_criterion in scores.items():
        a = by_allocation[allocation_id]
        result[allocation_id] = Rating(a.reviewer_id, a.reviewee_id, a.is_self, by_criterion)
    return result


def _my_criterion(
    criterion: Criterion, peer_average: float | None, own: Rating | None
) -> MyCriterionResult:
    """One criterion of a student's overview, with the level its peer average rounds to."""
    described = {int(str(x["score"])): str(x["description"]) for x in criterion.levels or []}
    # Half up, as people round a 4.5 (Python's round() would give 4).
    level = described.get(math.floor(peer_average + 0.5)) if peer_average is not None else None
    return MyCriterionResult(
        criterion_id=criterion.id,
        name=criterion.name,
        description=criterion.description,
        peer_average=peer_average,
        own_score=_round(own.scores.get(criterion.id)) if own else None,
        peer_level=level,
    )
