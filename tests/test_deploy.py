"""deploy/: every file parses, and the facts operations depend on hold (Docker is not run here)."""

import configparser
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from teameval.app import web_connection_limits
from teameval.cli import check_connection_share
from teameval.config import Settings
from teameval.db import worker_pool_connections

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
JOB_TIMEOUT_S = Settings().job_timeout_s
K8s = dict[tuple[str, str], dict[str, Any]]


def _seconds(value: str | int) -> int:
    text = str(value)
    if text.endswith("m"):
        return int(text[:-1]) * 60
    return int(text.removesuffix("s"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def kubernetes() -> K8s:
    documents: K8s = {}
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue  # kustomize's own file, not a resource
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["apiVersion"] and doc["kind"], path
            documents[(doc["kind"], doc["metadata"].get("name", ""))] = doc
    return documents


def test_compose_has_every_service(compose: dict[str, Any]) -> None:
    assert {"web", "worker", "redis", "postgres", "ollama", "migrate"} <= set(compose["services"])


def test_compose_runs_three_workers_with_a_grace_of_at_least_the_job_timeout(
    compose: dict[str, Any],
) -> None:
    worker = compose["services"]["worker"]
    assert worker["deploy"]["replicas"] == 3
    assert worker["command"][:2] == ["teameval", "worker"]
    assert _seconds(worker["stop_grace_period"]) >= JOB_TIMEOUT_S
    assert worker["init"] is True  # tini forwards SIGTERM and reaps work-horses


def test_compose_redis_keeps_the_queue(compose: dict[str, Any]) -> None:
    command = compose["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_compose_wires_the_app_to_its_services(compose: dict[str, Any]) -> None:
    for name in ("web", "worker", "migrate"):
        env = compose["services"][name]["environment"]
        assert env["TEAMEVAL_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "@postgres:5432/" in env["TEAMEVAL_DATABASE_URL"]
        assert env["TEAMEVAL_REDIS_URL"] == "redis://redis:6379/0"
        assert env["TEAMEVAL_OLLAMA_BASE_URL"] == "http://ollama:11434"
        assert env["TEAMEVAL_ENVIRONMENT"] == "production"
        assert "?" in env["TEAMEVAL_SECRET_KEY"]  # required: compose refuses to start without
    web = compose["services"]["web"]
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert "/readyz" in " ".join(web["healthcheck"]["test"])
    depends = compose["services"]["worker"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_kubernetes_worker_grace_covers_the_job_timeout(
    kubernetes: K8s,
) -> None:
    worker = kubernetes[("Deployment", "teameval-worker")]["spec"]
    assert worker["replicas"] == 3
    assert worker["template"]["spec"]["terminationGracePeriodSeconds"] >= JOB_TIMEOUT_S
    config = kubernetes[("ConfigMap", "teameval-config")]["data"]
    assert (
        int(config["TEAMEVAL_JOB_TIMEOUT_S"])
        <= worker["template"]["spec"]["terminationGracePeriodSeconds"]
    )


def test_kubernetes_web_probes(kubernetes: K8s) -> None:
    container = kubernetes[("Deployment", "teameval-web")]["spec"]["template"]["spec"][
        "containers"
    ][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
    assert sources == {"teameval-config", "teameval-secrets"}


def test_kubernetes_redis_keeps_the_queue(kubernetes: K8s) -> None:
    conf = kubernetes[("ConfigMap", "teameval-redis-config")]["data"]["redis.conf"]
    settings = dict(line.split(" ", 1) for line in conf.splitlines() if line.strip())
    assert settings["appendonly"] == "yes"
    assert settings["maxmemory-policy"] == "noeviction"


def test_kustomization_lists_existing_files() -> None:
    kustomization = yaml.safe_load((DEPLOY / "kubernetes" / "kustomization.yaml").read_text())
    for resource in kustomization["resources"]:
        assert (DEPLOY / "kubernetes" / resource).is_file(), resource


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_renders_the_kustomization() -> None:
    """kustomize itself (offline, no cluster) builds what `kubectl apply -k` would send."""
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(DEPLOY / "kubernetes")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    names = {(d["kind"], d["metadata"]["name"]) for d in yaml.safe_load_all(rendered.stdout)}
    assert {("Deployment", "teameval-web"), ("Deployment", "teameval-worker")} <= names
    assert ("ConfigMap", "teameval-config") in names


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_systemd_units() -> None:
    web = _unit("teameval-web.service")
    assert "teameval serve" in web["Service"]["ExecStart"]
    assert web["Service"]["Environment"].startswith("PROMETHEUS_MULTIPROC_DIR=/run/")
    worker = _unit("teameval-worker@.service")
    assert "teameval worker" in worker["Service"]["ExecStart"]
    assert _seconds(worker["Service"]["TimeoutStopSec"]) >= JOB_TIMEOUT_S
    assert worker["Service"]["KillMode"] == "mixed"
    for unit in (web, worker):
        assert unit["Service"]["User"] == "teameval"
        assert unit["Service"]["EnvironmentFile"] == "/etc/teameval/teameval.env"


def test_dockerfile_runs_unprivileged_from_a_plain_install_of_the_locked_wheels() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "USER 10001" in dockerfile
    # The migrations are in the wheel (tests/test_wheel_install.py): no checkout, no -e.
    assert "--require-hashes" in dockerfile and "-r requirements/runtime.txt" in dockerfile
    assert "pip install --no-cache-dir --no-index --no-deps /wheels/*.whl" in dockerfile
    assert " -e " not in dockerfile and "alembic.ini" not in dockerfile
    assert 'CMD ["teameval", "serve"' in dockerfile


def _env_file(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    pairs = (ln.split("=", 1) for ln in lines if "=" in ln and not ln.startswith("#"))
    return {key: value for key, value in pairs}


def test_forwarded_headers_are_believed_only_from_the_proxy(
    compose: dict[str, Any], kubernetes: K8s
) -> None:
    """Never FORWARDED_ALLOW_IPS=*: uvicorn then takes the leftmost, client-chosen address."""
    web = compose["services"]["web"]["environment"]["FORWARDED_ALLOW_IPS"]
    gateway = compose["networks"]["default"]["ipam"]["config"][0]["gateway"]
    assert web == "${TEAMEVAL_PROXY_ADDRESS:-" + gateway + "}"
    config = kubernetes[("ConfigMap", "teameval-config")]["data"]["FORWARDED_ALLOW_IPS"]
    systemd = _env_file(DEPLOY / "systemd" / "teameval.env.example")["FORWARDED_ALLOW_IPS"]
    for value in (web, config, systemd):
        assert "*" not in value
    assert systemd == "127.0.0.1"


# PostgreSQL's default max_connections, less the 3 reserved for superusers and 10 left for psql,
# backups and monitoring (docs/OPERATIONS.md, "Connections and timeouts").
POSTGRES_DEFAULT_MAX_CONNECTIONS = 100
NOT_FOR_TEAMEVAL = 3 + 10


def _after(command: list[str], flag: str) -> int | None:
    return int(command[command.index(flag) + 1]) if flag in command else None


def _web_connections(command: list[str], settings: Settings) -> int:
    """What one `teameval serve` command may open: its processes (default: up to 4, one per
    CPU) x a web process's connections; `teameval serve` itself refuses more than its share."""
    processes = _after(command, "--workers") or 4
    check_connection_share(settings, processes)  # would start
    return processes * web_connection_limits(settings).max_connections


def test_the_default_deployments_stay_within_postgresqls_connections(
    compose: dict[str, Any], kubernetes: K8s
) -> None:
    settings = Settings()
    services = compose["services"]
    limit = next(
        int(arg.split("=", 1)[1])
        for arg in services["postgres"]["command"]
        if str(arg).startswith("max_connections=")
    )
    assert limit <= POSTGRES_DEFAULT_MAX_CONNECTIONS
    worker = services["worker"]
    compose_total = _web_connections(services["web"]["command"], settings) + worker["deploy"][
        "replicas"
    ] * worker_pool_connections(_after(worker["command"], "--count") or 1)
    assert compose_total <= limit - NOT_FOR_TEAMEVAL

    web_unit = _unit("teameval-web.service")["Service"]["ExecStart"].split()
    worker_unit = _unit("teameval-worker@.service")["Service"]["ExecStart"].split()
    instances = set(
        re.findall(
            r"teameval-worker@(\d+)", (DEPLOY / "systemd/teameval-worker@.service").read_text()
        )
    )
    systemd_total = _web_connections(web_unit, settings) + len(instances) * worker_pool_connections(
        _after(worker_unit, "--count") or 1
    )
    assert systemd_total <= POSTGRES_DEFAULT_MAX_CONNECTIONS - NOT_FOR_TEAMEVAL

    def pods(name: str) -> tuple[int, list[str]]:
        """Replicas plus the surge pod of a rolling update, and the container's command."""
        spec = kubernetes[("Deployment", name)]["spec"]
        surge = spec.get("strategy", {}).get("rollingUpdate", {}).get("maxSurge", "25%")
        extra = math.ceil(spec["replicas"] * int(surge[:-1]) / 100) if "%" in str(surge) else surge
        return spec["replicas"] + int(extra), spec["template"]["spec"]["containers"][0]["command"]

    web_pods, web_command = pods("teameval-web")
    worker_pods, worker_command = pods("teameval-worker")
    kubernetes_total = web_pods * _web_connections(
        web_command, settings
    ) + worker_pods * worker_pool_connections(_after(worker_command, "--count") or 1)
    assert kubernetes_total <= POSTGRES_DEFAULT_MAX_CONNECTIONS - NOT_FOR_TEAMEVAL
    assert (compose_total, systemd_total, kubernetes_total) == (87, 87, 81)  # the docs' table
