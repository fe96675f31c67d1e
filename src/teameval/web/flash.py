"""One-line notices after a form post (post/redirect/get): `?msg=<key>` names a known text.

Only keys listed here are shown, so a crafted link cannot put words on our pages.
"""

from dataclasses import dataclass

from fastapi import Request

from teameval.i18n import translate
from teameval.web.templating import page_language

_NOTICES = {
    "saved": ("ok", "page_flash_saved"),
    "submitted": ("ok", "page_flash_submitted"),
    "opened": ("ok", "page_flash_opened"),
    "closed": ("ok", "page_flash_closed"),
    "created": ("ok", "page_flash_created"),
    "queued": ("ok", "page_flash_queued"),
    "published": ("ok", "page_flash_published"),
    "edited": ("ok", "page_flash_edited"),
    "added": ("ok", "page_flash_added"),
    "password_set": ("ok", "page_flash_password_set"),
    "password_set_by_admin": ("ok", "page_flash_password_set_by_admin"),
    "deactivated": ("ok", "page_flash_deactivated"),
    "reactivated": ("ok", "page_flash_reactivated"),
    "teacher_added": ("ok", "page_flash_teacher_added"),
    "teacher_removed": ("ok", "page_flash_teacher_removed"),
    "changes_saved": ("ok", "page_flash_changes_saved"),
    "deleted": ("ok", "page_flash_deleted"),
    "moved": ("ok", "page_flash_moved"),
    "removed": ("ok", "page_flash_removed"),
    "extended": ("ok", "page_flash_extended"),
}


@dataclass(frozen=True)
class Flash:
    """A notice: its kind (ok, error, info) and its text."""

    kind: str
    text: str


def flash_from(request: Request) -> Flash | None:
    """The notice named by the `msg` query parameter, if it is one of ours."""
    found = _NOTICES.get(request.query_params.get("msg", ""))
    if found is None:
        return None
    kind, key = found
    return Flash(kind=kind, text=translate(key, page_language(request)))
