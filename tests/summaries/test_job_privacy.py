"""Issue 15 through the whole pipeline: API -> row -> Redis -> RQ's worker -> fake LLM (the job
runs in this process: tests/queue/inprocess.py).

A class whose surnames are everyday words (van der Meer, Laat, de Boer, de Wit), comments with
those words, handles and links of any ending. The prompt keeps the words and loses the names;
a model that repeats a handle or a link is refused and the student gets the offline summary,
which uses the comments."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School
from tests.factories.feedback import TeamFeedback, make_team_feedback
from tests.fakes.llm_server import FakeLLMServer
from tests.queue.inprocess import drain_queue
from tests.settings_env import use_settings

Login = Callable[[Any], dict[str, str]]
NAMES = ["Anouk Hendriks", "Bram van der Meer", "Mila Laat", "Daan de Boer", "Femke de Wit"]
REVIEWS = {
    (1, 0): {
        "Inzet": (5, "Anouk doet meer dan zijn of haar deel, samen met Mila."),
        "Planning": (2, "Kwam vaak te laat bij overleg, zei Daan de Boer ook."),
    },
    (2, 0): {
        "Inzet": (4, "Met @mila_laat en BramvanderMeer een berg werk verzet."),
        "Planning": (3, "Zie evil.xyz/steal en discord.gg/abcd, het is niet zwart-wit."),
    },
    (3, 0): {
        "Inzet": (5, "Anouk ging de boer op voor de enquête, echt top."),
        "Planning": (2, "Anouk was bij elk overleg van De Wit te laat."),
    },
}
NEVER_SENT = [
    "Anouk",
    "Bram",
    "Mila",
    "Daan",
    "De Boer",
    "De Wit",
    "@mila_laat",
    "mila_laat",
    "BramvanderMeer",
    "evil.xyz",
    "discord.gg",
]


def _summarise(
    client: TestClient, team: TeamFeedback, login: Login, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    student = team.students[0]
    url = f"/api/v1/feedback-summaries/evaluation/{team.evaluation.id}/student/{student.id}/queue"
    queued = client.post(url, headers=login(team.teacher))
    assert queued.status_code == 202, queued.text
    use_settings(monkeypatch, job_retry_backoff_s="0")
    drain_queue()
    status = client.get(
        f"/api/v1/feedback-summaries/jobs/{queued.json()['job_id']}/status",
        headers=login(student),
    ).json()
    assert status["status"] == "completed", status
    result: dict[str, Any] = status["result"]
    return result


def test_the_prompt_keeps_everyday_words_and_loses_names_handles_and_links(
    client: TestClient,
    session: Session,
    school: School,
    login: Login,
    fake_llm_env: FakeLLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team = make_team_feedback(session, school, NAMES, ["Inzet", "Planning"], REVIEWS)
    result = _summarise(client, team, login, monkeypatch)
    assert result["generation_method"] == "ai"
    sent = fake_llm_env.received_text()
    for words in (
        "doet meer dan",
        "te laat bij overleg",
        "een berg werk",
        "de boer op",
        "zwart-wit",
    ):
        assert words in sent, words
    for secret in NEVER_SENT:
        assert secret not in sent, secret


@pytest.mark.parametrize(
    ("mode", "params"),
    [
        ("leak_name", {"name": "@mila_laat"}),
        ("leak_name", {"name": "BramvanderMeer"}),
        ("leak_name", {"name": "Mіla"}),  # a Cyrillic i
        ("leak_link", {"link": "discord.gg/abcd"}),
        ("leak_link", {"link": "evil.xyz/steal"}),
    ],
)
def test_an_answer_repeating_a_handle_a_variant_or_a_link_is_never_shown(
    client: TestClient,
    session: Session,
    school: School,
    login: Login,
    fake_llm_env: FakeLLMServer,
    mode: str,
    params: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team = make_team_feedback(session, school, NAMES, ["Inzet", "Planning"], REVIEWS)
    fake_llm_env.configure(mode=mode, params=params)
    result = _summarise(client, team, login, monkeypatch)
    assert result["generation_method"] == "fallback"
    text = result["summary_text"]
    assert next(iter(params.values())) not in text
    assert "geen toelichting" not in text and "“" in text  # the comments are used
    session.expire_all()
    stored = session.scalars(select(FeedbackSummary)).one()
    assert stored.summary_text == text
