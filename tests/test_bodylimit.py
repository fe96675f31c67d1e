"""The request body limit: 413 before routing on a declared length, counted while streaming."""

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from starlette.types import Message

from teameval.app import create_app
from teameval.bodylimit import JSON_BODY_MAX, UPLOAD_BODY_MAX
from teameval.models import User
from teameval.users.csv_import import MAX_UPLOAD_BYTES

Login = Callable[[User], dict[str, Any]]
CHUNK = 64 * 1024


def _call(path: str, headers: list[tuple[bytes, bytes]], total: int) -> tuple[int, int, bytes]:
    """POST `total` bytes to the real app in 64 KB chunks; (status, bytes it pulled, body)."""
    app = create_app()
    pulled = 0
    answer: dict[str, Any] = {"status": 0, "body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        size = min(CHUNK, total - pulled)
        pulled += size
        return {"type": "http.request", "body": b"{" * size, "more_body": pulled < total}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return answer["status"], pulled, answer["body"]


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read() -> None:
    length = str(100 * 1024 * 1024).encode()
    status, pulled, body = _call("/api/v1/auth/login", [(b"content-length", length)], 10**8)
    assert (status, pulled) == (413, 0)
    assert b'"code": "body_too_large"' in body
    assert b"hoogstens 1 MB" in body


def test_a_body_without_a_length_is_counted_while_it_streams() -> None:
    """An anonymous 100 MB JSON body (chunked) is cut off just past 1 MB, not read and parsed."""
    status, pulled, body = _call("/api/v1/auth/login", [], 100 * 1024 * 1024)
    assert status == 413
    assert JSON_BODY_MAX < pulled <= JSON_BODY_MAX + CHUNK
    assert b"body_too_large" in body


def test_an_upload_route_takes_a_file_of_its_limit_and_no_more(
    client: TestClient, login: Login, teacher: User
) -> None:
    headers = login(teacher) | {"Content-Type": "text/csv"}
    too_big = b"x" * (UPLOAD_BODY_MAX + 1)
    anonymous = client.post("/api/v1/users/import", content=too_big)
    assert anonymous.status_code == 413  # refused before the route's sign-in check ran
    assert client.post("/api/v1/users/import", content=too_big, headers=headers).status_code == 413
    # A file of exactly the import's limit passes the body limit; the import judges its lines.
    rows = b"email,name\n" + b"a@b.nl,A\n" * ((MAX_UPLOAD_BYTES - 11) // 9)
    whole = client.post("/api/v1/users/import", content=rows, headers=headers)
    assert whole.status_code != 413
    # A JSON route keeps the small limit, signed in or not.
    big_json = b'{"email": "' + b"a" * JSON_BODY_MAX + b'"}'
    answer = client.post(
        "/api/v1/users",
        content=big_json,
        headers=login(teacher) | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "body_too_large"
