"""Stopping for now, and coming back: on the same device by saying hello, on another by code."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from contextlib import AbstractContextManager
from datetime import datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.logs import short_id
from bot.actions.quotes import fill, response_text
from bot.actions.reminder import remind
from bot.actions.settings import get_settings
from bot.actions.state import REQUESTED_SLOT, RESUME_CODE
from bot.actions.store import connect
from contract.formats import code_in, new_code

logger = logging.getLogger(__name__)

CODE_DAYS = 30
# Slots that belong to this moment of the conversation, not to the draft; resume_code is
# spent once used, and a new one is given when they stop again.
_NOT_CARRIED = {REQUESTED_SLOT, RESUME_CODE}


def _digest(code: str) -> str:
    # Codes are kept hashed, like passwords: the file alone does not let anyone resume. 80
    # random bits need no slow hash.
    return hashlib.sha256(code.encode()).hexdigest()


class CodeState(Enum):
    FOUND = "found"
    UNKNOWN = "unknown"
    # Used already, or older than CODE_DAYS: said kindly, with what to do instead.
    SPENT = "spent"


class ResumeCodes:
    """Which conversation each resume code belongs to (SQLite, so codes outlive restarts).

    A code works once, for CODE_DAYS days; stopping again gives a new one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS codes ("
                " digest TEXT PRIMARY KEY, sender_id TEXT NOT NULL, issued_at TEXT NOT NULL,"
                " used_at TEXT)"
            )
            # Codes from before they were hashed and single-use: carried over, hashed, with
            # the time they were given, so they still work until they expire.
            old = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'resume_codes'"
            ).fetchone()
            if old:
                rows = db.execute("SELECT code, sender_id, updated_at FROM resume_codes").fetchall()
                db.executemany(
                    "INSERT OR IGNORE INTO codes (digest, sender_id, issued_at) VALUES (?, ?, ?)",
                    [(_digest(code), sender, issued) for code, sender, issued in rows],
                )
                db.execute("DROP TABLE resume_codes")

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    def issue(self, code: str, sender_id: str, *, now: datetime | None = None) -> None:
        """`code` now resumes `sender_id`; any earlier code of that conversation stops working."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            db.execute("DELETE FROM codes WHERE sender_id = ? AND used_at IS NULL", (sender_id,))
            # Spent codes are kept only as long as they could have been used, to say so kindly.
            db.execute(
                "DELETE FROM codes WHERE issued_at < ?",
                ((now - timedelta(days=CODE_DAYS * 2)).isoformat(),),
            )
            db.execute(
                "INSERT OR REPLACE INTO codes (digest, sender_id, issued_at) VALUES (?, ?, ?)",
                (_digest(code), sender_id, now.isoformat()),
            )

    def state(self, code: str, *, now: datetime | None = None) -> tuple[CodeState, str | None]:
        """Whether the code can be used, and the conversation it belongs to."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            row = db.execute(
                "SELECT sender_id, issued_at, used_at FROM codes WHERE digest = ?",
                (_digest(code),),
            ).fetchone()
        if row is None:
            return CodeState.UNKNOWN, None
        sender, issued_at, used_at = row
        if used_at or datetime.fromisoformat(issued_at) < now - timedelta(days=CODE_DAYS):
            return CodeState.SPENT, str(sender)
        return CodeState.FOUND, str(sender)

    def use(self, code: str, *, now: datetime | None = None) -> bool:
        """Spend the code; False if it was spent already (two devices at once: one wins)."""
        now = now or datetime.now(tz=timezone.utc)
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE codes SET used_at = ? WHERE digest = ? AND used_at IS NULL",
                (now.isoformat(), _digest(code)),
            )
        return cursor.rowcount == 1


@lru_cache(maxsize=1)
def get_resume_codes() -> ResumeCodes:
    return ResumeCodes(get_settings().resume_codes_path)


def pause_conversation(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> dict[str, Any]:
    """Tell the person how to come back; returns the slots to set (their resume code).

    Every pause gives a new code: codes work once, and the one given before stops working."""
    code = new_code()
    get_resume_codes().issue(code, tracker.sender_id)
    dispatcher.utter_message(text=fill(response_text(domain, "utter_paused"), code=code))
    return {RESUME_CODE: code}


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
        state, sender = codes.state(code) if code else (CodeState.UNKNOWN, None)
        if sender == tracker.sender_id:
            # Their own code, in the same conversation: nothing to fetch, nothing spent.
            return [FollowupAction("action_start_conversation")]
        if state is CodeState.SPENT:
            dispatcher.utter_message(response="utter_resume_code_spent")
            return []
        old = await fetch_tracker(sender) if state is CodeState.FOUND and sender else None
        if old is None or code is None or not codes.use(code):
            dispatcher.utter_message(response="utter_resume_not_found")
            return []

        dispatcher.utter_message(response="utter_resumed")
        old_slots = old.get("slots") or {}
        events: list[EventType] = [
            SlotSet(name, value)
            for name, value in old_slots.items()
            if name not in _NOT_CARRIED and name in domain.get("slots", {})
        ]
        events.append(SlotSet(RESUME_CODE, None))
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
