"""The bot's only way to the practitioner API: HTTP, with the bot's service token."""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

import httpx

from bot.actions.logs import short_id
from bot.actions.settings import get_settings
from contract.http import FLAGS_PATH, PLANS_PATH

logger = logging.getLogger(__name__)


class Delivery(Enum):
    DELIVERED = "delivered"
    # The API is down, slow or refused us for a reason that an operator can fix: try again later.
    RETRY = "retry"
    # The API says the plan itself is wrong; retrying the same body will never work.
    REJECTED = "rejected"


# What the outbox can deliver, and where to.
PATHS = {"plan": PLANS_PATH, "flags": FLAGS_PATH}


async def post(kind: str, payload: dict[str, Any]) -> Delivery:
    """POST a plan, or flags for a plan already sent; how it went decides what the outbox does."""
    settings = get_settings()
    # Logged as a short hash only: the id names the conversation in Rasa.
    conversation_id = short_id(payload.get("conversation_id"))
    try:
        async with httpx.AsyncClient(
            base_url=settings.api_url, timeout=settings.api_timeout_seconds
        ) as client:
            response = await client.post(
                PATHS[kind],
                json=payload,
                headers={"Authorization": f"Bearer {settings.bot_service_token}"},
            )
    except httpx.HTTPError as error:
        logger.warning(
            "%s for conversation %s not delivered: %s", kind, conversation_id, type(error).__name__
        )
        return Delivery.RETRY
    if response.status_code in (200, 201):
        return Delivery.DELIVERED
    if response.status_code in (400, 409, 413, 422):
        # The outbox logs the dead letter at ERROR, once, for operators.
        logger.warning(
            "API rejected the %s for conversation %s with %s",
            kind,
            conversation_id,
            response.status_code,
        )
        return Delivery.REJECTED
    logger.warning(
        "Plan for conversation %s not delivered: API answered %s",
        conversation_id,
        response.status_code,
    )
    return Delivery.RETRY
