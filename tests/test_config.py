"""Settings: the placeholder secret is refused in production and quiet in development."""

import warnings

import jwt
import pytest
from pydantic import SecretStr, ValidationError

from teameval.config import PLACEHOLDER_SECRET, Settings


def test_production_refuses_the_placeholder_secret() -> None:
    with pytest.raises(ValidationError, match="TEAMEVAL_SECRET_KEY"):
        Settings(environment="production", secret_key=SecretStr(PLACEHOLDER_SECRET))
    assert Settings(environment="production", secret_key=SecretStr("x" * 40)).environment == (
        "production"
    )


def test_the_development_placeholder_signs_tokens_without_warnings() -> None:
    """Regression: a 23-byte placeholder made PyJWT warn on every request of `make run`."""
    default = Settings.model_fields["secret_key"].default
    assert default.get_secret_value() == PLACEHOLDER_SECRET
    key = PLACEHOLDER_SECRET
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        token = jwt.encode({"sub": "1"}, key, algorithm="HS256")
        assert jwt.decode(token, key, algorithms=["HS256"]) == {"sub": "1"}
