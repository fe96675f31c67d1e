"""Flags: who needs a teacher's attention, who stands out for the good, with the numbers
behind each (pure functions).

Gaps are fractions of the scale's range, so one set of thresholds fits a 1-5 and a 0-10
scale alike; docs/RESULTS.md gives the defaults and why. While an evaluation is open, missing
reviews are not flags: they are still to come (results/pending.py lists them).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from teameval.results.calculations import Policy, Rating, StudentScores, mean


@dataclass(frozen=True)
class Thresholds:
    """When a flag is raised; see the `flag_*` settings."""

    few_reviews_min: int = 2
    few_reviews_fraction: float = 0.5
    confidence_gap: float = 0.25
    outlier_gap: float = 0.2
    conflict_gap: float = 0.375
    manipulation_self_gap: float = 0.375
    manipulation_others_gap: float = 0.25


class FlagKind(StrEnum):
    """Whether a flag asks the teacher to look, or tells of a strong contribution."""

    ATTENTION = "attention"  # "aandacht nodig"
    POSITIVE = "positive"  # "sterke bijdrage"


# Flags about reviews not (yet) submitted: while the evaluation is open they are pending work,
# not signals, and are left out.
MISSING_REVIEW_CODES = frozenset({"few_reviews", "missing_self_review", "not_submitted"})


@dataclass(frozen=True)
class Flag:
    """A flag: its code, the catalogue key of its one-line message, the numbers, its kind."""

    code: str
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    kind: FlagKind = FlagKind.ATTENTION


def _r(value: float) -> float:
    return round(value, 2)


def few_reviews(s: StudentScores, t: Thresholds) -> Flag | None:
    """Fewer peer reviews came in than the results can rest on."""
    if s.reviews_expected == 0:
        return None
    needed = min(s.reviews_expected, t.few_reviews_min)
    if s.reviews_received < needed or (
        s.reviews_received < t.few_reviews_fraction * s.reviews_expected
    ):
        return Flag(
            "few_reviews",
            "flag_few_reviews",
            {"received": s.reviews_received, "expected": s.reviews_expected},
        )
    return None


def missing_self_review(s: StudentScores) -> Flag | None:
    """Self-assessment was asked for and not submitted."""
    if s.self_expected and not s.self_submitted:
        return Flag("missing_self_review", "flag_missing_self_review")
    return None


def confidence(s: StudentScores, t: Thresholds, scale_range: float) -> Flag | None:
    """The self score is clearly above (overconfident) or below (underconfident) the peers'."""
    if s.self_average is None or s.peer_average is None:
        return None
    gap = s.self_average - s.peer_average
    params = {"self": _r(s.self_average), "peer": _r(s.peer_average), "gap": _r(abs(gap))}
    if gap >= t.confidence_gap * scale_range:
        return Flag("overconfident", "flag_overconfident", params)
    if -gap >= t.confidence_gap * scale_range:
        return Flag("underconfident", "flag_underconfident", params)
    return None


def outlier(
    s: StudentScores, team: Mapping[int, StudentScores], t: Thresholds, scale_range: float
) -> Flag | None:
    """The peer average is far from the rest of the team's (at least two others to compare):
    below is an `outlier` to look at, above a `strong_contribution`."""
    if s.peer_average is None:
        return None
    others = [o.peer_average for sid, o in team.items() if sid != s.student_id]
    rest = mean(others)
    if rest is None or sum(1 for o in others if o is not None) < 2:
        return None
    gap = s.peer_average - rest
    if abs(gap) < t.outlier_gap * scale_range:
        return None
    params = {"peer": _r(s.peer_average), "team": _r(rest), "gap": _r(abs(gap))}
    if gap > 0:  # rated well above the rest: a strong contribution, not a problem
        return Flag("strong_contribution", "flag_strong_contribution", params, FlagKind.POSITIVE)
    return Flag("outlier", "flag_outlier_low", params)


def conflict(
    s: StudentScores,
    ratings: Sequence[Rating],
    names: Mapping[int, str],
    t: Thresholds,
    scale_range: float,
) -> Flag | None:
    """One teammate rated this student far below what the other teammates gave."""
    received = [r for r in ratings if r.reviewee_id == s.student_id and not r.is_self]
    worst: tuple[float, Rating, float] | None = None
    for rating in received:
        value = rating.value
        rest = mean(o.value for o in received if o is not rating)
        if value is None or rest is None:
            continue
        gap = rest - value
        if gap >= t.conflict_gap * scale_range and (worst is None or gap > worst[0]):
            worst = (gap, rating, rest)
    if worst is None:
        return None
    gap, rating, rest = worst
    return Flag(
        "conflict",
        "flag_conflict",
        {
            "rater": names.get(rating.reviewer_id, str(rating.reviewer_id)),
            "rater_id": rating.reviewer_id,
            "rating": _r(rating.value or 0.0),
            "others": _r(rest),
            "gap": _r(gap),
        },
    )


def manipulation(
    s: StudentScores, ratings: Sequence[Rating], t: Thresholds, scale_range: float
) -> Flag | None:
    """Rates self high and every teammate low, lower than the rest of the team rates them."""
    own = next((r for r in ratings if r.is_self and r.reviewer_id == s.student_id), None)
    given = [r for r in ratings if r.reviewer_id == s.student_id and not r.is_self]
    self_value = own.value if own else None
    given_mean = mean(r.value for r in given)
    if self_value is None or given_mean is None:
        return None
    # What the rest of the team gave the same teammates: without it a student in a weak team
    # who rates honestly would look the same.
    rated = {r.reviewee_id for r in given}
    rest_mean = mean(
        r.value
        for r in ratings
        if r.reviewee_id in rated and not r.is_self and r.reviewer_id != s.student_id
    )
    if rest_mean is None:
        return None
    if (
        self_value - given_mean >= t.manipulation_self_gap * scale_range
        and rest_mean - given_mean >= t.manipulation_others_gap * scale_range
    ):
        return Flag(
            "possible_manipulation",
            "flag_possible_manipulation",
            {"self": _r(self_value), "given": _r(given_mean), "others": _r(rest_mean)},
        )
    return None


def not_submitted(s: StudentScores) -> Flag | None:
    """The student did not submit all the reviews they were asked for."""
    if s.reviews_given < s.reviews_to_give:
        return Flag(
            "not_submitted",
            "flag_not_submitted",
            {"given": s.reviews_given, "to_give": s.reviews_to_give},
        )
    return None


def flags_for_team(
    team: Mapping[int, StudentScores],
    ratings: Sequence[Rating],
    names: Mapping[int, str],
    thresholds: Thresholds,
    scale: tuple[int, int],
    policy: Policy,
    still_open: bool = False,
) -> dict[int, list[Flag]]:
    """Every flag of every member of one team, in a fixed order; while `still_open`, none
    about reviews that can still come in."""
    scale_range = float(scale[1] - scale[0]) or 1.0
    result: dict[int, list[Flag]] = {}
    for sid, s in team.items():
        candidates = [
            few_reviews(s, thresholds),
            missing_self_review(s),
            confidence(s, thresholds, scale_range),
            outlier(s, team, thresholds, scale_range),
            conflict(s, ratings, names, thresholds, scale_range),
            manipulation(s, ratings, thresholds, scale_range),
            # Under equal_share the missing reviews are already counted; "flag" says so here.
            not_submitted(s) if policy == "flag" else None,
        ]
        result[sid] = [
            f
            for f in candidates
            if f is not None and not (still_open and f.code in MISSING_REVIEW_CODES)
        ]
    return result


def of_kind(flags: Sequence[Flag], kind: FlagKind) -> list[Flag]:
    """The flags of one kind, in their order."""
    return [f for f in flags if f.kind == kind]


def explanation_params(code: str, t: Thresholds, scale_range: float) -> dict[str, Any]:
    """The numbers of a flag's rule in scale points, for its plain-sentence explanation."""
    points: dict[str, dict[str, Any]] = {
        "few_reviews": {"min": t.few_reviews_min, "percent": round(t.few_reviews_fraction * 100)},
        "overconfident": {"gap": _r(t.confidence_gap * scale_range)},
        "underconfident": {"gap": _r(t.confidence_gap * scale_range)},
        "outlier": {"gap": _r(t.outlier_gap * scale_range)},
        "strong_contribution": {"gap": _r(t.outlier_gap * scale_range)},
        "conflict": {"gap": _r(t.conflict_gap * scale_range)},
        "possible_manipulation": {
            "self_gap": _r(t.manipulation_self_gap * scale_range),
            "others_gap": _r(t.manipulation_others_gap * scale_range),
        },
    }
    return points.get(code, {})
