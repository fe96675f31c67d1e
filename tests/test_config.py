"""Settings: no key written in the repository ever signs a token; production refuses weak keys."""

import os
import stat
import warnings
from pathlib import Path

import jwt
import pytest
from pydantic import SecretStr, ValidationError

from teameval.config import MIN_SECRET_KEY_BYTES, Settings, local_secret_key


@pytest.mark.parametrize("key", [None, "", "short", "x" * (MIN_SECRET_KEY_BYTES - 1)])
def test_production_refuses_a_missing_empty_or_short_key(key: str | None) -> None:
    secret = None if key is None else SecretStr(key)
    with pytest.raises(ValidationError, match="TEAMEVAL_SECRET_KEY"):
        Settings(environment="production", secret_key=secret)


def test_production_accepts_a_long_key_and_signs_with_it() -> None:
    settings = Settings(environment="production", secret_key=SecretStr("k" * 40))
    assert settings.signing_key == "k" * 40


def test_development_refuses_a_short_key_too() -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(environment="development", secret_key=SecretStr("short"))


def test_without_a_key_each_install_makes_its_own_and_keeps_it(tmp_path: Path) -> None:
    """Regression: the embedded defaults signed every token with a key written in config.py."""
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    first = Settings(environment="development", secret_key=None, var_dir=first_dir)
    key = first.signing_key
    assert len(key.encode()) >= MIN_SECRET_KEY_BYTES
    key_file = first_dir / "secret_key"
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    # The same install (another process, a restart) reads the same key ...
    local_secret_key.cache_clear()
    again = Settings(environment="development", secret_key=SecretStr(""), var_dir=first_dir)
    assert again.signing_key == key
    # ... and another install makes another one.
    other = Settings(environment="development", var_dir=second_dir, secret_key=None)
    assert other.signing_key != key
    assert not list(first_dir.glob(".secret_key.*")), "no temporary file is left behind"


def test_a_token_signed_with_another_installs_key_is_refused(tmp_path: Path) -> None:
    ours = Settings(environment="development", var_dir=tmp_path / "ours", secret_key=None)
    theirs = Settings(environment="development", var_dir=tmp_path / "theirs", secret_key=None)
    forged = jwt.encode({"sub": "1", "sid": 1}, theirs.signing_key, algorithm="HS256")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, ours.signing_key, algorithms=["HS256"])


def test_the_generated_key_signs_without_warnings(tmp_path: Path) -> None:
    """Regression: a short key made PyJWT warn on every request of `make run`."""
    key = Settings(environment="development", var_dir=tmp_path, secret_key=None).signing_key
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        token = jwt.encode({"sub": "1"}, key, algorithm="HS256")
        assert jwt.decode(token, key, algorithms=["HS256"]) == {"sub": "1"}


def test_a_job_timeout_shorter_than_two_llm_calls_is_refused_at_start() -> None:
    # The old defaults: one attempt could make two calls of 120 s inside a 180 s job timeout.
    with pytest.raises(ValidationError, match=r"JOB_TIMEOUT_S is 180 s.* at least 265 s"):
        Settings(
            llm_provider="ollama",
            job_timeout_s=180,
            llm_read_timeout_s=120,
            llm_connect_timeout_s=5,
        )
    Settings(llm_provider="ollama")  # the defaults agree with each other
    # Without an LLM there is nothing to wait for.
    Settings(job_timeout_s=30, llm_provider="extractive")


@pytest.mark.parametrize(
    ("provider", "given", "used"),
    [
        ("ollama", None, "json_schema"),
        ("openai", None, "json_schema"),
        ("openai", "json_object", "json_object"),
        ("ollama", "json", "json"),
    ],
)
def test_the_response_format_defaults_per_provider(
    provider: str, given: str | None, used: str
) -> None:
    settings = Settings(llm_provider=provider, llm_response_format=given)  # type: ignore[arg-type]
    assert settings.response_format == used
