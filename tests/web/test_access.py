"""The access pages: the sign-in page's hint, signing in with a code and choosing a password,
a course's access page, the printable slips, and an admin creating a user without a password."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.access.conftest import Mailbox
from tests.factories.access import AccessClass as Class
from tests.factories.school import make_school, make_user
from tests.web.conftest import csrf_of, login_form

CODE_RE = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")
HTML = {"Accept": "text/html"}


def test_the_sign_in_page_tells_a_student_without_a_password_to_ask_for_a_code(
    client: TestClient,
) -> None:
    dutch = client.get("/login")
    assert "Vraag je docent om een inlogcode" in dutch.text
    assert 'href="/login/code"' in dutch.text
    client.cookies.set("teameval_lang", "en")
    english = client.get("/login")
    assert "Ask your teacher for a sign-in code" in english.text
    assert "I have a sign-in code" in english.text


def test_slips_show_each_code_once_with_a_print_button(
    client: TestClient, klass: Class, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(klass.teacher)
    access = client.get(f"/teacher/courses/{klass.course.id}/access")
    assert access.status_code == 200
    assert "Anna" in access.text and "Nog niet" in access.text and "Gekozen" in access.text
    assert "E-mail is op deze server niet ingesteld" in access.text
    course = client.get(f"/teacher/courses/{klass.course.id}")
    assert f'href="/teacher/courses/{klass.course.id}/access"' in course.text

    no_token = client.post(f"/teacher/courses/{klass.course.id}/sign-in-codes", headers=HTML)
    assert no_token.status_code == 403
    slips = client.post(
        f"/teacher/courses/{klass.course.id}/sign-in-codes", data={"csrf_token": csrf}
    )
    assert slips.status_code == 200
    assert slips.headers["cache-control"] == "no-store"
    codes = CODE_RE.findall(slips.text)
    assert len(codes) == 2
    assert "data-print" in slips.text
    assert "Anna" in slips.text and klass.fresh[0].email in slips.text
    assert "/login/code" in slips.text
    assert "1 leerling met een wachtwoord overgeslagen" in slips.text

    one = client.post(
        f"/teacher/users/{klass.fresh[0].id}/sign-in-code",
        data={"csrf_token": csrf, "course_id": str(klass.course.id)},
    )
    assert len(CODE_RE.findall(one.text)) == 1
    assert f'href="/teacher/courses/{klass.course.id}/access"' in one.text


def test_a_teacher_not_on_the_course_gets_404(
    client: TestClient,
    session: Session,
    school: School,
    klass: Class,
    page_login: Callable[[User], str],
) -> None:
    colleague = make_user(session, school, "teacher")
    csrf = page_login(colleague)
    assert client.get(f"/teacher/courses/{klass.course.id}/access").status_code == 404
    response = client.post(
        f"/teacher/users/{klass.fresh[0].id}/sign-in-code", data={"csrf_token": csrf}
    )
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


def test_a_student_signs_in_with_a_code_and_chooses_a_password(
    client: TestClient, klass: Class, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(klass.teacher)
    slip = client.post(
        f"/teacher/users/{klass.fresh[0].id}/sign-in-code", data={"csrf_token": csrf}
    )
    (code,) = CODE_RE.findall(slip.text)
    client.cookies.clear()
    anna = klass.fresh[0]

    prefilled = client.get(f"/login/code?email={anna.email}")
    assert f'value="{anna.email}"' in prefilled.text
    assert "/static/js/code-login.js" in prefilled.text
    # Login CSRF: another site posting the code (no token of this browser) signs nobody in
    # and leaves the code unused.
    forged = client.post("/login/code", data={"email": anna.email, "code": code})
    assert forged.status_code == 403
    assert "teameval_session" not in forged.headers.get("set-cookie", "")
    wrong_code = {"email": anna.email, "code": "AAAAA-AAAAA"}
    wrong = client.post("/login/code", data=login_form(client, wrong_code))
    assert wrong.status_code == 401
    assert "inlogcode klopt niet" in wrong.text
    signed = client.post(
        "/login/code",
        data=login_form(client, {"email": anna.email, "code": code.lower()}),
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/login/password"
    # Every page leads to choosing a password first.
    detour = client.get("/student", follow_redirects=False)
    assert detour.headers["location"] == "/login/password"
    form = client.get("/login/password")
    assert "Kies je wachtwoord" in form.text
    assert 'href="/student"' not in form.text  # no menu leads away before a password is chosen
    token = csrf_of(form.text)

    short = client.post(
        "/login/password",
        data={"csrf_token": token, "password": "kort", "password_confirmation": "kort"},
    )
    assert short.status_code == 422 and "minstens 10 tekens" in short.text
    different = client.post(
        "/login/password",
        data={
            "csrf_token": token,
            "password": "mijn-eigen-wachtwoord",
            "password_confirmation": "mijn-eigen-wachtwoordje",
        },
    )
    assert different.status_code == 422 and "niet gelijk" in different.text
    saved = client.post(
        "/login/password",
        data={
            "csrf_token": token,
            "password": "mijn-eigen-wachtwoord",
            "password_confirmation": "mijn-eigen-wachtwoord",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/student"
    home = client.get("/student")
    assert "Je wachtwoord is opgeslagen" in home.text

    client.cookies.clear()
    again = client.post("/login/code", data=login_form(client, {"email": anna.email, "code": code}))
    assert again.status_code == 401
    by_password = client.post(
        "/login",
        data=login_form(client, {"email": anna.email, "password": "mijn-eigen-wachtwoord"}),
        follow_redirects=False,
    )
    assert by_password.status_code == 303 and by_password.headers["location"] == "/student"


def test_an_admin_creating_a_teacher_without_a_password_sees_the_slip(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    admin = make_user(session, school, "admin")
    csrf = page_login(admin)
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "name": "Nieuwe Docent",
            "email": "nieuw@school.example",
            "role": "teacher",
        },
    )
    assert response.status_code == 200
    assert "aangemaakt zonder wachtwoord" in response.text
    assert len(CODE_RE.findall(response.text)) == 1
    with_password = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "name": "Ander",
            "email": "ander@school.example",
            "role": "teacher",
            "password": "een-lang-wachtwoord",
        },
        follow_redirects=False,
    )
    assert with_password.status_code == 303


def test_an_admin_gives_a_code_or_sets_a_password_from_the_users_page(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    admin = make_user(session, school, "admin")
    teacher = make_user(session, school, "teacher", name="Tom Docent", password_hash=None)
    csrf = page_login(admin)
    users = client.get("/admin/users")
    assert f'action="/teacher/users/{teacher.id}/sign-in-code"' in users.text
    assert f'href="/admin/users/{teacher.id}/password"' in users.text

    slip = client.post(f"/teacher/users/{teacher.id}/sign-in-code", data={"csrf_token": csrf})
    assert len(CODE_RE.findall(slip.text)) == 1
    assert 'href="/admin/users"' in slip.text

    form = client.get(f"/admin/users/{teacher.id}/password")
    assert "Wachtwoord instellen: Tom Docent" in form.text
    assert "Geef een inlogcode" in form.text
    short = client.post(
        f"/admin/users/{teacher.id}/password", data={"csrf_token": csrf, "password": "kort"}
    )
    assert short.status_code == 422 and "Tom Docent" in short.text
    saved = client.post(
        f"/admin/users/{teacher.id}/password",
        data={"csrf_token": csrf, "password": "een-lang-wachtwoord"},
        follow_redirects=False,
    )
    assert saved.headers["location"] == "/admin/users"
    assert "overal uitgelogd" in client.get(saved.headers["location"]).text
    client.cookies.clear()
    signed = client.post(
        "/login",
        data=login_form(client, {"email": teacher.email, "password": "een-lang-wachtwoord"}),
        follow_redirects=False,
    )
    assert signed.status_code == 303


def test_another_schools_user_has_no_password_page(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    stranger = make_user(session, make_school(session), "student")
    csrf = page_login(make_user(session, school, "admin"))
    assert client.get(f"/admin/users/{stranger.id}/password").status_code == 404
    posted = client.post(
        f"/admin/users/{stranger.id}/password",
        data={"csrf_token": csrf, "password": "een-lang-wachtwoord"},
    )
    assert posted.status_code == 404
    code = client.post(f"/teacher/users/{stranger.id}/sign-in-code", data={"csrf_token": csrf})
    assert code.status_code == 404


def test_invitations_from_the_access_page_say_what_went_out(
    client: TestClient, klass: Class, mailbox: Mailbox, page_login: Callable[[User], str]
) -> None:
    anna, bram = klass.fresh
    mailbox.refuse.add(bram.email)
    csrf = page_login(klass.teacher)
    access = client.get(f"/teacher/courses/{klass.course.id}/access")
    assert "Uitnodigingen e-mailen aan deze cursus" in access.text
    assert "niet ingesteld" not in access.text
    sent = client.post(f"/teacher/courses/{klass.course.id}/invitations", data={"csrf_token": csrf})
    assert sent.status_code == 200
    assert "1 e-mail verstuurd." in sent.text
    assert bram.email in sent.text  # refused by the server: print a code for him
    (mail,) = mailbox.to(anna.email)
    assert "#code=" in mail.get_content()
    one = client.post(
        f"/teacher/users/{anna.id}/invitation",
        data={"csrf_token": csrf, "course_id": str(klass.course.id)},
    )
    assert "1 e-mail verstuurd." in one.text
    assert len(mailbox.to(anna.email)) == 2


def test_without_smtp_the_invitation_post_explains_and_offers_the_slips(
    client: TestClient, klass: Class, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(klass.teacher)
    response = client.post(
        f"/teacher/courses/{klass.course.id}/invitations", data={"csrf_token": csrf}
    )
    assert response.status_code == 422
    assert "E-mail is op deze server niet ingesteld" in response.text
    assert "Inlogcodes afdrukken voor deze cursus" in response.text
