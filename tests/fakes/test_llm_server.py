"""The fake LLM server speaks the protocols faithfully enough for the real clients to rely on."""

import json

import httpx
import pytest

from tests.fakes.llm_control import spawn
from tests.fakes.llm_server import FakeLLMServer

_SYSTEM_NL = "Je bent een coach. Schrijf een samenvatting voor de leerling, in het Nederlands."
_DATA = {
    "criteria": [
        {
            "criterion": "Samenwerking",
            "peer_average": 4.5,
            "own_score": 4,
            "comments": ["Helpt iedereen altijd. Top!"],
        },
        {
            "criterion": "Planning",
            "peer_average": 2.5,
            "own_score": 4,
            "comments": ["Levert stukken vaak te laat in."],
        },
    ]
}
_SCHEMA = {"type": "object", "required": ["summary", "strengths", "improvements", "action"]}
_MESSAGES = [
    {"role": "system", "content": _SYSTEM_NL},
    {"role": "user", "content": f"<feedback>{json.dumps(_DATA)}</feedback>"},
]


def _ollama(url: str, **extra: object) -> httpx.Response:
    body = {
        "model": "llama3.1:8b",
        "messages": _MESSAGES,
        "stream": False,
        "format": _SCHEMA,
    } | extra
    return httpx.post(f"{url}/api/chat", json=body, timeout=5)


def test_ollama_answer_is_a_dutch_summary_of_the_comments(fake_llm: FakeLLMServer) -> None:
    response = _ollama(fake_llm.url)
    assert response.status_code == 200
    body = response.json()
    assert body["done"] is True and body["model"] == "llama3.1:8b"
    assert body["prompt_eval_count"] > 0 and body["eval_count"] > 0 and body["total_duration"] > 0
    answer = json.loads(body["message"]["content"])
    assert set(answer) == {"summary", "strengths", "improvements", "action"}
    assert "Samenwerking" in answer["summary"] and "Planning" in answer["summary"]
    assert "te laat" in answer["summary"] and answer["summary"].startswith("Je teamgenoten")
    assert fake_llm.requests()[0]["body"]["messages"] == _MESSAGES


def test_ollama_streams_ndjson_by_default(fake_llm: FakeLLMServer) -> None:
    body = {"model": "llama3.1:8b", "messages": _MESSAGES, "format": _SCHEMA}
    with httpx.stream("POST", f"{fake_llm.url}/api/chat", json=body, timeout=5) as response:
        chunks = [json.loads(line) for line in response.iter_lines() if line]
    assert chunks[-1]["done"] is True and chunks[-1]["eval_count"] > 0
    content = "".join(c["message"]["content"] for c in chunks)
    assert json.loads(content)["summary"]


def test_openai_completion_with_usage_and_api_key(fake_llm: FakeLLMServer) -> None:
    fake_llm.configure(api_key="sk-test")
    body = {
        "model": "gpt-4o-mini",
        "messages": _MESSAGES,
        "response_format": {"type": "json_schema"},
    }
    url = f"{fake_llm.openai_url}/chat/completions"
    assert httpx.post(url, json=body).status_code == 401
    response = httpx.post(url, json=body, headers={"Authorization": "Bearer sk-test"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["usage"]["total_tokens"] > 0
    assert json.loads(payload["choices"][0]["message"]["content"])["action"]


@pytest.mark.parametrize(
    ("mode", "status"),
    [("error_500", 500), ("busy_503", 503), ("model_not_found", 404), ("bad_request", 400)],
)
def test_http_failure_modes(fake_llm: FakeLLMServer, mode: str, status: int) -> None:
    fake_llm.enqueue(mode)
    assert _ollama(fake_llm.url).status_code == status
    assert _ollama(fake_llm.url).status_code == 200  # the queue held one behaviour


def test_unknown_model_is_404_and_tags_lists_models(fake_llm: FakeLLMServer) -> None:
    assert _ollama(fake_llm.url, model="nope:1b").status_code == 404
    names = [m["name"] for m in httpx.get(f"{fake_llm.url}/api/tags").json()["models"]]
    assert "llama3.1:8b" in names
    assert httpx.get(f"{fake_llm.url}/api/version").json()["version"]


def test_hang_outlasts_the_client_timeout(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue({"mode": "hang", "seconds": 3})
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{fake_llm.url}/api/chat",
            json={"model": "llama3.1:8b", "messages": _MESSAGES, "stream": False},
            timeout=httpx.Timeout(5, read=0.3),
        )


def test_english_prompt_gets_english_answer_and_wrong_language_flips(
    fake_llm: FakeLLMServer,
) -> None:
    messages = [
        {"role": "system", "content": "You are a coach. Write the summary for the student."}
    ]
    messages.append(_MESSAGES[1])
    body = {"model": "llama3.1:8b", "messages": messages, "stream": False, "format": _SCHEMA}
    english = httpx.post(f"{fake_llm.url}/api/chat", json=body).json()
    assert json.loads(english["message"]["content"])["summary"].startswith("Your teammates")
    fake_llm.enqueue("wrong_language")
    dutch = httpx.post(f"{fake_llm.url}/api/chat", json=body).json()
    assert json.loads(dutch["message"]["content"])["summary"].startswith("Je teamgenoten")


def test_separate_process_is_controlled_over_http() -> None:
    with spawn(latency=0.0) as remote:
        remote.enqueue({"mode": "leak_name", "name": "Pietje Puk"})
        answer = _ollama(remote.url).json()
        assert "Pietje Puk" in json.loads(answer["message"]["content"])["summary"]
        assert len(remote.requests()) == 1
        assert "Samenwerking" in remote.received_text()
        assert remote.stats["requests"] == 1
