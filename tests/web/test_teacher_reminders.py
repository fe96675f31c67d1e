"""The reminders page: who has not submitted, the button, what was sent; without SMTP a list."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.school import make_user
from tests.reminders.conftest import Mailbox
from tests.reminders.test_reminders import open_class


def test_the_page_without_smtp_says_so_and_gives_a_list_to_copy(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = open_class(session, school)
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/reminders"
    page = client.get(url)
    assert page.status_code == 200
    assert "2 leerlingen hebben nog niet alles ingediend" in page.text
    assert "E-mail is op deze server niet ingesteld" in page.text
    assert "Bram &lt;bram@s.example&gt;; Cas &lt;cas@s.example&gt;" in page.text
    assert "Herinnering sturen" not in page.text  # no button that cannot work
    assert "Cas (concept)" in page.text  # Bram's draft of Cas is still to submit

    refused = client.post(url, data={"csrf_token": csrf, "student_ids": ["1"]})
    assert refused.status_code == 422
    assert "TEAMEVAL_SMTP_HOST ontbreekt" in refused.text


def test_the_page_sends_to_the_checked_students_and_says_how_it_went(
    client: TestClient,
    session: Session,
    school: School,
    page_login: Callable[[User], str],
    mailbox: Mailbox,
) -> None:
    scenario = open_class(session, school)
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/reminders"
    page = client.get(url)
    assert page.text.count('name="student_ids"') == 2 and "Herinnering sturen" in page.text
    bram = scenario.students["Bram"]
    sent = client.post(url, data={"csrf_token": csrf, "student_ids": [str(bram.id)]})
    assert sent.status_code == 200
    assert "De herinnering is verstuurd: 1 e-mail." in sent.text
    assert re.search(
        r"<td>Met de knop</td><td class=\"num\">1</td><td class=\"num\">1</td>", sent.text
    )
    assert [m["To"] for m in mailbox.messages] == ["bram@s.example"]
    assert "De knop werkt weer vanaf" in sent.text  # the interval, said before a 429

    evaluation_page = client.get(f"/teacher/evaluations/{scenario.evaluation.id}")
    assert f'href="{url}"' in evaluation_page.text

    page_login(make_user(session, school, "teacher"))  # a colleague not on the course
    assert client.get(url).status_code == 404
