"""Stopping for now, and coming back: on the same device by saying hello, on another by code."""

from __future__ import annotations

import logging
import re
import secrets
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.quotes import fill, response_text
from bot.actions.reminder import remind
from bot.actions.settings import get_settings
from bot.actions.store import connect

logger = logging.getLogger(__name__)

# No 0/O or 1/I: people read codes aloud and copy them by hand.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE = re.compile(r"\b([A-HJ-NP-Z2-9]{4})-?([A-HJ-NP-Z2-9]{4})\b")
# Slots that belong to this moment of the conversation, not to the draft.
_NOT_CARRIED = {"requested_slot"}


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def code_in(text: str) -> str | None:
    match = _CODE.search(text.upper())
    return f"{match.group(1)}-{match.group(2)}" if match else None


class ResumeCodes:
    """Which conversation each resume code belongs to (SQLite, so codes outlive restarts)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS resume_codes ("
                " code TEXT PRIMARY KEY, sender_id TEXT NOT NULL, updated_at TEXT NOT NULL)"
            )

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def point(self, code: str, sender_id: str) -> None:
        """The code now belongs to `sender_id` (a new code, or a conversation that moved)."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO resume_codes (code, sender_id, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(code) DO UPDATE SET sender_id = excluded.sender_id,"
                " updated_at = excluded.updated_at",
                (code, sender_id, datetime.now(tz=timezone.utc).isoformat()),
            )

    def sender_for(self, code: str) -> str | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT sender_id FROM resume_codes WHERE code = ?", (code,)
            ).fetchone()
        return str(row[0]) if row else None


@lru_cache(maxsize=1)
def get_resume_codes() -> ResumeCodes:
    return ResumeCodes(get_settings().resume_codes_path)


def pause_conversation(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> dict[str, Any]:
    """Tell the person how to come back; returns the slots to set (their resume code)."""
    code = tracker.get_slot("resume_code") or new_code()
    get_resume_codes().point(code, tracker.sender_id)
    dispatcher.utter_message(text=fill(response_text(domain, "utter_paused"), code=code))
    return {"resume_code": code}


class ActionPause(Action):
    def name(self) -> str:
        return "action_pause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slots = pause_conversation(dispatcher, tracker, domain)
        return [SlotSet(name, value) for name, value in slots.items()]


async def fetch_tracker(sender_id: str) -> dict[str, Any] | None:
    settings = get_settings()
    if not settings.rasa_api_token:
        logger.error("RASA_API_TOKEN is not set: conversations cannot be resumed by code")
        return None
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(
                f"{settings.rasa_url}/conversations/{sender_id}/tracker",
                params={"token": settings.rasa_api_token},
            )
            response.raise_for_status()
    except httpx.HTTPError as error:
        logger.error("Could not read conversation %s to resume it: %s", sender_id, error)
        return None
    return dict(response.json())


class ActionResumeConversation(Action):
    """Carry on a paused conversation here, from its resume code."""

    def name(self) -> str:
        return "action_resume_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        code = code_in(tracker.latest_message.get("text") or "")
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "code":
                code = code_in(str(entity.get("value"))) or code
        codes = get_resume_codes()
        sender = codes.sender_for(code) if code else None
        old = await fetch_tracker(sender) if sender and sender != tracker.sender_id else None
        if sender == tracker.sender_id:
            return [FollowupAction("action_start_conversation")]
        if old is None or code is None:
            dispatcher.utter_message(response="utter_resume_not_found")
            return []

        codes.point(code, tracker.sender_id)
        dispatcher.utter_message(response="utter_resumed")
        old_slots = old.get("slots") or {}
        events: list[EventType] = [
            SlotSet(name, value)
            for name, value in old_slots.items()
            if name not in _NOT_CARRIED and name in domain.get("slots", {})
        ]
        loop = (old.get("active_loop") or {}).get("name")
        remind(
            dispatcher,
            domain,
            loop=loop,
            requested_slot=old_slots.get("requested_slot"),
            pending=old_slots.get("pending"),
        )
        if loop:
            # The form asks its next question without reading this message as an answer.
            return [
                *events,
                ActiveLoop(loop),
                SlotSet("requested_slot", None),
                FollowupAction(loop),
            ]
        return [*events, FollowupAction("action_start_conversation")]
