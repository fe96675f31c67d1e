"""Browser tests: a real uvicorn server and real worker processes, driven by Debian's Chromium.

Chromium is `/usr/bin/chromium` (`make test` installs it with apt when missing); Playwright
only drives it, its own browser download is never used. The LLM is the protocol-faithful fake
on loopback.
"""

import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright
from sqlalchemy import Engine

from tests.factories.school import PASSWORD
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import (
    ROOT,
    free_port,
    start_worker_pool,
    stop_process_group,
    worker_env,
)
from tests.reminders.conftest import Mailbox
from tests.web.review_forms import PairReview

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLMServer]:
    """The fake Ollama, slow enough (1.5 s) that the page shows the job's states on the way."""
    with FakeLLMServer() as server:
        server.configure(latency=1.5)
        yield server


def _live_env(llm: FakeLLMServer) -> dict[str, str]:
    """Settings of the server and workers: the fake Ollama, plain-HTTP cookies."""
    return {
        "TEAMEVAL_LLM_PROVIDER": "ollama",
        "TEAMEVAL_OLLAMA_BASE_URL": llm.url,
        "TEAMEVAL_LLM_CONNECT_TIMEOUT_S": "2",
        "TEAMEVAL_LLM_READ_TIMEOUT_S": "20",
        "TEAMEVAL_COOKIE_SECURE": "false",
    }


def start_server(
    env: dict[str, str], logs: Path, *uvicorn_args: str
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `uvicorn` serving the app with `env` on the test database, on a free loopback
    port, and wait until it answers; the process (its own session) and its URL."""
    port = free_port()
    with open(logs / "server.log", "ab") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "teameval.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                *uvicorn_args,
            ],
            env=worker_env(**env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            stop_process_group(server)
            raise RuntimeError((logs / "server.log").read_text()[-3000:])
        time.sleep(0.2)


@contextmanager
def serve(env: dict[str, str], logs: Path) -> Iterator[str]:
    """`uvicorn` serving the app with `env` on the test database, on a free loopback port."""
    server, url = start_server(env, logs)
    try:
        yield url
    finally:
        stop_process_group(server)


@pytest.fixture(scope="module")
def live_server(
    database: Engine, llm: FakeLLMServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`uvicorn` serving the app on the test database, on a free loopback port."""
    with serve(_live_env(llm), tmp_path_factory.mktemp("live")) as url:
        yield url


@pytest.fixture(scope="module")
def smtp_box() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server (aiosmtpd) on loopback for the whole module, and its port."""
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def mail_server(
    database: Engine,
    llm: FakeLLMServer,
    smtp_box: tuple[Mailbox, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The app served as the live server is, with e-mail going to `smtp_box`."""
    env = _live_env(llm) | {
        "TEAMEVAL_SMTP_HOST": "127.0.0.1",
        "TEAMEVAL_SMTP_PORT": str(smtp_box[1]),
        "TEAMEVAL_SMTP_FROM": "teameval@school.example",
    }
    with serve(env, tmp_path_factory.mktemp("mail")) as url:
        yield url


@pytest.fixture
def workers(live_server: str, llm: FakeLLMServer, tmp_path: Path) -> Iterator[None]:
    """Two `teameval worker` processes (with their reconciler), fresh for every test.

    Per test, because every test ends by emptying Redis, which also forgets the workers'
    registrations (the queue page counts those).
    """
    pool = start_worker_pool(2, tmp_path / "workers.log", **_live_env(llm))
    try:
        yield
    finally:
        stop_process_group(pool)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver (the browser itself is Debian's Chromium)."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium from /usr/bin."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (as make test does)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_tab(browser: Browser, base_url: str, width: int) -> Iterator[Page]:
    """A fresh browser tab with its own cookies on the live server, closed afterwards."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": width, "height": 900}, locale="nl-NL"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser: Browser, live_server: str, workers: None) -> Iterator[Page]:
    """A fresh browser tab on the live server (desktop-sized), with workers running."""
    yield from _new_tab(browser, live_server, 1200)


@pytest.fixture
def tab(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser tab at 1366 px (no workers: for pages that queue no job)."""
    yield from _new_tab(browser, live_server, 1366)


@pytest.fixture
def mail_tab(browser: Browser, mail_server: str) -> Iterator[Page]:
    """A fresh browser tab at 1366 px on the server that sends e-mail."""
    yield from _new_tab(browser, mail_server, 1366)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artifact under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


WIDTHS = {"1366": (1366, 900), "390": (390, 844)}


def shots(page: Page, name: str) -> None:
    """Full-page screenshots at a desktop (1366 px) and a phone (390 px) width."""
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": 1366, "height": 900})


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in from a clean tab (the cookies of whoever was signed in are dropped)."""
    page.context.clear_cookies()
    page.goto("/login")
    submit_sign_in(page, email, password)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def submit_sign_in(
    page: Page, email: str, password: str = PASSWORD, button: str = "Inloggen"
) -> None:
    """Fill in the sign-in form the page shows and send it with the button named `button`."""
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name=button, exact=True).click()


def open_mates_card(page: Page, pair: PairReview) -> Locator:
    """Sign in as `pair.me` and open the review form at the mate's card."""
    sign_in(page, pair.me.email)
    page.goto(f"/student/evaluations/{pair.klass.evaluation.id}")
    return page.locator(f"#review-{pair.mate.id}")


def wait_until_closed(page: Page, evaluation_url: str) -> None:
    """The evaluation page until the scheduler (a pass every 30 s) has closed the evaluation."""
    page.goto(evaluation_url)
    for _ in range(90):
        if page.locator("#evaluation-status").inner_text() == "Gesloten":
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(page.locator("#evaluation-status")).to_have_text("Gesloten")


def assert_not_found(page: Page, paths: Iterable[str]) -> None:
    """Every path answers 404 to whoever is signed in."""
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 404, path
