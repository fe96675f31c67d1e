"""How the pages set a cookie: HttpOnly, SameSite=Lax, and Secure when the site is served
over HTTPS (settings.cookie_secure), so scripts cannot read it and other sites' posts do not
carry it."""

from fastapi.responses import Response

from teameval.config import Settings


def set_private_cookie(
    response: Response, settings: Settings, name: str, value: str, *, max_age: int, path: str = "/"
) -> None:
    """Set the cookie `name` on `response` for `max_age` seconds below `path`."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path=path,
    )
