"""`/metrics` for Prometheus, and the API documentation pages served without any CDN.

Swagger UI and Redoc come from the fastapi-offline package's files, so `/docs` works on a
school network without internet access, and Swagger UI is started by a script file of ours
instead of FastAPI's inline one, so these pages keep `script-src 'self'` (middleware.py).
"""

import hmac
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from teameval.config import SettingsDep
from teameval.errors import Unauthorized
from teameval.observability.metrics import render_metrics

router = APIRouter(tags=["operations"])

DOCS_STATIC_URL = "/docs/static"

_SWAGGER_INIT_JS = """\
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
"""

_SWAGGER_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>teameval API</title>
<link rel="stylesheet" href="{static}/swagger-ui.css">
<link rel="icon" href="{static}/favicon.png">
</head>
<body data-openapi-url="{openapi}">
<div id="swagger-ui"></div>
<script src="{static}/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-init.js"></script>
</body>
</html>
"""

_REDOC_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>teameval API</title>
<link rel="icon" href="{static}/favicon.png">
</head>
<body>
<redoc spec-url="{openapi}"></redoc>
<script src="{static}/redoc.standalone.js"></script>
</body>
</html>
"""


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request, settings: SettingsDep) -> Response:
    """Every metric in the Prometheus text format."""
    token = settings.metrics_token.get_secret_value()
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise Unauthorized()
    body, content_type = render_metrics()
    return Response(body, media_type=content_type)


@router.get("/docs", include_in_schema=False)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the OpenAPI document."""
    root = request.scope.get("root_path", "")
    return HTMLResponse(
        _SWAGGER_HTML.format(static=root + DOCS_STATIC_URL, openapi=root + "/openapi.json")
    )


@router.get("/docs/swagger-init.js", include_in_schema=False)
def swagger_init() -> Response:
    """The script that starts Swagger UI (a file, so the CSP needs no inline script)."""
    return Response(_SWAGGER_INIT_JS, media_type="text/javascript")


@router.get("/redoc", include_in_schema=False)
def redoc(request: Request) -> HTMLResponse:
    """Redoc over the OpenAPI document."""
    root = request.scope.get("root_path", "")
    return HTMLResponse(
        _REDOC_HTML.format(static=root + DOCS_STATIC_URL, openapi=root + "/openapi.json")
    )


def docs_static_files() -> StaticFiles:
    """The Swagger UI and Redoc bundles shipped by fastapi-offline."""
    import fastapi_offline

    return StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static")
