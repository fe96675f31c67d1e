"""Teacher pages of an evaluation: open and close, progress, generate all, one student."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval import ratelimit
from teameval.models import Evaluation, FeedbackSummary, School, SummaryGenerationJob, User, utcnow
from teameval.ratelimit import ActionLimits, Limit
from tests.factories.evaluation import make_class_with_team
from tests.factories.results import make_scenario, write_review


def test_open_then_close_queues_the_summaries(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    klass = make_class_with_team(session, school, team_size=2, status="draft")
    csrf = page_login(klass.teacher)
    url = f"/teacher/evaluations/{klass.evaluation.id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Evaluatie openen" in page.text
    # A draft has no summaries to count: no "0 van 0 klaar (100%)", a sentence instead.
    assert "0 van 0" not in page.text and "100%" not in page.text
    assert "zodra de evaluatie gesloten is" in page.text

    opened = client.post(f"{url}/open", data={"csrf_token": csrf}, follow_redirects=False)
    assert opened.status_code == 303
    page = client.get(opened.headers["location"])
    assert "De evaluatie is geopend" in page.text
    assert "Evaluatie sluiten" in page.text
    assert klass.team.name in page.text and "0 / 4" in page.text

    me, mate = klass.students
    a, b = klass.criteria
    client.cookies.clear()
    student_csrf = _login_as(client, me)
    client.post(
        f"/student/evaluations/{klass.evaluation.id}/reviews",
        data={
            "csrf_token": student_csrf,
            "card": str(mate.id),
            f"score-{mate.id}-{a.id}": "4",
            f"score-{mate.id}-{b.id}": "3",
            f"comment-{mate.id}-{a.id}": "Goed gedaan",
            "action": f"submit:{mate.id}",
        },
    )
    client.cookies.clear()
    csrf = _login_as(client, klass.teacher)
    closed = client.post(f"{url}/close", data={"csrf_token": csrf}, follow_redirects=False)
    assert closed.status_code == 303
    session.expire_all()
    assert session.get(Evaluation, klass.evaluation.id).status == "closed"  # type: ignore[union-attr]
    jobs = session.query(SummaryGenerationJob).filter_by(evaluation_id=klass.evaluation.id).all()
    assert [j.student_id for j in jobs] == [mate.id]
    page = client.get(closed.headers["location"])
    assert 'data-active="1"' in page.text
    assert "0 van 1 klaar (0%)" in page.text
    assert "Genereer alle samenvattingen" in page.text
    progress_url = f"/teacher/evaluations/{klass.evaluation.id}/summaries/progress"
    assert f'data-progress-url="{progress_url}"' in page.text


def _login_as(client: TestClient, user: User) -> str:
    from tests.factories.school import PASSWORD
    from tests.web.conftest import csrf_of, login_form

    client.post("/login", data=login_form(client, {"email": user.email, "password": PASSWORD}))
    return csrf_of(client.get("/does-not-exist", headers={"Accept": "text/html"}).text)


def test_generate_all_queues_one_job_per_student_with_feedback(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram", "Cas"]})
    write_review(session, scenario, "Anna", "Bram", [4, 4])
    write_review(session, scenario, "Bram", "Cas", [3, 3])
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}"
    for _ in range(2):  # asking twice changes nothing: the active jobs are returned
        response = client.post(
            f"{url}/summaries", data={"csrf_token": csrf}, follow_redirects=False
        )
        assert response.status_code == 303
    jobs = session.query(SummaryGenerationJob).filter_by(evaluation_id=scenario.evaluation.id)
    assert sorted(j.student_id for j in jobs) == sorted(
        [scenario.students["Bram"].id, scenario.students["Cas"].id]
    )
    page = client.get(url)
    assert "De samenvattingen staan in de wachtrij." in page.text
    assert 'data-count="queued">2<' in page.text


def test_student_page_shows_results_summary_and_regenerates(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram"]})
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Sterke planner", ""])
    anna = scenario.students["Anna"]
    session.add(
        FeedbackSummary(
            school_id=school.id,
            evaluation_id=scenario.evaluation.id,
            student_id=anna.id,
            summary_text="Je bent een sterke planner.",
            generation_method="ai",
            feedback_hash="h" * 64,
            feedback_count=1,
            generated_at=utcnow(),
        )
    )
    session.commit()
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Je bent een sterke planner." in page.text
    assert 'data-state="completed"' in page.text
    assert "<svg" in page.text

    response = client.post(f"{url}/regenerate", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    job = session.query(SummaryGenerationJob).filter_by(student_id=anna.id).one()
    assert job.force is True and job.status == "queued"
    page = client.get(response.headers["location"])
    assert 'data-state="queued"' in page.text
    assert f'data-job-id="{job.job_id}"' in page.text


def test_a_student_of_another_evaluation_is_not_found(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram"]})
    other = make_scenario(session, school, {"B": ["Dirk", "Eva"]})
    page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{other.students['Dirk'].id}"
    assert client.get(url).status_code == 404


def test_progress_counts_students_not_jobs(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram", "Cas"]})
    for reviewer, reviewee in (("Anna", "Bram"), ("Bram", "Cas"), ("Cas", "Anna")):
        write_review(session, scenario, reviewer, reviewee, [4, 4])
    anna, bram = scenario.students["Anna"], scenario.students["Bram"]
    evaluation_id = scenario.evaluation.id
    # Anna: an old failed job, then a completed one with a summary; Bram: a failed job.
    for n, (student, status) in enumerate(
        ((anna, "failed"), (anna, "completed"), (bram, "failed"))
    ):
        session.add(
            SummaryGenerationJob(
                school_id=school.id,
                job_id=f"p{n}",
                evaluation_id=evaluation_id,
                student_id=student.id,
                status=status,
            )
        )
    session.add(
        FeedbackSummary(
            school_id=school.id,
            evaluation_id=evaluation_id,
            student_id=anna.id,
            summary_text="x",
            generation_method="ai",
            feedback_hash="h" * 64,
            feedback_count=1,
            generated_at=utcnow(),
        )
    )
    session.commit()
    page_login(scenario.teacher)
    data = client.get(f"/teacher/evaluations/{evaluation_id}/summaries/progress").json()
    assert data["total"] == 3
    assert data["counts"] == {
        "waiting": 1,
        "queued": 0,
        "processing": 0,
        "completed": 1,
        "failed": 1,
    }
    assert data["done"] == 2 and data["percent"] == 67 and data["active"] == 0


def test_the_page_links_the_exports_and_they_download(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
) -> None:
    scenario = make_scenario(session, school, {"ABC": ["Anna", "Bram"]}, title="Biologie 4H")
    write_review(session, scenario, "Anna", "Bram", [4, 5], ["Sterk"])
    page_login(scenario.teacher)
    page = client.get(f"/teacher/evaluations/{scenario.evaluation.id}")
    base = f"/api/v1/evaluations/{scenario.evaluation.id}"
    for path, label in (
        ("/results.csv", "Exporteren (CSV)"),
        ("/results.xlsx", "Exporteren (Excel)"),
        ("/comments.csv", "Opmerkingen (CSV)"),
    ):
        assert f'href="{base}{path}" download>{label}</a>' in page.text
        download = client.get(base + path)  # with the page's session cookie
        assert download.status_code == 200
        assert 'filename="Biologie-4H-' in download.headers["content-disposition"]
    comments = client.get(base + "/comments.csv").content.decode("utf-8-sig")
    assert comments.splitlines()[1].endswith(";Anna;Sterk")


def test_after_the_api_refused_a_regenerate_the_page_button_is_refused_too(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
    login: Callable[[User], dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The "regenerate" limit lives in the service, so no entry point can skip it."""
    monkeypatch.setitem(
        ratelimit.LIMITS, "regenerate", ActionLimits(student=Limit(1, 600), staff=Limit(1, 600))
    )
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram"]})
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Sterke planner", ""])
    anna = scenario.students["Anna"]
    headers = login(scenario.teacher)
    api = (
        f"/api/v1/feedback-summaries/evaluation/{scenario.evaluation.id}/student/{anna.id}"
        "/regenerate"
    )
    assert client.post(api, headers=headers).status_code == 200
    assert client.post(api, headers=headers).status_code == 429
    jobs_before = session.query(SummaryGenerationJob).filter_by(student_id=anna.id).count()

    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}/regenerate"
    refused = client.post(url, data={"csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 429
    session.expire_all()
    assert session.query(SummaryGenerationJob).filter_by(student_id=anna.id).count() == jobs_before
