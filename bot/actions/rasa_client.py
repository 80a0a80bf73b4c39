"""The action server's one call back into Rasa: reading a paused conversation to resume it
on another device (Rasa's HTTP API, with RASA_API_TOKEN)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from bot.actions.logs import short_id
from bot.actions.settings import get_settings

logger = logging.getLogger(__name__)


async def fetch_tracker(sender_id: str) -> dict[str, Any] | None:
    settings = get_settings()
    if not settings.rasa_api_token:
        logger.error("RASA_API_TOKEN is not set: conversations cannot be resumed by code")
        return None
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(
                f"{settings.rasa_url}/conversations/{quote(sender_id, safe='')}/tracker",
                params={"token": settings.rasa_api_token},
            )
            response.raise_for_status()
            tracker = response.json()
    except (httpx.HTTPError, ValueError) as error:
        # The error's text would carry the URL, and so the token: only its kind is logged.
        logger.error(
            "Could not read conversation %s to resume it: %s",
            short_id(sender_id),
            type(error).__name__,
        )
        return None
    return dict(tracker) if isinstance(tracker, dict) else None
