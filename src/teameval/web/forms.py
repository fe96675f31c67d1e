"""Reading posted page forms into the domain's request schemas, with messages people can read."""

from datetime import datetime
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from teameval.i18n import field_message, translate
from teameval.web.templating import DISPLAY_ZONE


def text(form: FormData, name: str) -> str:
    """A text field, stripped; missing is empty."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def integer(form: FormData, name: str, default: int) -> int:
    """A whole-number field; anything else becomes `default` (the schema then judges it)."""
    value = text(form, name)
    try:
        return int(value)
    except ValueError:
        return default


def ids(form: FormData, name: str) -> list[int]:
    """Every checked id of a group of checkboxes."""
    return [int(v) for v in form.getlist(name) if isinstance(v, str) and v.isdigit()]


def local_datetime(form: FormData, name: str) -> datetime | None:
    """A `datetime-local` field, read as school time (Europe/Amsterdam)."""
    value = text(form, name)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=DISPLAY_ZONE)
    except ValueError:
        return None


def criteria_lines(value: str) -> list[dict[str, str]]:
    """Rubric criteria written one per line as `Name: description` (the description optional)."""
    criteria = []
    for line in value.splitlines():
        name, _, description = line.partition(":")
        if name.strip():
            criteria.append({"name": name.strip(), "description": description.strip()})
    return criteria


def validation_message(exc: ValidationError, lang: str) -> str:
    """A schema's complaint as one sentence naming the fields, in the page's language."""
    parts: list[str] = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error.get("loc", ()) if not isinstance(p, int))
        message = field_message(error, lang)
        parts.append(f"{location}: {message}" if location else message)
    return translate("validation_error", lang, details="; ".join(parts))


def keep(form: FormData) -> dict[str, Any]:
    """The posted values, to fill the form in again after a mistake."""
    return {key: form.get(key) for key in form if key != "csrf_token"}
