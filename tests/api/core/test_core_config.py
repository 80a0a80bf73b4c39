"""Settings: the secrets are required, so a misconfigured API refuses to start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings, SettingsError, get_settings, load_settings
from api.main import create_app


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No secrets from the environment, and no .env: the working directory is empty."""
    for name in ("SECRET_KEY", "BOT_SERVICE_TOKEN", "DATABASE_URL", "ACCESS_TOKEN_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("BOT_SERVICE_TOKEN", " t-token ")
    monkeypatch.setenv("ACCESS_TOKEN_MINUTES", "15")

    settings = load_settings()

    assert settings.secret_key.get_secret_value() == "s" * 40
    assert settings.bot_service_token.get_secret_value() == "t-token"
    assert settings.access_token_minutes == 15
    assert settings.database_url == "sqlite:///var/whatmatters.db"
    assert "s" * 40 not in repr(settings)


def test_settings_come_from_dot_env_ignoring_the_bots_settings(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "SECRET_KEY=from-the-file-0123456789\nBOT_SERVICE_TOKEN=bot-token\n"
        "RASA_API_TOKEN=rasa\nOUTBOX_PATH=var/outbox.sqlite3\n"
        "DATABASE_URL=postgresql+psycopg://u@h/db\n"
    )

    settings = get_settings()

    assert settings.secret_key.get_secret_value() == "from-the-file-0123456789"
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("environment", "missing"),
    [
        ({"BOT_SERVICE_TOKEN": "b0t-value"}, "SECRET_KEY"),
        ({"SECRET_KEY": "s3cr3t-value"}, "BOT_SERVICE_TOKEN"),
        ({"SECRET_KEY": "", "BOT_SERVICE_TOKEN": "b0t-value"}, "SECRET_KEY"),
        ({"SECRET_KEY": "s3cr3t-value", "BOT_SERVICE_TOKEN": "   "}, "BOT_SERVICE_TOKEN"),
    ],
    ids=["no-secret-key", "no-bot-token", "empty-secret-key", "blank-bot-token"],
)
def test_missing_secrets_fail_fast_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], missing: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError) as error:
        get_settings()

    message = str(error.value)
    assert message.startswith(f"Invalid API settings ({missing}: ")
    assert ".env" in message
    for value in environment.values():
        if value.strip():
            assert value not in message


def test_the_app_refuses_to_start_without_its_secrets() -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"), TestClient(create_app()):
        pass


def test_settings_has_no_default_secrets() -> None:
    assert Settings.model_fields["secret_key"].is_required()
    assert Settings.model_fields["bot_service_token"].is_required()
