"""The grade helper's rule: team mark x factor, clamped to 1-10, rounded half up to 0.1."""

from decimal import Decimal

import pytest

from teameval.results.grades import BadMark, individual_mark, parse_mark, parse_marks


@pytest.mark.parametrize(
    ("typed", "mark"),
    [
        ("7,5", "7.5"),
        ("7.5", "7.5"),
        (" 8 ", "8.0"),
        ("10", "10.0"),
        ("1,0", "1.0"),
        ("6,75", "6.75"),
    ],
)
def test_a_mark_is_typed_with_a_comma_or_a_point(typed: str, mark: str) -> None:
    assert parse_mark(typed) == Decimal(mark)


@pytest.mark.parametrize(
    "typed", ["0,9", "10,5", "11", "zeven", "7,5,1", "7,123", "-5", "1e1", "7 5"]
)
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(BadMark):
        parse_mark(typed)


def test_an_empty_field_is_no_mark() -> None:
    assert parse_mark("  ") is None


def test_mark_is_team_mark_times_factor_rounded_half_up() -> None:
    mark = individual_mark(Decimal("7.5"), 0.95)  # 7.125
    assert mark is not None and (mark.product, mark.mark) == (Decimal("7.125"), Decimal("7.1"))
    half = individual_mark(Decimal("7.25"), 1.0)  # half up: 7.3, never 7.2
    assert half is not None and half.mark == Decimal("7.3") and not half.capped
    # Float noise does not move a half: 6.5 x 1.1 is 7.15 exactly, so 7.2.
    noisy = individual_mark(Decimal("6.5"), 1.1)
    assert noisy is not None and noisy.mark == Decimal("7.2")


def test_mark_stays_on_the_scale() -> None:
    high = individual_mark(Decimal("9.5"), 1.1)  # 10.45
    assert high is not None and high.mark == Decimal("10.0") and high.capped
    low = individual_mark(Decimal("1.2"), 0.75)  # 0.9
    assert low is not None and low.mark == Decimal("1.0") and low.capped


def test_no_factor_no_mark() -> None:
    assert individual_mark(Decimal("7"), None) is None


def test_parse_marks_keeps_what_was_refused() -> None:
    marks, refused = parse_marks({1: "7,5", 2: "", 3: "elf"})
    assert marks == {1: Decimal("7.5")}
    assert refused == {3: "elf"}
