"""The queue page and the users page (admins only): list, create, import."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from teameval.bodylimit import UPLOAD_BODY_MAX
from teameval.llm.breaker import BreakerSettings, CircuitBreaker
from teameval.llm.errors import LLMConfigError, LLMTimeout
from teameval.models import School, SummaryGenerationJob, User
from teameval.queue.connection import get_redis
from teameval.queue.upkeep import ReconcilerLock
from tests.factories.results import make_scenario
from tests.factories.school import PASSWORD, make_school, make_user
from tests.web.conftest import login_form


def test_queue_page_shows_counts_and_workers(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram"]})
    for n, status in enumerate(("queued", "queued", "failed")):
        session.add(
            SummaryGenerationJob(
                school_id=school.id,
                job_id=f"j{n}",
                evaluation_id=scenario.evaluation.id,
                student_id=scenario.students["Anna" if n != 1 else "Bram"].id,
                status=status,
            )
        )
    session.commit()
    page_login(scenario.teacher)  # the operators' page is not a teacher's, nor in their menu
    assert 'href="/teacher/queue"' not in client.get("/teacher").text
    assert client.get("/teacher/queue").status_code == 403
    page_login(make_user(session, school, "admin"))
    assert 'href="/teacher/queue"' in client.get("/teacher").text
    page = client.get("/teacher/queue")
    assert page.status_code == 200
    assert 'data-queue-count="queued">2<' in page.text
    assert 'data-queue-count="failed">1<' in page.text
    assert 'id="workers-alive">0<' in page.text
    assert "Er draait geen enkele worker" in page.text


def test_users_page_is_for_admins_only(
    client: TestClient, teacher: User, page_login: Callable[[User], str]
) -> None:
    page_login(teacher)
    assert client.get("/admin/users").status_code == 403


def test_admin_lists_filters_and_creates_users(
    client: TestClient,
    session: Session,
    school: School,
    admin: User,
    page_login: Callable[[User], str],
) -> None:
    make_user(session, school, "student", name="Zoë <b>Zoekbaar</b>")
    make_user(session, make_school(session), "student", name="Andere School Leerling")
    csrf = page_login(admin)
    page = client.get("/admin/users", params={"q": "zoek"})
    assert page.status_code == 200
    assert "Zoë &lt;b&gt;Zoekbaar&lt;/b&gt;" in page.text
    assert "Andere School Leerling" not in client.get("/admin/users").text

    created = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "name": "Nieuwe Docent",
            "email": "docent@s.example",
            "role": "teacher",
            "password": "lang-genoeg-wachtwoord",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    assert session.query(User).filter_by(email="docent@s.example").one().role == "teacher"

    duplicate = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf,
            "name": "Nog Een",
            "email": "docent@s.example",
            "role": "teacher",
            "password": "lang-genoeg-wachtwoord",
        },
    )
    assert duplicate.status_code == 409 or duplicate.status_code == 422
    assert "Er is al een gebruiker met e-mailadres docent@s.example." in duplicate.text
    assert 'value="Nog Een"' in duplicate.text
    assert "lang-genoeg-wachtwoord" not in duplicate.text


def test_admin_imports_students_and_sees_bad_lines(
    client: TestClient, session: Session, admin: User, page_login: Callable[[User], str]
) -> None:
    csrf = page_login(admin)
    csv = "email,name\nlisa@s.example,Lisa\nfout,Tom\n"

    def upload(text: str) -> Response:
        response: Response = client.post(
            "/admin/users/import",
            data={"csrf_token": csrf},
            files={"file": ("leerlingen.csv", text.encode(), "text/csv")},
        )
        return response

    page = upload(csv)
    # All or nothing, as the API and the course page: a bad line imports nobody.
    assert page.status_code == 422
    assert "Er is niets geïmporteerd: 1 regel bevat een fout." in page.text
    assert "1 regel heeft een fout." in page.text
    assert "Regel 3: &#39;fout&#39; is geen geldig e-mailadres." in page.text
    assert session.query(User).filter_by(email="lisa@s.example").first() is None

    fixed = upload("email,name\nlisa@s.example,Lisa\n")
    assert fixed.status_code == 200
    assert "1 leerling toegevoegd, 0 leerlingen bijgewerkt." in fixed.text
    assert session.query(User).filter_by(email="lisa@s.example").one().role == "student"


def test_admin_deactivates_and_reactivates_a_user_on_the_page(
    client: TestClient,
    session: Session,
    school: School,
    admin: User,
    page_login: Callable[[User], str],
) -> None:
    student = make_user(session, school, "student", name="Sam Stopt")
    with TestClient(client.app) as student_browser:
        signed_in = student_browser.post(
            "/login",
            data=login_form(student_browser, {"email": student.email, "password": PASSWORD}),
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        assert student_browser.get("/student", follow_redirects=False).status_code == 200
        csrf = page_login(admin)
        off = client.post(f"/admin/users/{student.id}/deactivate", data={"csrf_token": csrf})
        assert off.status_code == 200
        assert "Gedeactiveerd: deze persoon is afgemeld" in off.text
        assert f'action="/admin/users/{student.id}/reactivate"' in off.text
        assert student_browser.get("/student", follow_redirects=False).status_code == 303
        forged = client.post(f"/admin/users/{student.id}/reactivate", data={"csrf_token": "x"})
        assert forged.status_code == 403
        on = client.post(f"/admin/users/{student.id}/reactivate", data={"csrf_token": csrf})
        assert "Geheractiveerd" in on.text
        # The browser's old cookie stays signed out; a new sign-in works.
        assert student_browser.get("/student", follow_redirects=False).status_code == 303
        again = student_browser.post(
            "/login",
            data=login_form(student_browser, {"email": student.email, "password": PASSWORD}),
            follow_redirects=False,
        )
        assert again.status_code == 303
    session.refresh(student)
    assert student.is_active
    assert f'action="/admin/users/{admin.id}/' not in client.get("/admin/users").text


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_page_upload_over_the_limit_says_so_in_dutch(
    client: TestClient, admin: User, page_login: Callable[[User], str], accept: str
) -> None:
    csrf = page_login(admin)
    answer = client.post(
        "/admin/users/import",
        data={"csrf_token": csrf},
        files={"file": ("groot.csv", b"x" * (UPLOAD_BODY_MAX + 1), "text/csv")},
        headers={"Accept": accept},
    )
    assert answer.status_code == 413
    assert "Het verzoek is te groot (hoogstens 2 MB)." in answer.text


def test_queue_page_readyz_and_metrics_say_whether_a_reconciler_runs(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    """Issue 17 item 10: the reconciler's liveness (the lock it holds) is shown everywhere."""
    page_login(make_user(session, school, "admin"))
    page = client.get("/teacher/queue").text
    assert 'id="reconciler" data-alive="0"' in page
    assert "Het herstel van vastgelopen taken draait niet" in page
    assert client.get("/readyz").json()["reconciler"] == "missing"
    assert "teameval_reconciler_alive 0.0" in client.get("/metrics").text

    lock = ReconcilerLock(5.0)
    assert lock.hold()
    lock.passed()
    page = client.get("/teacher/queue").text
    assert 'id="reconciler" data-alive="1"' in page
    assert "Herstel van vastgelopen taken: actief (laatste ronde 0 s geleden)" in page
    ready = client.get("/readyz")
    assert (ready.status_code, ready.json()["reconciler"]) == (200, "ok")
    metrics = client.get("/metrics").text
    assert "teameval_reconciler_alive 1.0" in metrics
    assert "teameval_reconciler_last_pass_age_seconds" in metrics
    stats = client.get("/api/v1/queue/stats").json()
    assert stats["reconciler_alive"] is True


@pytest.mark.parametrize(
    ("reason", "text"),
    [("timeout", "De AI is niet bereikbaar"), ("config", "TEAMEVAL_LLM_RESPONSE_FORMAT")],
)
def test_queue_page_shows_the_llm_circuit_breaker(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
    reason: str,
    text: str,
) -> None:
    page_login(make_user(session, school, "admin"))
    page = client.get("/teacher/queue")
    assert 'data-llm-available="true"' in page.text and text not in page.text
    breaker = CircuitBreaker(get_redis(), "ollama x y", BreakerSettings(failures=1))
    breaker.failed(LLMConfigError("refused") if reason == "config" else LLMTimeout("timed out"))
    page = client.get("/teacher/queue")
    assert 'data-llm-available="false"' in page.text and text in page.text
