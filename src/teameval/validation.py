"""Names and labels validated one way on every write path: API bodies, page forms, CSV imports.

A value is stripped first and then judged: not blank where it is required, no longer than its
database column (SQLite would store an over-long value that PostgreSQL refuses), and on one line
without control characters (PostgreSQL refuses NUL; a line break breaks CSV exports and pages).
Read models use plain `str`: a list shows what the database holds and never fails on one odd
row. This module imports nothing of teameval, so every layer may use it; the models declare
their columns with the lengths below.
"""

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

NAME_MAX = 200  # a person, a course, an evaluation's title, a criterion, a school
TEAM_NAME_MAX = 100
LABEL_MAX = 50  # a class name ("4H2"), a course code

# English templates for the API's error list; pages and CSV imports translate by code
# (the i18n catalogue holds the same codes).
_ENGLISH = {
    "text_blank": "must not be empty or only spaces",
    "text_too_long": "must be at most {max} characters",
    "text_control_characters": "must be one line without control characters",
}


def text_problem(value: str, max_length: int, required: bool = True) -> tuple[str, int] | None:
    """Why a stripped text does not fit its column: (message code, the column's length), or None."""
    if required and not value:
        return "text_blank", max_length
    if len(value) > max_length:
        return "text_too_long", max_length
    if any(unicodedata.category(c) == "Cc" for c in value):
        return "text_control_characters", max_length
    return None


def _fits(max_length: int, required: bool = True) -> AfterValidator:
    """A pydantic check of `text_problem` for a column of `max_length`."""

    def check(value: str) -> str:
        problem = text_problem(value, max_length, required)
        if problem is not None:
            code, limit = problem
            raise PydanticCustomError(code, _ENGLISH[code], {"max": limit})
        return value

    return AfterValidator(check)


def _documented(max_length: int, required: bool = True) -> Any:
    """The bounds in the OpenAPI document (the checks themselves are `_fits`)."""
    return Field(json_schema_extra={"minLength": 1 if required else 0, "maxLength": max_length})


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# A required name: a person, a course, an evaluation title, a rubric criterion.
Name = Annotated[str, BeforeValidator(_strip), _fits(NAME_MAX), _documented(NAME_MAX)]
TeamName = Annotated[str, BeforeValidator(_strip), _fits(TEAM_NAME_MAX), _documented(TEAM_NAME_MAX)]
# An optional short label (a class name, a course code); blank means none.
Label = Annotated[
    str, BeforeValidator(_strip), _fits(LABEL_MAX, False), _documented(LABEL_MAX, False)
]
OptionalLabel = Annotated[Label | None, BeforeValidator(_blank_to_none)]
