"""The teacher's editing pages: co-teachers, teams (rename, move, delete), a draft's settings,
per-student extensions, late team members and the deadline-passed state, in nl and en."""

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.models import Criterion, DeadlineExtension, Evaluation, School, Team, User, utcnow
from teameval.web.forms import local_value
from tests.factories.course import enrol, make_team
from tests.factories.evaluation import make_class_with_team, make_evaluation
from tests.factories.school import make_user

PageLogin = Callable[[User], str]


def test_a_teacher_adds_a_colleague_to_the_course(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    colleague = make_user(session, school, "teacher", name="Juf Jansen")
    csrf = page_login(klass.teacher)
    page = client.get(f"/teacher/courses/{klass.course.id}")
    assert "Docenten" in page.text and "Juf Jansen" in page.text  # offered in the list
    empty = client.post(f"/teacher/courses/{klass.course.id}/teachers", data={"csrf_token": csrf})
    assert empty.status_code == 422 and "Kies een docent" in empty.text
    added = client.post(
        f"/teacher/courses/{klass.course.id}/teachers",
        data={"csrf_token": csrf, "teacher_id": str(colleague.id)},
    )
    assert "De docent is toegevoegd" in added.text and "Mededocent" in added.text
    page_login(colleague)
    assert klass.course.name in client.get("/teacher").text
    assert client.get(f"/teacher/evaluations/{klass.evaluation.id}").status_code == 200


def test_rename_move_and_delete_teams_on_the_course_page(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    empty = make_team(session, klass.course, [], name="Team Leeg")
    empty_id = empty.id
    csrf = page_login(klass.teacher)
    course = f"/teacher/courses/{klass.course.id}"
    page = client.get(course)
    assert "verandert lopende evaluaties" in page.text  # told before any change
    renamed = client.post(
        f"{course}/teams/{klass.team.id}/rename", data={"csrf_token": csrf, "name": "Rood"}
    )
    assert renamed.status_code == 200 and "<h3>Rood</h3>" in renamed.text
    taken = client.post(
        f"{course}/teams/{empty.id}/rename", data={"csrf_token": csrf, "name": "Rood"}
    )
    assert taken.status_code == 422 and "Rood" in taken.text
    student = klass.students[0]
    moved = client.post(
        f"{course}/students/{student.id}/team",
        data={"csrf_token": csrf, "team_id": str(empty.id)},
    )
    assert "Lopende evaluaties zijn niet veranderd" in moved.text
    refused = client.post(f"{course}/teams/{empty.id}/delete", data={"csrf_token": csrf})
    assert refused.status_code == 422 and "heeft nog leden" in refused.text
    client.post(f"{course}/students/{student.id}/team", data={"csrf_token": csrf, "team_id": ""})
    gone = client.post(f"{course}/teams/{empty.id}/delete", data={"csrf_token": csrf})
    assert gone.status_code == 200 and "Verwijderd." in gone.text
    session.expire_all()
    assert session.get(Team, empty_id) is None


def test_edit_a_draft_and_refuse_bad_input_without_losing_it(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    draft = make_evaluation(session, klass.course, title="Concept")
    csrf = page_login(klass.teacher)
    url = f"/teacher/evaluations/{draft.id}"
    assert "Evaluatie bewerken" in client.get(url).text
    bad = client.post(
        f"{url}/edit",
        data={"csrf_token": csrf, "title": "Nieuwe titel", "criteria": "Inzet\ninzet"},
    )
    assert bad.status_code == 422 and "Nieuwe titel" in bad.text and "inzet" in bad.text.lower()
    saved = client.post(
        f"{url}/edit",
        data={
            "csrf_token": csrf,
            "title": "Nieuwe titel",
            "criteria": "Inzet: doet zijn deel\nPlanning",
            "deadline": "2099-06-01T17:00",
            "close_at_deadline": "on",
        },
    )
    assert saved.status_code == 200, saved.text
    session.expire_all()
    stored = session.get(Evaluation, draft.id)
    assert stored is not None and stored.title == "Nieuwe titel" and stored.close_at_deadline
    names = session.scalars(
        select(Criterion.name)
        .where(Criterion.evaluation_id == draft.id)
        .order_by(Criterion.position)
    ).all()
    assert names == ["Inzet", "Planning"]
    deleted = client.post(f"{url}/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert deleted.headers["location"] == f"/teacher/courses/{klass.course.id}"


def test_extension_and_deadline_passed_on_the_pages(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    klass.evaluation.deadline = utcnow() - timedelta(minutes=5)
    session.commit()
    late, other, _mate = klass.students
    csrf = page_login(klass.teacher)
    url = f"/teacher/evaluations/{klass.evaluation.id}"
    page = client.get(url)
    assert "Deadline verstreken" in page.text and "Evaluatie sluiten" in page.text
    assert "Deadline verstreken" in client.get(f"/teacher/courses/{klass.course.id}").text
    renamed = client.post(  # the deadline already passed is sent back as it was: it stays
        f"{url}/edit",
        data={
            "csrf_token": csrf,
            "title": "Na de deadline",
            "deadline": local_value(klass.evaluation.deadline),
        },
    )
    assert renamed.status_code == 200 and "Na de deadline" in renamed.text
    refused = client.post(
        f"{url}/extensions",
        data={"csrf_token": csrf, "student_id": str(late.id), "deadline": "2001-01-01T10:00"},
    )
    assert refused.status_code == 422 and "later zijn dan de deadline" in refused.text
    assert 'value="2001-01-01T10:00"' in refused.text  # what was typed stays
    given = client.post(
        f"{url}/extensions",
        data={"csrf_token": csrf, "student_id": str(late.id), "deadline": "2099-01-01T10:00"},
    )
    assert given.status_code == 200 and "De verlenging is opgeslagen" in given.text
    assert session.scalars(select(DeadlineExtension)).one().student_id == late.id

    page_login(other)
    home = client.get("/student")
    assert "Deadline verstreken" in home.text and "Invullen" not in home.text
    page_login(late)
    home = client.get("/student")
    assert "Invullen" in home.text and "Jouw deadline (verlengd)" in home.text

    client.post("/settings/language", data={"csrf_token": page_login(other), "language": "en"})
    assert "Deadline passed" in client.get("/student").text


def test_late_team_members_are_offered_on_the_evaluation_page(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    newcomer = make_user(session, school, "student", name="Mila Laat")
    enrol(session, klass.course, [newcomer])
    csrf = page_login(klass.teacher)
    client.post(
        f"/teacher/courses/{klass.course.id}/students/{newcomer.id}/team",
        data={"csrf_token": csrf, "team_id": str(klass.team.id)},
    )
    url = f"/teacher/evaluations/{klass.evaluation.id}"
    page = client.get(url)
    assert "Mila Laat" in page.text and "doet nog niet mee" in page.text
    added = client.post(f"{url}/late-members", data={"csrf_token": csrf})
    assert added.status_code == 200 and "doet nog niet mee" not in added.text


def test_removing_a_student_on_the_course_page_says_what_happens(
    client: TestClient, session: Session, school: School, page_login: PageLogin
) -> None:
    klass = make_class_with_team(session, school)
    me = klass.students[0]
    csrf = page_login(klass.teacher)
    course = f"/teacher/courses/{klass.course.id}"
    page = client.get(course)
    assert "Leerling uit de cursus halen" in page.text
    assert "blijven bewaard" in page.text  # told before, in the hint and the confirmation
    form = {"csrf_token": csrf, "student_id": str(me.id)}
    refused = client.post(f"{course}/students/remove", data=form)
    assert refused.status_code == 422
    assert f"{me.name} doet mee aan de open evaluatie &#39;{klass.evaluation.title}&#39;" in (
        refused.text
    )

    evaluation = session.get(Evaluation, klass.evaluation.id)
    assert evaluation is not None
    evaluation.status = "closed"
    session.commit()
    removed = client.post(f"{course}/students/remove", data=form)
    assert removed.status_code == 200 and "uit de cursus gehaald" in removed.text
    assert client.post(f"{course}/students/remove", data=form).status_code == 404

    other_csrf = page_login(make_user(session, school, "teacher"))
    other = {"csrf_token": other_csrf, "student_id": str(klass.students[1].id)}
    assert client.post(f"{course}/students/remove", data=other).status_code == 404
