"""One-time notices after a form post (post/redirect/get), carried in a short-lived cookie.

A successful post answers a redirect that sets `teameval_flash` (the notice's key, signed);
the next page rendered shows the notice and deletes the cookie, so Reload and Back (pages
are `no-store`, so Back asks again) never show it twice, and no URL carries it: a link
shared or bookmarked after a save says nothing. Only keys listed here are shown and the value
is signed with the installation's key, so nobody can put other words on our pages.
"""

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from teameval.config import request_settings
from teameval.web.cookies import set_private_cookie

FLASH_COOKIE = "teameval_flash"
# Long enough for a slow redirect to land; a notice never waits for a later visit.
FLASH_TTL_S = 120

# key: (kind, catalogue key of the text; None: the page shows it its own way)
_NOTICES: dict[str, tuple[str, str | None]] = {
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
    "held_back": ("ok", "page_flash_held_back"),
    "reminded": ("ok", None),  # the reminders page shows the round's outcome instead
}


@dataclass(frozen=True)
class Notice:
    """A notice to show once: its key, kind (ok, error, info) and catalogue text key."""

    key: str
    kind: str
    text_key: str | None


def _signature(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), f"flash:{key}".encode(), hashlib.sha256).hexdigest()[:32]


def set_flash(request: Request, response: Response, key: str) -> Response:
    """`response` carrying the one-time notice `key` for the next page shown."""
    if key not in _NOTICES:
        raise ValueError(f"unknown notice {key!r}")
    settings = request_settings(request)
    value = f"{key}.{_signature(settings.signing_key, key)}"
    set_private_cookie(response, settings, FLASH_COOKIE, value, max_age=FLASH_TTL_S)
    return response


def redirect_with(request: Request, url: str, key: str) -> RedirectResponse:
    """Post/redirect/get: go on to `url` (303) and show the notice `key` there, once."""
    response = RedirectResponse(url, status_code=303)
    set_flash(request, response, key)
    return response


def take_flash(request: Request) -> Notice | None:
    """The notice this browser carries, if it is one of ours (read once per request).

    The page that renders takes it (`templating.render` deletes the cookie in its answer).
    """
    if hasattr(request.state, "flash"):
        taken: Notice | None = request.state.flash
        return taken
    notice = None
    key, _, signature = request.cookies.get(FLASH_COOKIE, "").partition(".")
    found = _NOTICES.get(key)
    secret = request_settings(request).signing_key
    if found is not None and hmac.compare_digest(signature, _signature(secret, key)):
        notice = Notice(key, *found)
    request.state.flash = notice
    return notice


def flash_taken(request: Request) -> bool:
    """Whether this request read a flash cookie (its answer must delete it)."""
    return FLASH_COOKIE in request.cookies and hasattr(request.state, "flash")
