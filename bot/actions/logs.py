"""What the action server may write about a conversation in its logs."""

from __future__ import annotations

import hashlib
import logging


def short_id(value: object) -> str:
    """A short hash of an id, enough to follow one conversation through the logs without the id
    itself (a conversation id lets whoever holds it read the conversation through Rasa)."""
    return hashlib.sha256(str(value).encode()).hexdigest()[:10]


def quiet_loggers() -> None:
    # httpx logs every request's URL at INFO; reading a tracker from Rasa puts its token and the
    # conversation id in that URL (Rasa's HTTP API takes the token only as ?token=).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
