"""The API's settings, read once from the environment and `.env`.

`.env` is shared with the bot, so settings the API does not know are ignored.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from contract.services import RASA_PORT, local_url


class SettingsError(RuntimeError):
    """A required setting is missing or invalid: the API must not start without it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Relative SQLite paths are relative to the working directory, which is the repository root.
    database_url: str = "sqlite:///var/whatmatters.db"
    # No defaults for the secrets: a guessable default would let anyone sign tokens or post plans.
    secret_key: SecretStr
    bot_service_token: SecretStr
    access_token_minutes: int = 60
    # The web pages relay to Rasa on loopback; the token reads a conversation back on reload.
    # Several Rasa replicas sharing one tracker store: their URLs, separated by commas.
    rasa_url: str = local_url(RASA_PORT)
    rasa_api_token: SecretStr | None = None
    # Where sign-in and resume-code attempts are counted: in this process by default, or in
    # Redis (`redis://127.0.0.1:6379/0`) so that every API process shares one count.
    rate_limit_storage_url: str = "memory://"
    # Read aloud (api/web/speech.py): espeak-ng's voice, and where the domain's spoken texts
    # are kept (never a person's words: those are made fresh each time).
    speech_voice: str = "en-gb-scotland"
    speech_cache_dir: str = "var/speech"

    @field_validator("secret_key", "bot_service_token", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        # The bot strips its copy of BOT_SERVICE_TOKEN, so strip ours the same way; an empty
        # value in .env (`SECRET_KEY=`) must fail just like a missing one.
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise ValueError("must not be empty")
        return value

    @property
    def rasa_urls(self) -> list[str]:
        return [url.strip().rstrip("/") for url in self.rasa_url.split(",") if url.strip()]

    @field_validator("access_token_minutes")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value


def load_settings() -> Settings:
    """Settings from the environment and `.env`, or a SettingsError naming what is wrong."""
    try:
        return Settings()  # type: ignore[call-arg]  # the required fields come from the environment
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err['loc']).upper()}: {err['msg']}"
            for err in error.errors()
        )
        raise SettingsError(
            f"Invalid API settings ({problems}). Set them in the environment or in .env "
            "(`make run` creates .env with random secrets)."
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
