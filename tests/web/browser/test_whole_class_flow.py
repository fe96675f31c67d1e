"""Issue 13's "done when": one class through the pages only, in Chromium and Dutch.

A teacher imports the `;`-separated Excel file (BOM, team column), creates and opens an
evaluation that closes itself at its deadline, prints the sign-in codes; a student signs in with
her code, chooses a password and submits a review; the teacher renames a team, extends one
student's deadline and reminds who has not submitted (the e-mails reach aiosmtpd); at the
deadline the scheduler beside the worker pool closes the evaluation and the summaries are made;
a second teacher of the school, not on the course, gets 404 for every page of it.
Screenshots at 1366 and 390 px go to var/screenshots/ (roster-*.png, whole-*.png).
"""

import codecs
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func
from sqlalchemy.orm import Session

from teameval.models import DeadlineExtension, Evaluation, School, Team, TeamMember, User, utcnow
from tests.factories.course import make_course
from tests.factories.school import make_user
from tests.reminders.conftest import Mailbox
from tests.web.browser.conftest import assert_not_found, shots, sign_in, wait_until_closed

pytestmark = pytest.mark.browser
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


def _import_the_class(page: Page, session: Session, course_url: str, course_id: int) -> None:
    page.goto(course_url)
    page.locator("#csv-file").set_input_files(
        {"name": "klas 4H.csv", "mimeType": "text/csv", "buffer": EXCEL}
    )
    page.get_by_role("button", name="Controleren").click()
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("4 regels kunnen worden geïmporteerd.")
    expect(preview).to_contain_text("Nieuwe teams: Team Twee, Team Één")
    expect(preview.locator("tbody tr")).to_have_count(4)
    expect(preview).to_contain_text("Zoë de Bruïne")
    shots(page, "roster-import-preview")
    page.get_by_role("button", name="4 leerlingen importeren").click()
    expect(page.locator("#import-result")).to_have_text(
        "4 leerlingen toegevoegd, 2 teams aangemaakt"
    )
    session.expire_all()
    members = (
        session.query(Team.name, func.count(TeamMember.id))
        .join(TeamMember, TeamMember.team_id == Team.id)
        .filter(Team.course_id == course_id)
        .group_by(Team.name)
        .order_by(Team.name)
        .all()
    )
    assert [tuple(m) for m in members] == [("Team Twee", 2), ("Team Één", 2)]


def _create_and_open(page: Page, course_url: str) -> str:
    """The new-evaluation form of the course page (closing at the deadline is on by default)."""
    page.goto(course_url)
    page.get_by_text("Nieuwe evaluatie", exact=True).click()
    page.locator("#ev-title").fill("Eindevaluatie")
    page.locator("#ev-criteria").fill("Inzet")
    page.get_by_label("Leerlingen beoordelen ook zichzelf").uncheck()
    deadline = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#ev-deadline").fill(deadline)
    page.get_by_role("button", name="Evaluatie aanmaken").click()
    expect(page).to_have_url(re.compile(r"/teacher/evaluations/\d+$"))
    page.get_by_role("button", name="Evaluatie openen").click()
    page.get_by_role("dialog").get_by_role("button", name="Evaluatie openen").click()
    expect(page.locator("#evaluation-status")).to_have_text("Open")
    return "/teacher/" + page.url.split("/teacher/")[1].split("?")[0]


def _slip_code(page: Page, course_url: str, email: str) -> str:
    page.goto(f"{course_url}/access")
    page.get_by_role("button", name="Inlogcodes afdrukken voor deze cursus").click()
    expect(page.locator(".slip")).to_have_count(4)
    shots(page, "whole-slips")
    return page.locator(".slip").filter(has_text=email).locator("code").inner_text()


def _student_joins_and_submits(page: Page, email: str, code: str, mate: User) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_role("link", name="Ik heb een inlogcode").click()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Inlogcode", exact=True).fill(code)
    page.get_by_role("button", name="Inloggen met code").click()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("zonnebloem-fiets-42")
    page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("zonnebloem-fiets-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je wachtwoord is opgeslagen")
    sign_in(page, email, "zonnebloem-fiets-42")
    page.get_by_role("link", name="Invullen").click()
    review = page.locator(f"#review-{mate.id}")
    review.get_by_role("group", name="Inzet").get_by_text("4", exact=True).click()
    review.get_by_label("Toelichting bij Inzet").fill("Plant alles goed en helpt mee")
    review.get_by_role("button", name="Indienen").click()
    page.get_by_role("button", name="Ja, indienen").click()
    expect(page.locator(f"#review-{mate.id} [data-review-status]")).to_have_text("Ingediend")


def test_a_class_from_excel_file_to_summaries_through_the_pages(
    mail_tab: Page,
    workers: None,
    session: Session,
    school: School,
    smtp_box: tuple[Mailbox, int],
) -> None:
    page, (box, _) = mail_tab, smtp_box
    teacher = make_user(session, school, "teacher")
    course = make_course(session, school, name="Project 4H", teacher_id=teacher.id)
    course_url = f"/teacher/courses/{course.id}"

    sign_in(page, teacher.email)
    _import_the_class(page, session, course_url, course.id)
    evaluation_url = _create_and_open(page, course_url)
    code = _slip_code(page, course_url, "zoe.roster@s.example")
    students = {u.email.split(".")[0]: u for u in session.query(User).filter_by(role="student")}

    _student_joins_and_submits(page, "zoe.roster@s.example", code, students["daan"])

    # The teacher renames a team, gives Sem more time and reminds who has not submitted.
    sign_in(page, teacher.email)
    page.goto(course_url)
    team_id = session.query(Team.id).filter_by(course_id=course.id, name="Team Twee").scalar()
    page.locator(f"#team-{team_id}").get_by_text("Team bewerken").click()
    page.locator(f"#rename-{team_id}").fill("Team Rood")
    page.get_by_role("button", name="Naam opslaan").click()
    expect(page.get_by_role("heading", name="Team Rood")).to_be_visible()
    page.goto(evaluation_url)
    page.get_by_label("Leerling", exact=True).select_option(label="Sem de Vries")
    later = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Nieuwe deadline").fill(later)
    page.get_by_role("button", name="Verlenging geven").click()
    expect(page.get_by_text("De verlenging is opgeslagen.")).to_be_visible()
    page.get_by_role("link", name="Herinneringen").click()
    expect(page.locator("h2#pending-heading")).to_have_text(
        "3 leerlingen hebben nog niet alles ingediend"
    )
    page.get_by_label("Noor Yilmaz").uncheck()  # Noor said she is nearly done
    shots(page, "roster-reminders")
    page.get_by_role("button", name="Herinnering sturen").click()
    expect(page.locator("#outcome")).to_have_text("De herinnering is verstuurd: 2 e-mails.")
    expect(page.locator("table").last).to_contain_text("Met de knop")
    assert sorted(m["To"] for m in box.messages) == [
        "daan.roster@s.example",
        "sem.roster@s.example",
    ]
    assert "Hallo Daan van Dijk" in box.to("daan.roster@s.example")[0].get_content()

    # The deadlines pass (the clock is moved by moving them): the scheduler closes it.
    session.expire_all()
    evaluation_id = int(evaluation_url.rsplit("/", 1)[1])
    evaluation = session.get(Evaluation, evaluation_id)
    assert evaluation is not None
    evaluation.deadline = utcnow() - timedelta(minutes=1)
    session.query(DeadlineExtension).filter_by(evaluation_id=evaluation_id).one().deadline = (
        utcnow() - timedelta(seconds=1)
    )
    session.commit()
    wait_until_closed(page, evaluation_url)
    expect(page.get_by_text(re.compile(r"\b1 van 1 klaar"))).to_be_visible(timeout=60_000)
    shots(page, "whole-closed-itself")

    # A colleague on none of the course's staff finds nothing of it.
    colleague = make_user(session, school, "teacher", name="Meester Mol")
    sign_in(page, colleague.email)
    expect(page.get_by_role("link", name=course.name)).to_have_count(0)
    daan = students["daan"].id
    assert_not_found(
        page,
        (
            course_url,
            f"{course_url}/access",
            evaluation_url,
            f"{evaluation_url}/reminders",
            f"{evaluation_url}/students/{daan}",
            f"/api/v1/courses/{course.id}",
            f"/api/v1/evaluations/{evaluation_id}/results.csv",
        ),
    )
