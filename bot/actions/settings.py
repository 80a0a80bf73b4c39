"""The action server's settings, read once from the environment and `.env`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

from contract.services import API_PORT, RASA_PORT, local_url


class SettingsError(RuntimeError):
    """A required setting is missing: the action server must not start without it."""


@dataclass(frozen=True)
class BotSettings:
    api_url: str
    bot_service_token: str
    # Rasa presents it on every call to the action server (endpoints.yml); nobody else has it.
    action_server_token: str
    outbox_path: Path
    outbox_retry_seconds: float
    resume_codes_path: Path
    # Resuming from another device reads the paused conversation through Rasa's HTTP API.
    rasa_url: str
    rasa_api_token: str
    # A person is waiting for the reply: give up on the API quickly and let the outbox retry.
    api_timeout_seconds: float = 5.0


@lru_cache(maxsize=1)
def get_settings() -> BotSettings:
    load_dotenv(override=False)
    token = os.environ.get("BOT_SERVICE_TOKEN", "").strip()
    if not token:
        raise SettingsError(
            "BOT_SERVICE_TOKEN is not set. Run `make run` (it creates .env) or set it yourself."
        )
    action_token = os.environ.get("ACTION_SERVER_TOKEN", "").strip()
    if not action_token:
        raise SettingsError(
            "ACTION_SERVER_TOKEN is not set. Run `make run` (it creates .env) or set it yourself."
        )
    return BotSettings(
        api_url=os.environ.get("API_URL", local_url(API_PORT)).rstrip("/"),
        bot_service_token=token,
        action_server_token=action_token,
        outbox_path=Path(os.environ.get("OUTBOX_PATH", "var/outbox.sqlite3")),
        outbox_retry_seconds=float(os.environ.get("OUTBOX_RETRY_SECONDS", "5")),
        resume_codes_path=Path(os.environ.get("RESUME_CODES_PATH", "var/resume_codes.sqlite3")),
        rasa_url=os.environ.get("RASA_URL", local_url(RASA_PORT)).rstrip("/"),
        rasa_api_token=os.environ.get("RASA_API_TOKEN", ""),
    )
