"""The result formulas as pure functions: peer averages, the CATME factor, WebPA scores.

Everything here works on plain numbers and ids, never on the database, so each formula is
tested on hand-computed examples. docs/RESULTS.md explains the choices.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Method = Literal["catme", "webpa"]
Policy = Literal["flag", "equal_share"]


@dataclass(frozen=True)
class Rating:
    """One submitted review: what `reviewer_id` gave `reviewee_id` per criterion."""

    reviewer_id: int
    reviewee_id: int
    is_self: bool
    scores: Mapping[int, float]

    @property
    def value(self) -> float | None:
        """The reviewer's overall rating of the reviewee: the mean over scored criteria."""
        return mean(self.scores.values())


@dataclass(frozen=True)
class Allocation:
    """That `reviewer_id` was asked to review `reviewee_id`, and whether they submitted."""

    reviewer_id: int
    reviewee_id: int
    is_self: bool
    submitted: bool


@dataclass
class TeamInput:
    """One team of an evaluation: its members, allocations and submitted ratings."""

    team_id: int
    members: Sequence[int]
    allocations: Sequence[Allocation]
    ratings: Sequence[Rating]


@dataclass
class StudentScores:
    """Everything computed for one student (None where there is nothing to compute from)."""

    student_id: int
    team_id: int
    peer_by_criterion: dict[int, float | None] = field(default_factory=dict)
    peer_average: float | None = None
    self_by_criterion: dict[int, float | None] = field(default_factory=dict)
    self_average: float | None = None
    self_peer_ratio: float | None = None
    reviews_received: int = 0
    reviews_expected: int = 0
    reviews_given: int = 0
    reviews_to_give: int = 0
    self_expected: bool = False
    self_submitted: bool = False
    catme_factor: float | None = None
    webpa_score: float | None = None
    adjustment_factor: float | None = None


def mean(values: Iterable[float | None]) -> float | None:
    """The arithmetic mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def clamp(value: float | None, low: float, high: float) -> float | None:
    """`value` limited to [low, high]; None stays None."""
    if value is None:
        return None
    return max(low, min(high, value))


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def peer_ratings_of(ratings: Iterable[Rating], student_id: int) -> list[Rating]:
    """The submitted ratings `student_id` received from teammates (self excluded)."""
    return [r for r in ratings if r.reviewee_id == student_id and not r.is_self]


def filled_average(received: Sequence[float], missing: int, fill: float | None) -> float | None:
    """Mean of `received` plus `missing` ratings counted as `fill` (the equal-share policy)."""
    if fill is None or missing <= 0:
        return mean(received)
    return (sum(received) + missing * fill) / (len(received) + missing)


def catme_factors(peer_averages: Mapping[int, float | None]) -> dict[int, float | None]:
    """Each student's peer average divided by the team's average of peer averages.

    As CATME and Buddycheck compute it: 1.0 is "rated like the team", above 1 better. Students
    without any peer rating get None and do not count in the team's average.
    """
    team_average = mean(peer_averages.values())
    return {sid: ratio(avg, team_average) for sid, avg in peer_averages.items()}


def webpa_scores(
    members: Sequence[int],
    allocations: Sequence[Allocation],
    ratings: Sequence[Rating],
    policy: Policy,
) -> dict[int, float | None]:
    """WebPA scores: each assessor shares out one unit in proportion to the marks they gave.

    An assessor counts only when they submitted all their allocations (WebPA needs their whole
    distribution). Policy "flag": the sum of fractions received is scaled by
    members / complete assessors (WebPA's correction for non-submitters). Policy "equal_share":
    an incomplete assessor is counted as sharing equally among everyone they were to assess.
    Either way the team's scores sum to the number of members, so 1.0 is an equal share.
    """
    targets: dict[int, list[int]] = {}
    complete: dict[int, bool] = {}
    for a in allocations:
        targets.setdefault(a.reviewer_id, []).append(a.reviewee_id)
        complete[a.reviewer_id] = complete.get(a.reviewer_id, True) and a.submitted
    received: dict[int, float] = {m: 0.0 for m in members}
    counted = 0
    for assessor, assessees in targets.items():
        given = {
            r.reviewee_id: sum(r.scores.values()) for r in ratings if r.reviewer_id == assessor
        }
        total = sum(given.values())
        if complete[assessor] and total > 0:
            counted += 1
            for assessee, marks in given.items():
                received[assessee] = received.get(assessee, 0.0) + marks / total
        elif policy == "equal_share":
            counted += 1
            for assessee in assessees:
                received[assessee] = received.get(assessee, 0.0) + 1 / len(assessees)
    if counted == 0:
        return {m: None for m in members}
    correction = len(targets) / counted
    return {m: received.get(m, 0.0) * correction for m in members}


def compute_team(
    team: TeamInput,
    criterion_ids: Sequence[int],
    method: Method,
    policy: Policy,
    factor_range: tuple[float, float],
) -> dict[int, StudentScores]:
    """The scores of every member of `team`: averages, ratio, counts, both factors, clamped."""
    peer_allocs = [a for a in team.allocations if not a.is_self]
    # The neutral rating an equal-share policy fills missing reviews with: the team's mean.
    all_peer = [r for r in team.ratings if not r.is_self]
    fill_overall = mean(r.value for r in all_peer) if policy == "equal_share" else None
    fill_by_criterion = {
        c: (mean(r.scores.get(c) for r in all_peer) if policy == "equal_share" else None)
        for c in criterion_ids
    }
    result: dict[int, StudentScores] = {}
    for sid in team.members:
        s = StudentScores(student_id=sid, team_id=team.team_id)
        received = peer_ratings_of(team.ratings, sid)
        s.reviews_received = len(received)
        s.reviews_expected = sum(1 for a in peer_allocs if a.reviewee_id == sid)
        missing = s.reviews_expected - s.reviews_received
        for c in criterion_ids:
            values = [r.scores[c] for r in received if r.scores.get(c) is not None]
            s.peer_by_criterion[c] = filled_average(values, missing, fill_by_criterion[c])
        values_overall = [v for v in (r.value for r in received) if v is not None]
        s.peer_average = filled_average(values_overall, missing, fill_overall)
        own = [a for a in team.allocations if a.reviewer_id == sid]
        s.reviews_to_give = len(own)
        s.reviews_given = sum(1 for a in own if a.submitted)
        s.self_expected = any(a.is_self for a in own)
        self_rating = next((r for r in team.ratings if r.is_self and r.reviewer_id == sid), None)
        s.self_submitted = self_rating is not None
        if self_rating is not None:
            s.self_by_criterion = {c: self_rating.scores.get(c) for c in criterion_ids}
            s.self_average = self_rating.value
        else:
            s.self_by_criterion = dict.fromkeys(criterion_ids)
        s.self_peer_ratio = ratio(s.self_average, s.peer_average)
        result[sid] = s
    catme = catme_factors({sid: s.peer_average for sid, s in result.items()})
    webpa = webpa_scores(team.members, team.allocations, team.ratings, policy)
    low, high = factor_range
    for sid, s in result.items():
        s.catme_factor = catme[sid]
        s.webpa_score = webpa.get(sid)
        chosen = s.catme_factor if method == "catme" else s.webpa_score
        s.adjustment_factor = clamp(chosen, low, high)
    return result
