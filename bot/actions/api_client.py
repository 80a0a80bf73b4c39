"""The bot's only way to the practitioner API: HTTP, with the bot's service token."""

from __future__ import annotations

import logging
from enum import Enum
from typing import Any

import httpx

from bot.actions.logs import short_id
from bot.actions.settings import get_settings
from contract.http import FLAGS_PATH, PLANS_PATH, REVIEW_CLAIM_PATH

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


class ClaimRefused(Enum):
    """Why a review code cannot start a review: each is told kindly, with what to do instead."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"
    # Too many codes that were not codes from this conversation: wait a while.
    TOO_MANY = "too_many"
    # The API is down or slow: try again in a few minutes.
    UNAVAILABLE = "unavailable"


async def claim_review(code: str, conversation_id: str) -> dict[str, Any] | ClaimRefused:
    """Claim a review code for this conversation: what the review quotes back (the API's claim
    response), or why not. The same conversation may claim its own code again."""
    settings = get_settings()
    try:
        async with httpx.AsyncClient(
            base_url=settings.api_url, timeout=settings.api_timeout_seconds
        ) as client:
            response = await client.post(
                REVIEW_CLAIM_PATH,
                json={"code": code, "conversation_id": conversation_id},
                headers={"Authorization": f"Bearer {settings.bot_service_token}"},
            )
    except httpx.HTTPError as error:
        logger.warning("Review code not checked: %s", type(error).__name__)
        return ClaimRefused.UNAVAILABLE
    if response.status_code == 200:
        body: dict[str, Any] = response.json()
        return body
    if response.status_code in (404, 409, 410, 429):
        return _refusal(response)
    logger.warning("Review code not checked: API answered %s", response.status_code)
    return ClaimRefused.UNAVAILABLE


def _refusal(response: httpx.Response) -> ClaimRefused:
    """The API's reason, or the likeliest one for its status code if the body has none."""
    try:
        body = response.json()
    except ValueError:
        body = None
    reason = body.get("reason") if isinstance(body, dict) else None
    if reason in {refusal.value for refusal in ClaimRefused}:
        return ClaimRefused(reason)
    by_status = {404: ClaimRefused.UNKNOWN, 429: ClaimRefused.TOO_MANY}
    return by_status.get(response.status_code, ClaimRefused.USED)
