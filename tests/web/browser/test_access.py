"""Access without handed-out passwords, in Chromium: a teacher prints a course's sign-in codes,
a student signs in with one, chooses a password, signs out and back in; the code is spent.

Screenshots of the slips and the code sign-in at 1366 and 390 px, in Dutch and English, go to
var/screenshots/ (access-*.png).
"""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from teameval.access.service import AccessService
from teameval.config import get_settings
from teameval.models import School, User
from tests.factories.access import as_principal, make_access_class
from tests.factories.school import PASSWORD, make_user
from tests.web.browser.conftest import screenshot, submit_sign_in
from tests.web.browser.conftest import shots as _shots

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, password: str, button: str = "Inloggen") -> None:
    page.goto("/login")
    submit_sign_in(page, email, password, button)


def _code_of(page: Page, student: User) -> str:
    slip = page.locator(".slip").filter(has_text=student.email)
    return slip.locator("code").inner_text()


def test_a_teacher_prints_codes_and_a_student_signs_in_and_chooses_a_password(
    tab: Page, session: Session, school: School
) -> None:
    klass = make_access_class(session, school)
    anna = klass.fresh[0]
    page = tab
    _sign_in(page, klass.teacher.email, PASSWORD)
    page.goto(f"/teacher/courses/{klass.course.id}")
    page.get_by_role("link", name="Inlogcodes en uitnodigingen").click()
    expect(page.get_by_role("heading", name="Toegang voor leerlingen: Biologie 4H")).to_be_visible()
    expect(page.locator("#no-mail")).to_contain_text("niet ingesteld")
    _shots(page, "access-course-nl")

    page.get_by_role("button", name="Inlogcodes afdrukken voor deze cursus").click()
    expect(page.get_by_role("heading", name="Inlogcodes: Biologie 4H")).to_be_visible()
    expect(page.locator(".slip")).to_have_count(2)
    code = _code_of(page, anna)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    expect(page.locator(".slip").filter(has_text=anna.email)).to_contain_text("/login/code")
    _shots(page, "access-slips-nl")
    # "Afdrukken" opens the browser's print dialog; printed, only the slips remain.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.locator(".slip").first).to_be_visible()
    screenshot(page, "access-slips-print")
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Uitloggen").click()

    # The student: the sign-in page says where a code comes from, and takes it.
    page.goto("/login")
    expect(page.get_by_text("Vraag je docent om een inlogcode")).to_be_visible()
    page.get_by_role("link", name="Ik heb een inlogcode").click()
    expect(page.get_by_role("heading", name="Inloggen met een inlogcode")).to_be_visible()
    _shots(page, "access-code-login-nl")
    page.get_by_label("E-mailadres").fill(anna.email)
    page.get_by_label("Inlogcode", exact=True).fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Inloggen met code").click()
    expect(page.get_by_role("heading", name="Kies je wachtwoord")).to_be_visible()
    _shots(page, "access-choose-password-nl")
    page.goto("/student")  # nothing else opens before a password is chosen
    expect(page).to_have_url(re.compile(r"/login/password$"))
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("zonnebloem-fiets-42")
    page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("zonnebloem-fiets-43")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("niet gelijk")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("zonnebloem-fiets-42")
    page.get_by_label("Nieuw wachtwoord (nog een keer)").fill("zonnebloem-fiets-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", name="Mijn evaluaties")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Je wachtwoord is opgeslagen")
    page.get_by_role("button", name="Uitloggen").click()

    _sign_in(page, anna.email, "zonnebloem-fiets-42")
    expect(page.get_by_role("heading", name="Mijn evaluaties")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    # The code is spent.
    page.goto("/login/code")
    page.get_by_label("E-mailadres").fill(anna.email)
    page.get_by_label("Inlogcode", exact=True).fill(code)
    page.get_by_role("button", name="Inloggen met code").click()
    expect(page.get_by_role("alert")).to_contain_text("al gebruikt of verlopen")
    screenshot(page, "access-code-login-refused")


def test_the_same_pages_in_english(tab: Page, session: Session, school: School) -> None:
    klass = make_access_class(session, school)
    page = tab
    _sign_in(page, klass.teacher.email, PASSWORD)
    page.goto(f"/teacher/courses/{klass.course.id}/access")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Student access: Biologie 4H")).to_be_visible()
    _shots(page, "access-course-en")
    page.get_by_label("Also for students who already have a password").check()
    page.get_by_role("button", name="Print sign-in codes for this course").click()
    expect(page.locator(".slip")).to_have_count(3)
    _shots(page, "access-slips-en")
    # Switching language on the slips leads back to the course's access page, not to a 404.
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Toegang voor leerlingen: Biologie 4H")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto("/login/code")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Sign in with a code")).to_be_visible()
    _shots(page, "access-code-login-en")
    page.goto("/login")
    expect(page.get_by_text("Ask your teacher for a sign-in code")).to_be_visible()
    _shots(page, "access-login-en")


def test_an_admin_creates_a_teacher_without_a_password_and_sees_the_slip(
    tab: Page, session: Session, school: School
) -> None:
    admin = make_user(session, school, "admin", name="Ada Admin")
    page = tab
    _sign_in(page, admin.email, PASSWORD)
    page.goto("/admin/users")
    page.locator("#nu-name").fill("Tom Docent")
    page.locator("#nu-email").fill("tom@school.example")
    page.locator("#nu-role").select_option("teacher")
    page.get_by_role("button", name="Gebruiker aanmaken").click()
    expect(page.get_by_role("heading", name="Inlogcodes: Tom Docent")).to_be_visible()
    expect(page.locator(".slip")).to_have_count(1)
    expect(page.get_by_text("aangemaakt zonder wachtwoord")).to_be_visible()
    _shots(page, "access-admin-created-slip")
    page.get_by_role("link", name="Terug").click()
    row = page.get_by_role("row").filter(has_text="tom@school.example")
    expect(
        row.get_by_role("button", name="Nieuwe inlogcode afdrukken voor Tom Docent")
    ).to_be_visible()
    _shots(page, "access-admin-users")
    row.get_by_role("link", name="Wachtwoord instellen voor Tom Docent").click()
    expect(page.get_by_role("heading", name="Wachtwoord instellen: Tom Docent")).to_be_visible()
    _shots(page, "access-admin-password")


def test_an_invitation_link_fills_in_the_form_and_keeps_the_code_out_of_the_address(
    tab: Page, session: Session, school: School
) -> None:
    klass = make_access_class(session, school)
    anna = klass.fresh[0]
    issued = AccessService(session, as_principal(klass.teacher), get_settings()).issue_for_user(
        anna.id
    )
    code = issued.slips[0].code
    page = tab
    page.goto(f"/login/code?email={anna.email}#code={code}")
    expect(page.get_by_label("Inlogcode", exact=True)).to_have_value(code)
    expect(page.get_by_label("E-mailadres")).to_have_value(anna.email)
    assert "#" not in page.url  # the fragment is dropped from the address bar and history
    page.get_by_role("button", name="Inloggen met code").click()
    expect(page.get_by_role("heading", name="Kies je wachtwoord")).to_be_visible()
