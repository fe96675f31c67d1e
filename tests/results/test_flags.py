"""Each flag on small hand-made cases, at the default thresholds on a 1-5 scale (range 4)."""

from teameval.results.calculations import Rating, StudentScores
from teameval.results.flags import (
    FlagKind,
    Thresholds,
    confidence,
    conflict,
    explanation_params,
    few_reviews,
    flags_for_team,
    manipulation,
    missing_self_review,
    not_submitted,
    of_kind,
    outlier,
)

T = Thresholds()
RANGE = 4.0


def student(sid: int = 1, **values: object) -> StudentScores:
    s = StudentScores(student_id=sid, team_id=1)
    for name, value in values.items():
        setattr(s, name, value)
    return s


def rating(reviewer: int, reviewee: int, value: float) -> Rating:
    return Rating(reviewer, reviewee, reviewer == reviewee, {1: value, 2: value})


def test_few_reviews_below_two_or_below_half_of_expected() -> None:
    assert few_reviews(student(reviews_received=1, reviews_expected=4), T) is not None
    assert few_reviews(student(reviews_received=1, reviews_expected=3), T) is not None
    assert few_reviews(student(reviews_received=2, reviews_expected=4), T) is None
    assert few_reviews(student(reviews_received=2, reviews_expected=5), T) is not None
    # A team of two: the one review there can be is enough.
    assert few_reviews(student(reviews_received=1, reviews_expected=1), T) is None
    flag = few_reviews(student(reviews_received=0, reviews_expected=1), T)
    assert flag is not None and flag.params == {"received": 0, "expected": 1}
    assert few_reviews(student(reviews_received=0, reviews_expected=0), T) is None


def test_missing_self_review_only_when_self_assessment_was_asked() -> None:
    assert missing_self_review(student(self_expected=True, self_submitted=False)) is not None
    assert missing_self_review(student(self_expected=True, self_submitted=True)) is None
    assert missing_self_review(student(self_expected=False, self_submitted=False)) is None


def test_overconfident_when_self_is_a_point_or_more_above_peers() -> None:
    flag = confidence(student(self_average=5.0, peer_average=3.5), T, RANGE)
    assert flag is not None and flag.code == "overconfident"
    assert flag.params == {"self": 5.0, "peer": 3.5, "gap": 1.5}
    assert confidence(student(self_average=4.0, peer_average=3.5), T, RANGE) is None


def test_underconfident_when_self_is_a_point_or_more_below_peers() -> None:
    flag = confidence(student(self_average=3.0, peer_average=4.5), T, RANGE)
    assert flag is not None and flag.code == "underconfident"
    assert confidence(student(self_average=None, peer_average=4.5), T, RANGE) is None


def test_outlier_far_from_the_rest_of_the_team_both_ways() -> None:
    team = {
        1: student(1, peer_average=4.0),
        2: student(2, peer_average=4.5),
        3: student(3, peer_average=2.5),
    }
    low = outlier(team[3], team, T, RANGE)  # 2.5 vs 4.25: 1.75 below
    assert low is not None and low.message_key == "flag_outlier_low"
    assert (low.code, low.kind) == ("outlier", FlagKind.ATTENTION)
    assert low.params["gap"] == 1.75
    # Well above the rest is a strong contribution: a positive signal, not a problem.
    high = outlier(team[2], team, T, RANGE)  # 4.5 vs 3.25: 1.25 above
    assert high is not None and high.message_key == "flag_strong_contribution"
    assert (high.code, high.kind) == ("strong_contribution", FlagKind.POSITIVE)
    assert outlier(team[1], team, T, RANGE) is None  # 4.0 vs 3.5: 0.5 is within 0.8


def test_outlier_needs_two_others_to_compare_with() -> None:
    team = {1: student(1, peer_average=5.0), 2: student(2, peer_average=1.0)}
    assert outlier(team[1], team, T, RANGE) is None


def test_conflict_when_one_rater_is_far_below_the_others() -> None:
    ratings = [rating(2, 1, 4.0), rating(3, 1, 4.0), rating(4, 1, 1.0), rating(1, 1, 5.0)]
    flag = conflict(student(1), ratings, {4: "Dirk"}, T, RANGE)
    assert flag is not None
    assert flag.params["rater"] == "Dirk"
    assert (flag.params["rating"], flag.params["others"], flag.params["gap"]) == (1.0, 4.0, 3.0)
    mild = [rating(2, 1, 4.0), rating(3, 1, 4.0), rating(4, 1, 3.0)]
    assert conflict(student(1), mild, {}, T, RANGE) is None


def test_possible_manipulation_self_high_everyone_else_low() -> None:
    # Student 1 rates self 5, teammates 1 and 1; the rest of the team rates them 4.
    ratings = [
        rating(1, 1, 5.0),
        rating(1, 2, 1.0),
        rating(1, 3, 1.0),
        rating(2, 3, 4.0),
        rating(3, 2, 4.0),
    ]
    flag = manipulation(student(1), ratings, T, RANGE)
    assert flag is not None
    assert flag.params == {"self": 5.0, "given": 1.0, "others": 4.0}


def test_no_manipulation_when_the_team_agrees_the_teammates_are_weak() -> None:
    ratings = [
        rating(1, 1, 5.0),
        rating(1, 2, 2.0),
        rating(1, 3, 2.0),
        rating(2, 3, 2.0),
        rating(3, 2, 2.5),
    ]
    assert manipulation(student(1), ratings, T, RANGE) is None


def test_no_manipulation_without_a_self_review_or_other_raters() -> None:
    assert manipulation(student(1), [rating(1, 2, 1.0), rating(3, 2, 5.0)], T, RANGE) is None
    assert manipulation(student(1), [rating(1, 1, 5.0), rating(1, 2, 1.0)], T, RANGE) is None


def test_not_submitted_when_reviews_are_missing() -> None:
    flag = not_submitted(student(reviews_given=1, reviews_to_give=3))
    assert flag is not None and flag.params == {"given": 1, "to_give": 3}
    assert not_submitted(student(reviews_given=3, reviews_to_give=3)) is None


def test_flags_for_team_follow_the_non_submitter_policy() -> None:
    team = {1: student(1, reviews_given=0, reviews_to_give=2)}
    flagged = flags_for_team(team, [], {}, T, (1, 5), "flag")
    assert [f.code for f in flagged[1]] == ["not_submitted"]
    assert flags_for_team(team, [], {}, T, (1, 5), "equal_share")[1] == []


def test_thresholds_scale_with_the_range() -> None:
    # On 0-10 (range 10) the confidence gap is 2.5 points: 1.5 above is not flagged.
    assert confidence(student(self_average=8.0, peer_average=6.5), T, 10.0) is None
    assert confidence(student(self_average=9.0, peer_average=6.5), T, 10.0) is not None


def test_while_open_no_flag_about_reviews_that_can_still_come_in() -> None:
    # Right after opening: nothing received, no self review, nothing submitted.
    fresh = student(
        1,
        reviews_expected=3,
        reviews_to_give=4,
        self_expected=True,
        self_submitted=False,
    )
    closed = flags_for_team({1: fresh}, [], {}, T, (1, 5), "flag")
    assert [f.code for f in closed[1]] == ["few_reviews", "missing_self_review", "not_submitted"]
    assert flags_for_team({1: fresh}, [], {}, T, (1, 5), "flag", still_open=True)[1] == []


def test_while_open_the_flags_about_scores_stay() -> None:
    team = {1: student(1, self_average=5.0, peer_average=3.0, reviews_expected=3)}
    flagged = flags_for_team(team, [], {}, T, (1, 5), "flag", still_open=True)
    assert [f.code for f in flagged[1]] == ["overconfident"]


def test_flags_split_into_attention_and_positive() -> None:
    team = {
        1: student(1, peer_average=4.8, self_average=4.8),
        2: student(2, peer_average=3.0),
        3: student(3, peer_average=3.0),
    }
    flagged = flags_for_team(team, [], {}, T, (1, 5), "flag")
    assert [f.code for f in of_kind(flagged[1], FlagKind.POSITIVE)] == ["strong_contribution"]
    assert of_kind(flagged[1], FlagKind.ATTENTION) == []
    assert [f.code for f in of_kind(flagged[2], FlagKind.ATTENTION)] == ["outlier"]


def test_explanations_name_the_rule_in_scale_points() -> None:
    assert explanation_params("overconfident", T, RANGE) == {"gap": 1.0}
    assert explanation_params("strong_contribution", T, RANGE) == {"gap": 0.8}
    assert explanation_params("conflict", T, 10.0) == {"gap": 3.75}
    assert explanation_params("few_reviews", T, RANGE) == {"min": 2, "percent": 50}
    assert explanation_params("possible_manipulation", T, RANGE) == {
        "self_gap": 1.5,
        "others_gap": 1.0,
    }
    assert explanation_params("missing_self_review", T, RANGE) == {}
