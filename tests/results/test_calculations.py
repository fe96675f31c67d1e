"""The result formulas on hand-computed examples (team Anna, Bram, Cas; criteria 1 and 2).

Peer ratings (overall = mean of the two criteria):
  Anna->Bram 4,4 (4)  Anna->Cas 3,3 (3)  Bram->Anna 5,3 (4)
  Bram->Cas 2,2 (2)   Cas->Anna 4,4 (4)  Cas->Bram 5,5 (5)
Self: Anna 5,5  Bram 3,3  Cas 4,4.
"""

from collections.abc import Collection

import pytest

from teameval.results.calculations import (
    Allocation,
    Rating,
    TeamInput,
    catme_factors,
    clamp,
    compute_team,
    filled_average,
    mean,
    webpa_scores,
)

A, B, C = 1, 2, 3
C1, C2 = 10, 20
SCORES = {
    (A, B): (4, 4),
    (A, C): (3, 3),
    (B, A): (5, 3),
    (B, C): (2, 2),
    (C, A): (4, 4),
    (C, B): (5, 5),
    (A, A): (5, 5),
    (B, B): (3, 3),
    (C, C): (4, 4),
}


def team_input(submitted_by: Collection[int] = (A, B, C)) -> TeamInput:
    allocations = [Allocation(r, e, r == e, r in submitted_by) for (r, e) in SCORES]
    ratings = [
        Rating(r, e, r == e, {C1: float(s[0]), C2: float(s[1])})
        for (r, e), s in SCORES.items()
        if r in submitted_by
    ]
    return TeamInput(team_id=7, members=[A, B, C], allocations=allocations, ratings=ratings)


def test_mean_ignores_missing_values_and_is_none_for_nothing() -> None:
    assert mean([1.0, None, 3.0]) == 2.0
    assert mean([None]) is None
    assert mean([]) is None


def test_clamp_limits_to_the_range_and_keeps_none() -> None:
    assert clamp(1.2273, 0.75, 1.10) == 1.10
    assert clamp(0.6818, 0.75, 1.10) == 0.75
    assert clamp(1.0, 0.75, 1.10) == 1.0
    assert clamp(None, 0.75, 1.10) is None


def test_catme_factor_is_peer_average_over_team_average_of_peer_averages() -> None:
    # Team average (4 + 4.5 + 2.5) / 3 = 11/3.
    factors = catme_factors({A: 4.0, B: 4.5, C: 2.5, 99: None})
    assert factors[A] == pytest.approx(12 / 11)  # 1.0909
    assert factors[B] == pytest.approx(13.5 / 11)  # 1.2273
    assert factors[C] == pytest.approx(7.5 / 11)  # 0.6818
    assert factors[99] is None


def test_filled_average_counts_missing_reviews_as_the_fill_value() -> None:
    assert filled_average([4.0], missing=1, fill=3.25) == pytest.approx(3.625)
    assert filled_average([4.0, 2.0], missing=0, fill=3.25) == 3.0
    assert filled_average([4.0], missing=2, fill=None) == 4.0


def test_compute_team_averages_ratio_counts_and_clamped_catme_factor() -> None:
    scores = compute_team(team_input(), [C1, C2], "catme", "flag", (0.75, 1.10))
    anna, bram, cas = scores[A], scores[B], scores[C]
    assert anna.peer_by_criterion == {C1: 4.5, C2: 3.5}
    assert (anna.peer_average, bram.peer_average, cas.peer_average) == (4.0, 4.5, 2.5)
    assert anna.self_by_criterion == {C1: 5.0, C2: 5.0}
    assert anna.self_average == 5.0
    assert anna.self_peer_ratio == pytest.approx(1.25)
    assert bram.self_peer_ratio == pytest.approx(3 / 4.5)
    assert cas.self_peer_ratio == pytest.approx(1.6)
    assert (anna.reviews_received, anna.reviews_expected) == (2, 2)
    assert (anna.reviews_given, anna.reviews_to_give) == (3, 3)
    assert anna.catme_factor == pytest.approx(12 / 11)
    assert anna.adjustment_factor == pytest.approx(12 / 11)  # inside the range
    assert bram.adjustment_factor == 1.10  # 1.2273 clamped
    assert cas.adjustment_factor == 0.75  # 0.6818 clamped


def test_webpa_shares_each_assessors_marks_and_sums_to_team_size() -> None:
    # Anna gives A10 B8 C6 (of 24), Bram A8 B6 C4 (of 18), Cas A8 B10 C8 (of 26).
    team = team_input()
    scores = webpa_scores(team.members, team.allocations, team.ratings, "flag")
    assert scores[A] == pytest.approx(10 / 24 + 8 / 18 + 8 / 26)  # 1.1688
    assert scores[B] == pytest.approx(8 / 24 + 6 / 18 + 10 / 26)  # 1.0513
    assert scores[C] == pytest.approx(6 / 24 + 4 / 18 + 8 / 26)  # 0.7799
    assert sum(v or 0 for v in scores.values()) == pytest.approx(3.0)


def test_webpa_method_selects_the_webpa_score_as_adjustment_factor() -> None:
    scores = compute_team(team_input(), [C1, C2], "webpa", "flag", (0.5, 1.5))
    assert scores[A].adjustment_factor == pytest.approx(1.168803, abs=1e-6)
    assert scores[C].adjustment_factor == pytest.approx(0.779915, abs=1e-6)
    assert scores[A].catme_factor == pytest.approx(12 / 11)  # both are always reported


def test_webpa_non_submitter_flag_policy_scales_by_members_over_submitters() -> None:
    # Cas submitted nothing: fractions from Anna and Bram only, times 3/2.
    team = team_input(submitted_by={A, B})
    scores = webpa_scores(team.members, team.allocations, team.ratings, "flag")
    assert scores[A] == pytest.approx((10 / 24 + 8 / 18) * 1.5)  # 1.2917
    assert scores[B] == pytest.approx((8 / 24 + 6 / 18) * 1.5)  # 1.0
    assert scores[C] == pytest.approx((6 / 24 + 4 / 18) * 1.5)  # 0.7083


def test_webpa_non_submitter_equal_share_policy_gives_everyone_a_third() -> None:
    team = team_input(submitted_by={A, B})
    scores = webpa_scores(team.members, team.allocations, team.ratings, "equal_share")
    assert scores[A] == pytest.approx(10 / 24 + 8 / 18 + 1 / 3)  # 1.1944
    assert scores[C] == pytest.approx(6 / 24 + 4 / 18 + 1 / 3)  # 0.8056
    assert sum(v or 0 for v in scores.values()) == pytest.approx(3.0)


def test_webpa_without_any_complete_assessor_is_none() -> None:
    team = team_input(submitted_by=set())
    scores = webpa_scores(team.members, team.allocations, team.ratings, "flag")
    assert scores == {A: None, B: None, C: None}


def test_catme_non_submitter_flag_policy_averages_what_came_in() -> None:
    # Cas submitted nothing: Anna 4 (from Bram), Bram 4 (from Anna), Cas 2.5; team 3.5.
    scores = compute_team(team_input({A, B}), [C1, C2], "catme", "flag", (0.5, 1.5))
    assert scores[A].peer_average == 4.0
    assert scores[A].reviews_received == 1
    assert scores[A].catme_factor == pytest.approx(4 / 3.5)
    assert scores[C].catme_factor == pytest.approx(2.5 / 3.5)
    assert (scores[C].reviews_given, scores[C].reviews_to_give) == (0, 3)


def test_catme_non_submitter_equal_share_fills_missing_reviews_with_team_mean() -> None:
    # Submitted peer ratings 4, 3, 4, 2: team mean 3.25 fills Cas's missing review of
    # Anna and of Bram: (4 + 3.25) / 2 = 3.625; Cas keeps 2.5; team average 3.25.
    scores = compute_team(team_input({A, B}), [C1, C2], "catme", "equal_share", (0.5, 1.5))
    assert scores[A].peer_average == pytest.approx(3.625)
    assert scores[C].peer_average == pytest.approx(2.5)
    assert scores[A].catme_factor == pytest.approx(3.625 / 3.25)  # 1.1154
    assert scores[C].catme_factor == pytest.approx(2.5 / 3.25)  # 0.7692
    # Per criterion: criterion 1 ratings 4, 3, 5, 2 -> mean 3.5; Anna (5 + 3.5) / 2.
    assert scores[A].peer_by_criterion[C1] == pytest.approx(4.25)


def test_student_without_self_review_has_no_self_score_or_ratio() -> None:
    team = team_input()
    team.ratings = [r for r in team.ratings if not (r.is_self and r.reviewer_id == B)]
    team.allocations = [
        a if not (a.is_self and a.reviewer_id == B) else Allocation(B, B, True, False)
        for a in team.allocations
    ]
    bram = compute_team(team, [C1, C2], "catme", "flag", (0.75, 1.1))[B]
    assert bram.self_expected and not bram.self_submitted
    assert bram.self_average is None
    assert bram.self_peer_ratio is None
    assert bram.self_by_criterion == {C1: None, C2: None}
