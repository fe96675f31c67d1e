"""Expected failures: AppError and its subclasses, each a status code and a translatable message."""

from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError


class Overloaded(Exception):
    """The web process already serves as many requests as it may (teameval/admission.py)."""


# The database or Redis not answering: refused, cut, timed out, or no pooled connection free in
# time; or this process beyond its capacity. The same request may well work in a few seconds,
# so it answers 503 with Retry-After at once instead of a 500 (docs/OPERATIONS.md, "When the
# database or Redis is away", "Under overload").
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    Overloaded,
    OperationalError,
    PoolTimeoutError,
    RedisConnectionError,
    RedisTimeoutError,
)
RETRY_AFTER_S = 5


class AppError(Exception):
    """An expected failure shown to the user: `code` names a message in the catalogue."""

    status_code = 400

    def __init__(self, code: str, status_code: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        if status_code is not None:
            self.status_code = status_code


class NotFound(AppError):
    """The resource does not exist, or belongs to another school or another student."""

    status_code = 404

    def __init__(self, code: str = "not_found", **params: Any) -> None:
        super().__init__(code, **params)


class Forbidden(AppError):
    """The principal may see the resource but not do this with it."""

    status_code = 403

    def __init__(self, code: str = "forbidden", **params: Any) -> None:
        super().__init__(code, **params)


class Unauthorized(AppError):
    """No valid sign-in."""

    status_code = 401

    def __init__(self, code: str = "not_authenticated", **params: Any) -> None:
        super().__init__(code, **params)


class Invalid(AppError):
    """Well-formed input that breaks a rule (score off the scale, evaluation closed, ...)."""

    status_code = 422


class InvalidLines(Invalid):
    """Input refused for reasons found on several lines (a CSV import): each line's problem.

    `lines` are `{line, message}` entries, already in the user's language; the JSON answer
    carries them as `errors` beside the summary message.
    """

    def __init__(self, code: str, lines: list[dict[str, Any]], **params: Any) -> None:
        super().__init__(code, **params)
        self.lines = lines


class Conflict(AppError):
    """The request clashes with the current state (duplicate e-mail, ...)."""

    status_code = 409


class TooManyRequests(AppError):
    """Throttled: try again after `retry_after` seconds."""

    status_code = 429

    def __init__(self, code: str = "too_many_requests", retry_after: int = 60, **params: Any):
        super().__init__(code, retry_after=retry_after, **params)
        self.retry_after = retry_after
