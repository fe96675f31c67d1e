"""The Jinja2 environment of the pages and `render()`, which gives every template its helpers."""

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from teameval.auth.principal import Principal
from teameval.auth.security import csrf_token
from teameval.config import request_settings
from teameval.i18n import supported, translate
from teameval.i18n.formats import format_date, format_datetime, format_number
from teameval.web.flash import FLASH_COOKIE, flash_taken, take_flash

TEMPLATES_DIR = Path(__file__).parent / "templates"
# The language chosen before signing in (signed in, the user's own setting wins).
LANGUAGE_COOKIE = "teameval_lang"

# Autoescape on for everything: user text is never marked safe (no `|safe` in our templates).
env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page_language(request: Request) -> str:
    """The language a page is shown in: the user's, else the chosen one, else Dutch.

    The browser's Accept-Language is not used: a Dutch school's pages are Dutch by default,
    whatever language the pupil's browser happens to be set to; English is a choice.
    """
    lang = getattr(request.state, "language", None)
    if lang:
        return str(lang)
    chosen = supported(request.cookies.get(LANGUAGE_COOKIE))
    if chosen is not None:
        return chosen
    return request_settings(request).default_language


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    principal: Principal | None = None,
) -> HTMLResponse:
    """Render `template` with the page helpers: `t()` translates, `csrf` guards every form."""
    lang = page_language(request)
    principal = principal or getattr(request.state, "principal", None)
    key = request_settings(request).signing_key

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    values: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "t": t,
        "principal": principal,
        "csrf": csrf_token(key, principal.session_id) if principal else "",
        "user_name": getattr(request.state, "user_name", ""),
        "fmt_dt": lambda v: format_datetime(v, lang),
        "fmt_date": lambda v: format_date(v, lang),
        "fmt_num": lambda v, digits=2, trim=False: format_number(v, lang, digits, trim),
        "path": request.url.path,
        "flash": None,
    }
    notice = take_flash(request)
    if notice is not None and notice.text_key:
        values["flash"] = {"kind": notice.kind, "text": t(notice.text_key)}
    values.update(context or {})
    html = env.get_template(template).render(values)
    # Pages hold personal data: never cache them (Back asks again, so a notice shows once).
    headers = {"Cache-Control": "no-store"}
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    if flash_taken(request):
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response
