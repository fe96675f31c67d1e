"""Teacher pages: courses, a course's teams and roster, adding and importing students."""

import codecs
import html
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from teameval.models import Course, Enrolment, Evaluation, School, Team, TeamMember, User
from tests.factories.course import make_course
from tests.factories.evaluation import make_class_with_team
from tests.factories.school import make_school, make_user


def test_a_student_gets_a_403_page_on_teacher_pages(
    client: TestClient, student: User, page_login: Callable[[User], str]
) -> None:
    page_login(student)
    response = client.get("/teacher")
    assert response.status_code == 403
    assert "Geen toegang" in response.text


def test_teacher_home_lists_courses_and_creates_one(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    klass = make_class_with_team(session, school)
    page_login(teacher)  # a colleague: "Je cursussen" holds only their own
    home = client.get("/teacher")
    assert klass.course.name not in home.text and "Je geeft nog geen cursus" in home.text
    assert client.get(f"/teacher/courses/{klass.course.id}").status_code == 404
    assert client.get(f"/teacher/evaluations/{klass.evaluation.id}").status_code == 404
    teacher = klass.teacher
    csrf = page_login(teacher)
    home = client.get("/teacher")
    assert home.status_code == 200
    assert klass.course.name in home.text and klass.evaluation.title in home.text

    created = client.post(
        "/teacher/courses",
        data={"csrf_token": csrf, "name": "Biologie 4H", "code": "BIO4"},
        follow_redirects=False,
    )
    assert created.status_code == 303
    course = session.query(Course).filter_by(name="Biologie 4H").one()
    assert created.headers["location"] == f"/teacher/courses/{course.id}"
    assert course.teacher_id == teacher.id


def test_course_of_another_school_is_not_found(
    client: TestClient, session: Session, teacher: User, page_login: Callable[[User], str]
) -> None:
    other = make_course(session, make_school(session), name="Geheim vak")
    page_login(teacher)
    page = client.get(f"/teacher/courses/{other.id}")
    assert page.status_code == 404
    assert "Geheim vak" not in page.text


def test_add_a_student_and_form_a_team(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    course = make_course(session, school, name="Project")
    existing = make_user(session, school, "student", name="Bestaande Leerling")
    csrf = page_login(teacher)
    url = f"/teacher/courses/{course.id}"
    for name, email in (("Nieuwe Leerling", "nieuw@s.example"), ("x", existing.email)):
        response = client.post(
            f"{url}/students",
            data={"csrf_token": csrf, "name": name, "email": email},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
    roster = {e.student_id for e in session.query(Enrolment).filter_by(course_id=course.id)}
    newcomer = session.query(User).filter_by(email="nieuw@s.example").one()
    assert roster == {newcomer.id, existing.id}

    page = client.get(url)
    assert "Nieuwe Leerling" in page.text and "Bestaande Leerling" in page.text
    response = client.post(
        f"{url}/teams",
        data={"csrf_token": csrf, "name": "Team Rood", "member_ids": [newcomer.id, existing.id]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.query(Team).filter_by(course_id=course.id, name="Team Rood").one()


def test_a_bad_email_keeps_the_typed_name(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    course = make_course(session, school)
    csrf = page_login(teacher)
    response = client.post(
        f"/teacher/courses/{course.id}/students",
        data={"csrf_token": csrf, "name": "Typ Ik Niet Opnieuw", "email": "geen-adres"},
    )
    assert response.status_code == 422
    assert "De invoer klopt niet" in response.text
    assert 'value="Typ Ik Niet Opnieuw"' in response.text


def import_csv(client: TestClient, csrf: str, course: Course, csv: str, confirm: bool) -> Response:
    """Step 1 (upload, preview) or step 2 (the previewed text, confirmed) of the page's import."""
    url = f"/teacher/courses/{course.id}/import"
    if not confirm:
        files = {"file": ("klas.csv", csv.encode(), "text/csv")}
        preview: Response = client.post(url, data={"csrf_token": csrf}, files=files)
        return preview
    data = {"csrf_token": csrf, "csv_text": csv, "confirm": "yes"}
    applied: Response = client.post(url, data=data, follow_redirects=False)
    return applied


def test_csv_import_previews_errors_then_imports_and_enrols(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    course = make_course(session, school)
    csrf = page_login(teacher)
    csv = "email,name,class_name\nanna@s.example,Anna,4H\nkapot,Bram,4H\ncas@s.example,,4H\n"
    preview = import_csv(client, csrf, course, csv, confirm=False)
    assert preview.status_code == 200
    assert "1 regel kan worden geïmporteerd. 2 regels hebben een fout." in preview.text
    # Every line in file order over the full width, the bad ones with their message.
    rows = re.findall(
        r'<tr class="row-error"><td class="num">(\d+)</td><td colspan="5">(.*?)</td>', preview.text
    )
    assert rows == [
        ("3", "<strong>Fout:</strong> &#39;kapot&#39; is geen geldig e-mailadres."),
        ("4", "<strong>Fout:</strong> De naam ontbreekt."),
    ]
    assert preview.text.index("anna@s.example") < preview.text.index('<tr class="row-error">')
    assert 'name="confirm"' not in preview.text  # nothing to confirm while the file has errors
    assert session.query(User).filter_by(email="anna@s.example").first() is None

    # All or nothing, as the course API: confirming a file with errors imports nobody.
    refused = import_csv(client, csrf, course, csv, confirm=True)
    assert refused.status_code == 422
    assert "Er is niets geïmporteerd: 2 regels bevatten fouten." in refused.text
    assert session.query(User).filter_by(email="anna@s.example").first() is None

    fixed = "email,name,class_name\nanna@s.example,Anna,4H\n"
    applied = import_csv(client, csrf, course, fixed, confirm=True)
    assert applied.status_code == 200
    assert "1 leerling toegevoegd</strong>" in applied.text
    anna = session.query(User).filter_by(email="anna@s.example").one()
    assert anna.class_name == "4H"
    assert session.query(Enrolment).filter_by(course_id=course.id, student_id=anna.id).one()


def test_csv_import_on_the_page_fills_teams_from_the_team_column(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    """The page imports as the course API does: the `team` column creates and fills teams."""
    course = make_course(session, school)
    csrf = page_login(teacher)
    csv = "email;name;class_name;team\nanna@s.example;Anna;4H;Rood\nbram@s.example;Bram;4H;Rood\n"
    preview = import_csv(client, csrf, course, csv, confirm=False)
    assert preview.status_code == 200
    assert "Nieuwe teams: Rood" in preview.text
    applied = import_csv(client, csrf, course, csv, confirm=True)
    assert "2 leerlingen toegevoegd, 1 team aangemaakt</strong>" in applied.text
    team = session.query(Team).filter_by(course_id=course.id, name="Rood").one()
    assert session.query(TeamMember).filter_by(team_id=team.id).count() == 2


def test_create_an_evaluation_from_the_course_page(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    course = make_course(session, school)
    csrf = page_login(teacher)
    response = client.post(
        f"/teacher/courses/{course.id}/evaluations",
        data={
            "csrf_token": csrf,
            "title": "Eindproject",
            "criteria": "Samenwerking: Werkt samen\nInzet\n",
            "scale_min": "1",
            "scale_max": "5",
            "include_self": "on",
            "close_at_deadline": "on",
            "deadline": "2099-06-01T17:00",
            "summary_release": "teacher_review",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    evaluation = session.query(Evaluation).filter_by(title="Eindproject").one()
    assert evaluation.summary_release == "teacher_review"
    assert evaluation.include_self is True and evaluation.close_at_deadline is True
    assert evaluation.deadline is not None and evaluation.deadline.hour == 15  # 17:00 CEST

    bad = client.post(
        f"/teacher/courses/{course.id}/evaluations",
        data={"csrf_token": csrf, "title": "Zonder criteria", "criteria": ""},
    )
    assert bad.status_code == 422
    assert "Geef minstens één beoordelingscriterium." in bad.text
    assert 'value="Zonder criteria"' in bad.text


# The file as Dutch Excel saves it ("CSV (gescheiden door lijstscheidingsteken)"): `;`,
# Windows-1252, Dutch headers, a team column. Excel's "CSV UTF-8" adds a BOM.
EXCEL_ROWS = [
    "E-mailadres;Naam;Klas;Team",
    *[
        f"leerling{n}@s.example;{name} {n};4H;Team {'ABC'[n % 3]}"
        for n, name in enumerate(["Zoë", "Anaïs", "Thijs", "Noël"] * 3, start=1)
    ],
]


@pytest.mark.parametrize(
    ("encoded", "read_as"),
    [
        ("\r\n".join(EXCEL_ROWS).encode("cp1252"), "Windows-1252"),
        (codecs.BOM_UTF8 + "\r\n".join(EXCEL_ROWS).encode(), "UTF-8"),
    ],
)
def test_a_dutch_excel_file_is_previewed_in_full_and_imported(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
    encoded: bytes,
    read_as: str,
) -> None:
    course = make_course(session, school)
    csrf = page_login(teacher)
    url = f"/teacher/courses/{course.id}/import"
    files = {"file": ("klas 4H.csv", encoded, "text/csv")}
    preview = client.post(url, data={"csrf_token": csrf}, files=files)
    assert preview.status_code == 200
    assert "12 regels kunnen worden geïmporteerd." in preview.text
    assert f"gelezen als {read_as}" in preview.text
    assert preview.text.count('<span class="badge badge-info">Nieuw</span>') == 12
    assert "Zoë 1" in preview.text and "Anaïs 2" in preview.text  # accents read right
    assert "Nieuwe teams: Team A, Team B, Team C" in preview.text
    assert session.query(User).filter_by(email="leerling1@s.example").first() is None

    text = re.search(r'name="csv_text" value="([^"]*)"', preview.text)
    assert text is not None
    data = {"csrf_token": csrf, "csv_text": html.unescape(text.group(1)), "confirm": "yes"}
    applied = client.post(url, data=data)
    assert applied.status_code == 200
    assert "12 leerlingen toegevoegd, 3 teams aangemaakt" in applied.text
    assert session.query(User).filter_by(email="leerling1@s.example").one().name == "Zoë 1"
    teams = session.query(Team).filter_by(course_id=course.id).all()
    assert sorted(t.name for t in teams) == ["Team A", "Team B", "Team C"]
    assert session.query(TeamMember).filter_by(course_id=course.id).count() == 12
