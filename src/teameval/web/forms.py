"""Reading posted page forms into the domain's request schemas, with messages people can read."""

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from teameval.errors import AppError, Invalid
from teameval.i18n import field_message, translate
from teameval.i18n.formats import DISPLAY_ZONE
from teameval.users.csv_import import MAX_UPLOAD_BYTES

# Ten digits hold every id and score that a database INTEGER (32 bits) can hold.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}")
_DB_INT_MAX = 2**31 - 1


def text(form: FormData, name: str) -> str:
    """A text field, stripped; missing is empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


async def upload(form: FormData, name: str) -> bytes | None:
    """An uploaded file's bytes (one past the import limit at most, which the service refuses)."""
    value = form.get(name)
    if value is None or isinstance(value, str):
        return None
    return await value.read(MAX_UPLOAD_BYTES + 1)


def whole_number(value: str) -> int:
    """A typed whole number (an id, a score, a scale end); anything else is a 422 with a message.

    Only ASCII digits with an optional minus and at most 10 of them: `int()` alone would take
    `²` or `٣` (which `str.isdigit()` lets through) and raise on `--1` or 5,000 digits.
    """
    stripped = value.strip()
    if not _WHOLE_NUMBER.fullmatch(stripped):
        raise Invalid("form_not_a_number", value=stripped[:20])
    number = int(stripped)
    if not -_DB_INT_MAX <= number <= _DB_INT_MAX:
        raise Invalid("value_out_of_range")
    return number


def integer(form: FormData, name: str, default: int | None = None) -> int | None:
    """A whole-number field; empty is `default`, anything but a whole number a 422."""
    value = text(form, name)
    return whole_number(value) if value else default


def ids(form: FormData, name: str) -> list[int]:
    """Every checked id of a group of checkboxes; a value that is not an id is a 422."""
    return [whole_number(v) for v in form.getlist(name) if isinstance(v, str)]


def local_datetime(form: FormData, name: str) -> datetime | None:
    """A `datetime-local` field, read as school time (Europe/Amsterdam); not a date is a 422."""
    value = text(form, name)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=DISPLAY_ZONE)
    except ValueError as exc:  # a browser sends ISO; a year past 9999 cannot be parsed
        raise Invalid("form_not_a_datetime", value=value[:30]) from exc


def local_value(value: datetime | None) -> str:
    """A stored time as a `datetime-local` field shows it: school time, to the minute."""
    if value is None:
        return ""
    try:
        return value.astimezone(DISPLAY_ZONE).strftime("%Y-%m-%dT%H:%M")
    except OverflowError:  # a deadline stored before 2100 was the limit: past year 9999 here
        return ""


# A described level under a criterion: `1 = Doet niet mee` (or, indented, `1: Doet niet mee`).
_LEVEL_LINE = re.compile(r"^\s*(\d{1,3})\s*=\s*(.*)$|^\s+(\d{1,3})\s*:\s*(.*)$")


def criteria_lines(value: str) -> list[dict[str, Any]]:
    """Rubric criteria written one per line as `Name: description` (the description optional),
    each followed by its described levels, if any, one per line as `1 = Doet niet mee`."""
    criteria: list[dict[str, Any]] = []
    for line in value.splitlines():
        level = _LEVEL_LINE.match(line)
        if level and criteria:
            score, text = level.group(1) or level.group(3), level.group(2) or level.group(4) or ""
            criteria[-1]["levels"].append({"score": int(score), "description": text.strip()})
            continue
        name, _, description = line.partition(":")
        if name.strip():
            criteria.append(
                {"name": name.strip(), "description": description.strip(), "levels": []}
            )
    return criteria


def criteria_text(criteria: Iterable[Any]) -> str:
    """The inverse of criteria_lines, to fill the form with a rubric: nothing is lost."""
    lines: list[str] = []
    for criterion in criteria:
        description = f": {criterion.description}" if criterion.description else ""
        lines.append(f"{criterion.name}{description}")
        lines += [f"  {level.score} = {level.description}" for level in criterion.levels]
    return "\n".join(lines)


def validation_message(exc: ValidationError, lang: str) -> str:
    """A schema's complaint as one sentence naming the fields, in the page's language."""
    parts: list[str] = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error.get("loc", ()) if not isinstance(p, int))
        message = field_message(error, lang)
        parts.append(f"{location}: {message}" if location else message)
    return translate("validation_error", lang, details="; ".join(parts))


def problem(exc: AppError | ValidationError, lang: str) -> str:
    """Why a form was refused, in the page's language: a service's error or a schema's."""
    if isinstance(exc, ValidationError):
        return validation_message(exc, lang)
    return translate(exc.code, lang, **exc.params)


def keep(form: FormData) -> dict[str, Any]:
    """The posted values, to fill the form in again after a mistake."""
    return {key: form.get(key) for key in form if key != "csrf_token"}
