"""A form post that found its sign-in expired: carried through signing in again, then posted.

Redirecting such a post to /login would drop what the student typed. Instead the sign-in page
comes back with the post's fields hidden in it ("Je sessie is verlopen"); after a successful
sign-in a page posts them again, with the new sign-in's CSRF token, to where they were going
(which answers as it always does: back to the form, with what was typed). Only the person
whose page it was gets it posted (`AuthService.issued_form_to`); only forms listed in
`RESUMABLE` are carried, and only their text fields.

The same carrying saves a post whose CSRF token belongs to an earlier sign-in of the same
person (they signed in again in another tab, so this tab's form names a replaced sign-in):
instead of a bare 403 the page comes back with what was typed and asks to send it again
(`session.stale_form_page`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import FormData

from teameval.web.dependencies import CSRF_FIELD

# The form posts worth carrying: the ones a person types into for a while (the review form,
# a teacher's version of a summary).
RESUMABLE = (
    re.compile(r"/student/evaluations/[0-9]{1,10}/reviews"),
    re.compile(r"/teacher/evaluations/[0-9]{1,10}/students/[0-9]{1,10}/summary"),
)
CARRY_PREFIX = "carry:"
RESUME_FIELD = "resume"
MAX_FIELDS = 1000


@dataclass(frozen=True)
class CarriedPost:
    """Where a post was going and its text fields (the old CSRF token among them)."""

    path: str
    fields: list[tuple[str, str]]

    @property
    def csrf(self) -> str:
        """The CSRF token the post carried: which sign-in's page it was written on."""
        return next((value for name, value in self.fields if name == CSRF_FIELD), "")

    @property
    def replayed(self) -> list[tuple[str, str]]:
        """The fields to post again (a fresh CSRF token goes with them)."""
        return [(name, value) for name, value in self.fields if name != CSRF_FIELD]


def _resumable(path: object) -> str | None:
    if isinstance(path, str) and any(p.fullmatch(path) for p in RESUMABLE):
        return path
    return None


def _text_fields(items: Sequence[tuple[str, object]]) -> list[tuple[str, str]] | None:
    fields = [(name, value) for name, value in items if isinstance(value, str)]
    if len(fields) != len(items) or len(fields) > MAX_FIELDS:
        return None  # a file upload, or more than any of our forms has: not carried
    return fields


def interrupted_post(request: Request, form: FormData) -> CarriedPost | None:
    """The post to carry through signing in, if its form is one worth carrying."""
    path = _resumable(request.url.path)
    fields = _text_fields(list(form.multi_items()))
    if path is None or not fields:
        return None
    return CarriedPost(path=path, fields=fields)


def carried_post(form: FormData) -> CarriedPost | None:
    """The post a sign-in form carries (its `resume` path and `carry:` fields), if any."""
    path = _resumable(form.get(RESUME_FIELD))
    items = [
        (name.removeprefix(CARRY_PREFIX), value)
        for name, value in form.multi_items()
        if name.startswith(CARRY_PREFIX)
    ]
    fields = _text_fields(items)
    if path is None or not fields:
        return None
    return CarriedPost(path=path, fields=fields)
