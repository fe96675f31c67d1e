"""The API documentation pages render in a real browser, offline, under their strict CSP."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, expect

from tests.web.browser.conftest import screenshot

pytestmark = pytest.mark.browser

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

# Chromium reports every blocked load or script as a `securitypolicyviolation` event; an init
# script (run by the browser driver, outside the page's CSP) collects them for the test.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${where})`
  );
});
"""


@dataclass
class Watched:
    """A tab and what it did besides rendering: console errors, failed and foreign requests."""

    page: Page
    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        """Every violation the page saw, from its event and from Chromium's console."""
        events: list[str] = self.page.evaluate("window.__cspViolations")
        console = [m for m in self.console_errors if "Content Security Policy" in m]
        return events + console


@pytest.fixture
def docs_tab(browser: Browser, live_server: str) -> Iterator[Watched]:
    """A fresh tab on the live server that records CSP violations and every failed request."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    watched = Watched(page, live_server)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.console_errors.append(message.text)

    def on_request(request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https") and f"{url.scheme}://{url.netloc}" != live_server:
            watched.foreign.append(request.url)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watched.failed.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("request", on_request)
    page.on("requestfailed", lambda request: watched.failed.append(f"failed {request.url}"))
    page.on("response", on_response)
    yield watched
    context.close()


def _assert_clean(tab: Watched, blocked: str | None = None) -> None:
    """No CSP violation, failed request, request elsewhere or console error (but `blocked`)."""
    violations = tab.csp_violations()
    if blocked:
        # A known load the CSP stops, reported as a violation, a failed and a foreign request and
        # a console error. The page asks for it lazily (under load, after the checks below may
        # run), so its traces are left out wherever they are, not required.
        violations = [v for v in violations if blocked not in v]
        tab.failed = [f for f in tab.failed if blocked not in f]
        tab.foreign = [f for f in tab.foreign if f != blocked]
        tab.console_errors = [m for m in tab.console_errors if blocked not in m]
    assert violations == []
    assert tab.failed == [], tab.failed
    assert tab.foreign == [], "the docs page reached outside the server (a CDN?)"
    assert tab.console_errors == [], tab.console_errors


def test_swagger_ui_renders_the_api_offline_without_csp_violations(docs_tab: Watched) -> None:
    page = docs_tab.page
    response = page.goto("/docs")
    assert response is not None and response.ok
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"]
        .split("script-src", 1)[1]
        .split(";", 1)[0]
    ), "scripts must stay 'self' only"

    login = page.locator(".opblock", has=page.get_by_text("/api/v1/auth/login", exact=True))
    expect(login).to_be_visible()
    paths = page.locator(".opblock-summary-path")
    assert paths.count() > 30, "Swagger UI did not list the API's operations"
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/feedback-summaries/jobs/")
    ).not_to_have_count(0)

    # It is interactive, not just painted: an operation opens with its "Try it out" button.
    login.locator(".opblock-summary").click()
    expect(login.get_by_role("button", name="Try it out")).to_be_visible()
    screenshot(page, "api-docs-swagger")
    _assert_clean(docs_tab)


def test_redoc_renders_the_api_offline_without_csp_violations(docs_tab: Watched) -> None:
    page = docs_tab.page
    response = page.goto("/redoc")
    assert response is not None and response.ok

    expect(page.get_by_role("heading", name="teameval", exact=False).first).to_be_visible()
    expect(page.get_by_text("/api/v1/auth/login").first).to_be_attached()
    screenshot(page, "api-docs-redoc")
    # Redoc's sidebar always asks for its maker's logo from their CDN (no option turns it off);
    # img-src 'self' refuses it, so nothing leaves the server and the image is left out.
    _assert_clean(docs_tab, blocked=REDOC_LOGO)
