"""The person's own words: taken exactly from their message, with where they came from, and
read as an answer (or not) to the question they were asked.

A Quote is a plain dict so it can live in a Rasa slot:
{"text": the message text exactly as received, "message_id": Rasa's id of that message,
 "said_at": ISO 8601 time of the message in UTC}.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, TypedDict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


class Quote(TypedDict):
    text: str
    message_id: str | None
    said_at: str


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def latest_user_event(tracker: Tracker) -> dict[str, Any] | None:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return dict(event)
    return None


def quote_latest_message(tracker: Tracker) -> Quote | None:
    """The latest user message as a Quote, or None if there is none."""
    event = latest_user_event(tracker)
    if event is None:
        return None
    timestamp = event.get("timestamp")
    said_at = (
        datetime.fromtimestamp(float(timestamp), tz=timezone.utc)
        if timestamp is not None
        else datetime.now(tz=timezone.utc)
    )
    return {
        "text": event.get("text") or "",
        "message_id": event.get("message_id"),
        "said_at": said_at.isoformat(),
    }


def is_button_payload(tracker: Tracker) -> bool:
    """True when the latest message is a button's `/intent` payload rather than typed words."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return bool(intent) and text.startswith(f"/{intent}")


def intent_of(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def take_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> Quote | None:
    """The latest message as an answer in the person's words; None (saying why) if it is not one.

    Nothing is changed in the text: an answer is kept exactly as Rasa received it.
    """
    if is_button_payload(tracker):
        # A button from an earlier question was pressed: that is not an answer in their words.
        dispatcher.utter_message(response="utter_type_your_answer")
        return None
    quote = quote_latest_message(tracker)
    text = quote["text"] if quote else None
    if quote is None or not text or not text.strip():
        dispatcher.utter_message(response="utter_empty_answer")
        return None
    if "\x00" in text:
        # No database keeps a NUL character in text; ask again rather than alter their words.
        dispatcher.utter_message(response="utter_unreadable_answer")
        return None
    return quote


def _is_easy_read(variation: dict[str, Any]) -> bool:
    return any(
        c.get("name") == "easy_read" and c.get("value") is True
        for c in variation.get("condition") or []
    )


def response_text(domain: dict[str, Any], name: str, *, easy_read: bool = False) -> str:
    """A response's text in the domain (domain/): its Easy Read variation when the conversation
    is in Easy Read and it has one, else its first plain variation."""
    variations: list[dict[str, Any]] = domain["responses"][name]
    easy = [v for v in variations if _is_easy_read(v)]
    plain = [v for v in variations if not _is_easy_read(v)]
    return str(((easy if easy_read and easy else plain) or variations)[0]["text"])


def fill(template: str, **values: str) -> str:
    """Put values into {placeholders} in one pass.

    One pass matters: a person's words that contain "{why}" or "0[" must come out exactly as typed,
    never be filled in again or formatted (which is why Rasa's own templating is not used here).
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
