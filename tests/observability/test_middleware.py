"""Request ids and security headers on every answer; the offline API documentation pages."""

import re

import pytest
from fastapi.testclient import TestClient

from teameval.config import get_settings
from teameval.observability.middleware import STRICT_CSP


def test_every_answer_carries_a_fresh_request_id(client: TestClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/no-such-route").headers["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_plain_incoming_request_id_is_kept(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42:1"


@pytest.mark.parametrize("bad", ["has space", "x" * 65, "new\\nline", "<script>"])
def test_an_unusable_incoming_request_id_is_replaced(client: TestClient, bad: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": bad})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/auth/me", "/no-such-route", "/login"])
def test_security_headers_on_every_kind_of_answer(client: TestClient, path: str) -> None:
    headers = client.get(path).headers

    assert headers["Content-Security-Policy"] == STRICT_CSP
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_api_answers_are_not_cached(client: TestClient) -> None:
    assert client.get("/api/v1/auth/me").headers["Cache-Control"] == "no-store"


def test_hsts_only_with_secure_cookies(client: TestClient) -> None:
    settings = get_settings()
    assert settings.cookie_secure is False  # the test settings: plain http on loopback
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    settings.cookie_secure = True
    try:
        hsts = client.get("/healthz").headers["Strict-Transport-Security"]
    finally:
        settings.cookie_secure = False
    assert hsts.startswith("max-age=31536000")


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_only_our_own_scripts(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]

    assert response.status_code == 200
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.DOTALL)
    assert scripts and all(body.strip() == "" for _attrs, body in scripts)  # no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert all(s.startswith("/") for s in sources), sources  # nothing from another host
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_openapi_document_is_served(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "/api/v1/auth/login" in document["paths"]
    assert "/metrics" not in document["paths"]
