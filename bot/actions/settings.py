"""The action server's settings, read once from the environment and `.env`.

The same pattern as the API's (api/core/config.py): a settings class that reads the environment
first and `.env` after, with no default for a secret. Rasa 3.6 pins pydantic 1, so this is
pydantic 1's BaseSettings, where the API has pydantic-settings.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings, Extra, ValidationError, validator

from contract.services import API_PORT, RASA_PORT, local_url


class SettingsError(RuntimeError):
    """A required setting is missing: the action server must not start without it."""


class BotSettings(BaseSettings):
    api_url: str = local_url(API_PORT)
    # No defaults for the secrets: the action server must not start without them.
    bot_service_token: str
    # Rasa presents it on every call to the action server (endpoints.yml); nobody else has it.
    action_server_token: str
    # The outbox and the resume codes. PostgreSQL when several action servers share them, e.g.
    # postgresql://user@127.0.0.1:5432/whatmatters (psycopg2, which Rasa brings).
    actions_database_url: str = "sqlite:///var/actions.sqlite3"
    outbox_retry_seconds: float = 5.0
    # Where an older action server kept them, each in its own file: carried over once.
    outbox_path: Path = Path("var/outbox.sqlite3")
    resume_codes_path: Path = Path("var/resume_codes.sqlite3")
    # Resuming from another device reads the paused conversation through Rasa's HTTP API.
    rasa_url: str = local_url(RASA_PORT)
    rasa_api_token: str = ""
    # A person is waiting for the reply: give up on the API quickly and let the outbox retry.
    api_timeout_seconds: float = 5.0
    # The team that follows plans up, told to the person once their plan is sent: its name, the
    # phone number people call, and how soon it usually gets in touch. The deployment's own
    # facts, never invented: until all three are set, the person is told only that a worker
    # will read their plan and get in touch.
    team_name: str = ""
    team_phone: str = ""
    team_response_time: str = ""

    @property
    def team_known(self) -> bool:
        return all(v.strip() for v in (self.team_name, self.team_phone, self.team_response_time))

    class Config:
        env_file = ".env"
        env_file_encoding = "utf-8"
        # `.env` is shared with the API, so settings the bot does not know are ignored.
        extra = Extra.ignore
        allow_mutation = False

    @validator("bot_service_token", "action_server_token")
    def _not_blank(cls, value: str) -> str:
        # An empty value in .env (`BOT_SERVICE_TOKEN=`) must fail just like a missing one.
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @validator("api_url", "rasa_url")
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")


@lru_cache(maxsize=1)
def get_settings() -> BotSettings:
    try:
        # parse_obj({}) is BotSettings() (it reads the environment and .env) in a form mypy
        # accepts without the required fields.
        return BotSettings.parse_obj({})
    except ValidationError as error:
        missing = ", ".join(str(err["loc"][0]).upper() for err in error.errors())
        raise SettingsError(
            f"Not set: {missing}. Run `make run` (it creates .env) or set it yourself."
        ) from None
