"""Build rasa-sdk trackers and plan state for action tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

from bot.actions.quotes import Quote
from contract.plan import PERSON_SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def _domain() -> dict[str, Any]:
    """The domain's files merged as Rasa merges them: lists joined, mappings combined."""
    merged: dict[str, Any] = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


DOMAIN: dict[str, Any] = _domain()

SAID_AT = 1_795_000_000.0  # the timestamp factories give messages
SAID_AT_ISO = "2026-11-18T11:06:40+00:00"


def tracker(
    text: str = "my garden",
    *,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    message_id: str = "msg-1",
    sender_id: str = "conversation-1",
) -> Tracker:
    """A tracker whose latest event is the person's message `text`."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    events = [
        {"event": "action", "name": "action_listen"},
        {
            "event": "user",
            "text": text,
            "message_id": message_id,
            "timestamp": SAID_AT,
            "parse_data": latest,
        },
    ]
    return Tracker(sender_id, dict(slots or {}), latest, events, False, None, {}, "action_listen")


def quote(text: str, message_id: str = "msg-1") -> Quote:
    return {"text": text, "message_id": message_id, "said_at": SAID_AT_ISO}


def finished_slots(**overrides: Any) -> dict[str, Any]:
    """The slots of a conversation whose every question has been answered."""
    answers = {section: quote(f"{section} words", f"msg-{section}") for section in PERSON_SECTIONS}
    slots: dict[str, Any] = {
        "outcomes": [
            {
                "what": quote("my garden 0[", "msg-w"),
                "why": quote("it's me", "msg-y"),
                "help": quote("a lift to the allotment", "msg-h"),
                "who": quote("my son {Tam}", "msg-o"),
            }
        ],
        "answers": answers,
        "stage": "review",
        **{section: answers[section]["text"] for section in PERSON_SECTIONS},
    }
    slots.update(overrides)
    return slots


def texts(dispatcher: Any) -> list[str]:
    return [message.get("text") or message.get("response") for message in dispatcher.messages]


def answering(
    slot: str,
    text: str,
    *,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    message_id: str = "msg-1",
) -> Tracker:
    """A tracker in which the form just put the person's message `text` into `slot`."""
    all_slots = {**(slots or {}), "requested_slot": slot, slot: text}
    answer = tracker(text, intent=intent, entities=entities, slots=all_slots, message_id=message_id)
    answer.events.append({"event": "slot", "name": slot, "value": text})
    return answer


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}
