"""A class through the pages, in Chromium, in Dutch: a teacher imports the `;`-separated Excel
file (with BOM and a team column), sees the preview and what the import did, and reminds the
students who have not submitted from the reminders page; the e-mails reach a real SMTP server
(aiosmtpd). Screenshots of both pages at 1366 and 390 px go to var/screenshots/ (roster-*.png).
"""

import codecs
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func
from sqlalchemy.orm import Session

from teameval.evaluations.schemas import CriterionCreate, EvaluationCreate
from teameval.evaluations.service import EvaluationService
from teameval.models import School, Team, TeamMember
from tests.factories.access import as_principal
from tests.factories.course import make_course
from tests.factories.school import PASSWORD, make_user
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.processes import free_port
from tests.reminders.conftest import Mailbox
from tests.web.browser.conftest import _live_env, screenshot, serve

pytestmark = pytest.mark.browser
WIDTHS = {"1366": (1366, 900), "390": (390, 844)}
EXCEL = (
    codecs.BOM_UTF8
    + (
        "E-mailadres;Naam;Klas;Team\r\n"
        "zoe.roster@s.example;Zoë de Bruïne;4H;Team Één\r\n"
        "daan.roster@s.example;Daan van Dijk;4H;Team Één\r\n"
        "noor.roster@s.example;Noor Yilmaz;4H;Team Twee\r\n"
        "sem.roster@s.example;Sem de Vries;4H;Team Twee\r\n"
    ).encode()
)


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on loopback for the whole module, and its port."""
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
    mailbox: tuple[Mailbox, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The app served as the live server is, with e-mail set up."""
    env = _live_env(llm) | {
        "TEAMEVAL_SMTP_HOST": "127.0.0.1",
        "TEAMEVAL_SMTP_PORT": str(mailbox[1]),
        "TEAMEVAL_SMTP_FROM": "teameval@school.example",
    }
    with serve(env, tmp_path_factory.mktemp("mail")) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, mail_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=mail_server, viewport={"width": 1366, "height": 900}, locale="nl-NL"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _shots(page: Page, name: str) -> None:
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_import_an_excel_class_and_remind_who_has_not_submitted(
    tab: Page, session: Session, school: School, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    teacher = make_user(session, school, "teacher")
    course = make_course(session, school, name="Project 4H", teacher_id=teacher.id)
    tab.goto("/login")
    tab.locator("#email").fill(teacher.email)
    tab.locator("#password").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen", exact=True).click()

    tab.goto(f"/teacher/courses/{course.id}")
    tab.locator("#csv-file").set_input_files(
        {"name": "klas 4H.csv", "mimeType": "text/csv", "buffer": EXCEL}
    )
    tab.get_by_role("button", name="Controleren").click()
    preview = tab.locator("#import-preview")
    expect(preview).to_contain_text("4 regels kunnen worden geïmporteerd.")
    expect(preview).to_contain_text("Nieuwe teams: Team Twee, Team Één")
    expect(preview.locator("tbody tr")).to_have_count(4)
    expect(preview).to_contain_text("Zoë de Bruïne")
    _shots(tab, "roster-import-preview")
    tab.get_by_role("button", name="4 leerlingen importeren").click()
    expect(tab.locator("#import-result")).to_have_text(
        "4 leerlingen toegevoegd, 2 teams aangemaakt"
    )
    session.expire_all()
    members = (
        session.query(Team.name, func.count(TeamMember.id))
        .join(TeamMember, TeamMember.team_id == Team.id)
        .filter(Team.course_id == course.id)
        .group_by(Team.name)
        .order_by(Team.name)
        .all()
    )
    assert [tuple(m) for m in members] == [("Team Twee", 2), ("Team Één", 2)]

    service = EvaluationService(session, as_principal(teacher))
    evaluation = service.create_evaluation(
        EvaluationCreate(
            course_id=course.id, title="Eindevaluatie", criteria=[CriterionCreate(name="Inzet")]
        )
    )
    service.open_evaluation(evaluation.id)

    tab.goto(f"/teacher/evaluations/{evaluation.id}")
    tab.get_by_role("link", name="Herinneringen").click()
    expect(tab.locator("h2#pending-heading")).to_have_text(
        "4 leerlingen hebben nog niet alles ingediend"
    )
    tab.get_by_label("Noor Yilmaz").uncheck()  # Noor said she is nearly done
    _shots(tab, "roster-reminders")
    tab.get_by_role("button", name="Herinnering sturen").click()
    expect(tab.locator("#outcome")).to_have_text("De herinnering is verstuurd: 3 e-mails.")
    expect(tab.locator("table").last).to_contain_text("Met de knop")
    assert sorted(m["To"] for m in box.messages) == [
        "daan.roster@s.example",
        "sem.roster@s.example",
        "zoe.roster@s.example",
    ]
    assert "Hallo Zoë de Bruïne" in box.to("zoe.roster@s.example")[0].get_content()
