"""The app's API routes as its OpenAPI document lists them, and how to call each one.

tests/test_tenancy.py and tests/test_roles.py enumerate `app.openapi()["paths"]` (not
`app.routes`: this FastAPI version wraps included routers), so a route added later is called
without anyone remembering to. Pages are excluded (include_in_schema=False) and not listed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.auth.security import create_access_token
from teameval.config import get_settings
from teameval.models import AuthSession, User, utcnow

METHODS = ("get", "post", "put", "patch", "delete")
CSV_EXAMPLE = "email,name\nnew.person@example.org,New Person\n"


@dataclass(frozen=True)
class ApiRoute:
    """One operation of the OpenAPI document."""

    method: str
    path: str
    operation: Mapping[str, Any] = field(compare=False, hash=False, repr=False)

    @property
    def key(self) -> str:
        """`METHOD /path`, as the expectation tables name routes."""
        return f"{self.method} {self.path}"

    @property
    def path_params(self) -> tuple[str, ...]:
        """The names of the path parameters, in order."""
        return tuple(
            p["name"] for p in self.operation.get("parameters", []) if p.get("in") == "path"
        )


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of a freshly built app."""
    from teameval.app import create_app

    return create_app().openapi()


def api_routes() -> list[ApiRoute]:
    """Every operation of the OpenAPI document."""
    return [
        ApiRoute(method.upper(), path, operation)
        for path, operations in openapi_document()["paths"].items()
        for method, operation in operations.items()
        if method in METHODS
    ]


def is_stream(route: ApiRoute) -> bool:
    """A route answering server-sent events: its 200 is a stream that does not end."""
    responses = route.operation.get("responses", {})
    return "text/event-stream" in responses.get("200", {}).get("content", {})


@dataclass(frozen=True)
class StreamStart:
    """How a stream began: its status and its first bytes (a refusal's whole JSON body)."""

    status_code: int
    text: str


def open_stream(client: TestClient, path: str, headers: Mapping[str, str]) -> StreamStart:
    """GET a streaming route through the app and leave after its first bytes.

    The test client would wait for the end of a stream that never ends; this calls the app
    on the client's event loop and answers `http.disconnect` once something came.
    """

    async def run() -> StreamStart:
        status = 0
        body = b""
        requested = False
        arrived = anyio.Event()

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await arrived.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body += message.get("body", b"")
                if body or not message.get("more_body"):
                    arrived.set()

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": b"", "root_path": "", "client": ("testclient", 50000),
            "server": ("testserver", 80),
            "headers": [(b"host", b"testserver")]
            + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        }  # fmt: skip
        with anyio.fail_after(15):
            await client.app(scope, receive, send)
        return StreamStart(status, body.decode())

    with client._portal_factory() as portal:
        return portal.call(run)


def fill_path(route: ApiRoute, ids: Mapping[str, Any]) -> str:
    """The route's path with each `{param}` replaced by `ids[param]`."""
    path = route.path
    for name in route.path_params:
        if name not in ids:
            pytest.fail(
                f"{route.key}: no value for path parameter {name!r}. Name it like an existing "
                "one (course_id, evaluation_id, student_id, job_id, ...) or add it to "
                "World.ids() in tests/factories/evaluation.py."
            )
        path = path.replace("{" + name + "}", str(ids[name]))
    return path


def example_request(route: ApiRoute, ids: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for `client.request`: a minimal valid-looking body for the route.

    Body fields named like an id (course_id, member_ids, ...) get the value from `ids`, so a
    body can point at another school's rows just like a path can.
    """
    content = route.operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return {"json": _example(content["application/json"].get("schema", {}), ids, None)}
    if "text/csv" in content:
        return {"content": CSV_EXAMPLE, "headers": {"Content-Type": "text/csv"}}
    if "multipart/form-data" in content:
        return {"files": {"file": ("people.csv", CSV_EXAMPLE, "text/csv")}}
    return {}


def uses_ids(route: ApiRoute, ids: Mapping[str, Any]) -> bool:
    """Whether the example body of the route carries a value taken from `ids`."""
    content = route.operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return schema is not None and _mentions(schema, ids, set())


def bearer(session: Session, user: User) -> dict[str, str]:
    """An Authorization header for `user`, minted without the (slow on purpose) password check."""
    settings = get_settings()
    expires_at = utcnow() + timedelta(minutes=settings.access_token_ttl_minutes)
    auth_session = AuthSession(school_id=user.school_id, user_id=user.id, expires_at=expires_at)
    session.add(auth_session)
    session.commit()
    token = create_access_token(
        settings.signing_key, user.id, auth_session.id, auth_session.expires_at
    )
    return {"Authorization": f"Bearer {token}"}


def _deref(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = openapi_document()["components"]["schemas"][name]
    return schema


def _example(schema: Mapping[str, Any], ids: Mapping[str, Any], name: str | None) -> Any:
    if name is not None and name in ids:
        return ids[name]
    schema = _deref(schema)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _deref(o).get("type") != "null"]
            return _example(options[0], ids, name) if options else None
    if "allOf" in schema:
        return _example(schema["allOf"][0], ids, name)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return {
            prop: _example(sub, ids, prop)
            for prop, sub in properties.items()
            if prop in required or prop in ids
        }
    if kind == "array":
        return [_example(schema.get("items", {}), ids, None)]
    if kind == "string":
        if schema.get("format") == "email":
            return "new.person@example.org"
        if schema.get("format") == "date-time":
            return (utcnow() + timedelta(days=7)).isoformat()
        return "x" * max(1, int(schema.get("minLength", 1)))
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return None


def _mentions(schema: Mapping[str, Any], ids: Mapping[str, Any], seen: set[str]) -> bool:
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return False
        seen.add(schema["$ref"])
    schema = _deref(schema)
    if any(prop in ids for prop in schema.get("properties", {})):
        return True
    nested: list[Mapping[str, Any]] = [*schema.get("properties", {}).values()]
    for key in ("anyOf", "oneOf", "allOf"):
        nested.extend(schema.get(key, []))
    if "items" in schema:
        nested.append(schema["items"])
    return any(_mentions(sub, ids, seen) for sub in nested)
