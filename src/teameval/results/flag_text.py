"""Flags in words: the one-line message with the student's numbers, and the plain sentence
that says what the flag means and when it is raised (its thresholds in scale points)."""

from collections.abc import Sequence
from typing import Any

from teameval.config import Settings
from teameval.i18n import translate
from teameval.i18n.formats import format_number
from teameval.results.flags import Flag, FlagKind, Thresholds, explanation_params, of_kind
from teameval.results.schemas import FlagRead


def thresholds_from_settings(s: Settings) -> Thresholds:
    """The flag thresholds as configured."""
    return Thresholds(
        few_reviews_min=s.flag_few_reviews_min,
        few_reviews_fraction=s.flag_few_reviews_fraction,
        confidence_gap=s.flag_confidence_gap,
        outlier_gap=s.flag_outlier_gap,
        conflict_gap=s.flag_conflict_gap,
        manipulation_self_gap=s.flag_manipulation_self_gap,
        manipulation_others_gap=s.flag_manipulation_others_gap,
    )


def _numbers(params: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        k: format_number(v, language, trim=True) if isinstance(v, float) else v
        for k, v in params.items()
    }


def flag_message(flag: Flag, language: str) -> str:
    """The one-line message of a flag in `language`, its numbers filled in."""
    return translate(flag.message_key, language, **_numbers(flag.params, language))


def flag_explanation(code: str, t: Thresholds, scale_range: float, language: str) -> str:
    """What a flag means and when it is raised, in one plain sentence."""
    params = _numbers(explanation_params(code, t, scale_range), language)
    return translate(f"flag_explain_{code}", language, **params)


def flag_reads(
    flags: Sequence[Flag], kind: FlagKind, t: Thresholds, scale_range: float, language: str
) -> list[FlagRead]:
    """The flags of one kind as the API and the pages show them."""
    return [
        FlagRead(
            code=f.code,
            message=flag_message(f, language),
            kind=f.kind,
            explanation=flag_explanation(f.code, t, scale_range, language),
        )
        for f in of_kind(flags, kind)
    ]
